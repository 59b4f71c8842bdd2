# textwrap for MicroPython.Sandbox.


def _words(text):
    return text.split()


class TextWrapper:
    def __init__(self, width=70, initial_indent='', subsequent_indent='', expand_tabs=True,
                 replace_whitespace=True, fix_sentence_endings=False, break_long_words=True,
                 drop_whitespace=True, break_on_hyphens=True, tabsize=8, *, max_lines=None, placeholder=' [...]'):
        self.width = width
        self.initial_indent = initial_indent
        self.subsequent_indent = subsequent_indent
        self.break_long_words = break_long_words
        self.max_lines = max_lines
        self.placeholder = placeholder

    def wrap(self, text):
        words = _words(text)
        lines = []
        current = []
        length = 0
        indent = self.initial_indent
        width = self.width
        if width <= 0:
            raise ValueError('invalid width %r (must be > 0)' % width)
        i = 0
        while i < len(words):
            w = words[i]
            room = width - len(indent)
            add = len(w) + (1 if current else 0)
            if length + add <= room:
                current.append(w)
                length += add
                i += 1
                continue
            if not current:
                if self.break_long_words and room > 0:
                    current.append(w[:room])
                    words[i] = w[room:]
                    length = room
                else:
                    current.append(w)
                    i += 1
            lines.append(indent + ' '.join(current))
            current = []
            length = 0
            indent = self.subsequent_indent
        if current:
            lines.append(indent + ' '.join(current))
        if self.max_lines is not None and len(lines) > self.max_lines:
            kept = lines[:self.max_lines]
            last = kept[-1]
            while last and len(last) + len(self.placeholder) > width:
                cut = last.rfind(' ')
                last = last[:cut] if cut > 0 else ''
            kept[-1] = last + self.placeholder
            lines = kept
        return lines

    def fill(self, text):
        return '\n'.join(self.wrap(text))


def wrap(text, width=70, **kwargs):
    return TextWrapper(width=width, **kwargs).wrap(text)


def fill(text, width=70, **kwargs):
    return TextWrapper(width=width, **kwargs).fill(text)


def shorten(text, width, **kwargs):
    kwargs.setdefault('placeholder', ' [...]')
    w = TextWrapper(width=width, max_lines=1, **kwargs)
    return w.fill(' '.join(text.strip().split()))


def dedent(text):
    lines = text.split('\n')
    margin = None
    for line in lines:
        stripped = line.lstrip(' \t')
        if not stripped:
            continue
        indent = line[:len(line) - len(stripped)]
        if margin is None:
            margin = indent
        else:
            i = 0
            while i < len(margin) and i < len(indent) and margin[i] == indent[i]:
                i += 1
            margin = margin[:i]
    out = []
    for line in lines:
        if not line.strip(' \t'):
            out.append(line.lstrip(' \t') if line.strip() == '' else line)
        elif margin:
            out.append(line[len(margin):])
        else:
            out.append(line)
    return '\n'.join(out)


def indent(text, prefix, predicate=None):
    if predicate is None:
        predicate = lambda line: line.strip()
    out = []
    for line in text.split('\n'):
        out.append(prefix + line if predicate(line) else line)
    return '\n'.join(out)

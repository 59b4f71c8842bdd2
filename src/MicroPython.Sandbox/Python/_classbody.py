# Reads a class's annotated names from its source. MicroPython compiles `x: int` in a class body to
# nothing and keeps no __annotations__, so dataclasses, NamedTuple and TypedDict classes find their
# fields here: in the module's file, or for the program itself in the source the sandbox serves.
import sys

MAIN_SOURCE = '/usr/lib/python/__main__.py'
_cache = {}


def _source(module):
    path = None
    m = sys.modules.get(module)
    if m is not None:
        path = getattr(m, '__file__', None)
    if not path or path.startswith('<'):
        path = MAIN_SOURCE
    # The program's source can change between runs of a session: only module files are cached.
    if path != MAIN_SOURCE and path in _cache:
        return _cache[path]
    try:
        with open(path) as f:
            text = f.read()
    except OSError:
        text = None
    if path != MAIN_SOURCE:
        _cache[path] = text
    return text


def _indent(line):
    return len(line) - len(line.lstrip(' \t'))


def _logical_lines(lines, start):
    # Yields (indent, text) of logical lines from index start, joining bracketed continuations and
    # skipping the insides of triple-quoted strings.
    i = start
    n = len(lines)
    while i < n:
        raw = lines[i]
        i += 1
        stripped = raw.strip()
        if not stripped or stripped.startswith('#'):
            continue
        text = raw
        depth = 0
        quote = None
        while True:
            j = 0
            while j < len(text):
                c = text[j]
                if quote:
                    if text.startswith(quote, j):
                        j += len(quote)
                        quote = None
                        continue
                    if c == '\\':
                        j += 2
                        continue
                elif c == '#':
                    text = text[:j]
                    break
                elif text.startswith('"""', j) or text.startswith("'''", j):
                    quote = text[j:j + 3]
                    j += 3
                    continue
                elif c in '"\'':
                    k = j + 1
                    while k < len(text) and text[k] != c:
                        k += 2 if text[k] == '\\' else 1
                    j = k + 1
                    continue
                elif c in '([{':
                    depth += 1
                elif c in ')]}':
                    depth -= 1
                j += 1
            if (depth > 0 or quote or text.rstrip().endswith('\\')) and i < n:
                text = text + '\n' + lines[i]
                i += 1
                # Rescan the joined text from the start: simple and the lines are short.
                depth = 0
                quote = None
                continue
            break
        yield _indent(raw), text.strip(), i


def _is_name(s):
    if not s or not (s[0].isalpha() or s[0] == '_'):
        return False
    for c in s:
        if not (c.isalpha() or c.isdigit() or c == '_'):
            return False
    return True


def annotations(cls):
    """The class body's annotated names in order, as a list of (name, annotation text, has value)."""
    cached = cls.__dict__.get('__mpsandbox_fields__')
    if cached is not None:
        return cached
    return annotations_of(cls.__name__, getattr(cls, '__module__', '__main__'), cls.__dict__)


def class_statements(lines, name):
    """The indices of the lines that start a `class name` statement."""
    for idx, line in enumerate(lines):
        s = line.lstrip()
        if s.startswith('class ') and s[6:].lstrip().startswith(name):
            rest = s[6:].lstrip()[len(name):].lstrip()
            if rest[:1] in ('(', ':'):
                yield idx


def body_statements(lines, idx):
    """The logical lines at the top level of the body of the class statement on line idx."""
    body = None
    for indent, logical, _ in _logical_lines(lines, idx + 1):
        if body is None:
            if indent <= _indent(lines[idx]):
                return
            body = indent
        if indent < body:
            return
        if indent == body:
            yield logical


def annotations_of(name, module, namespace):
    """Like annotations() for a class not made yet: its name, module name and namespace."""
    text = _source(module)
    if text is None:
        return None
    lines = text.split('\n')
    found = []
    for idx in class_statements(lines, name):
        fields = []
        for logical in body_statements(lines, idx):
            colon = logical.find(':')
            if colon <= 0:
                continue
            target = logical[:colon].strip()
            if not _is_name(target) or target in ('else', 'try', 'finally', 'lambda'):
                continue
            rest = logical[colon + 1:]
            eq = _top_level_equals(rest)
            if eq < 0:
                annotation, has_value = rest.strip(), False
            else:
                annotation, has_value = rest[:eq].strip(), True
            if annotation:
                fields.append((target, annotation, has_value))
        found.append(fields)
    if not found:
        return None
    # Two classes of one name in a file: take the one whose valued fields the class has.
    best = found[-1]
    for fields in found:
        if all(n in namespace for n, _, v in fields if v):
            best = fields
            break
    return best


def _top_level_equals(s):
    depth = 0
    quote = None
    for i, c in enumerate(s):
        if quote:
            if c == quote:
                quote = None
        elif c in '"\'':
            quote = c
        elif c in '([{':
            depth += 1
        elif c in ')]}':
            depth -= 1
        elif c == '=' and depth == 0 and s[i + 1:i + 2] != '=' and (i == 0 or s[i - 1] not in '<>!='):
            return i
    return -1

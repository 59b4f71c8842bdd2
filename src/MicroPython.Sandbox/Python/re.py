# re for MicroPython.Sandbox: CPython's regular expressions in Python. MicroPython's built-in re has no
# counted repetition, named groups, lookaround, back references, flags, findall or groups(); this module
# compiles a pattern to a small program run by a backtracking machine with an explicit stack (no recursion
# per character, which this interpreter's small Python stack would not allow) and memoized failures, so a
# match costs at most (program size x text length) steps unless the pattern has back references.

__all__ = ['compile', 'search', 'match', 'fullmatch', 'split', 'findall', 'finditer', 'sub', 'subn', 'escape',
           'purge', 'error', 'Pattern', 'Match', 'A', 'I', 'L', 'M', 'S', 'U', 'X', 'ASCII', 'IGNORECASE',
           'LOCALE', 'MULTILINE', 'DOTALL', 'UNICODE', 'VERBOSE', 'NOFLAG']

NOFLAG = 0
TEMPLATE = T = 1
IGNORECASE = I = 2
LOCALE = L = 4
MULTILINE = M = 8
DOTALL = S = 16
UNICODE = U = 32
VERBOSE = X = 64
ASCII = A = 256
DEBUG = 128


class error(Exception):
    def __init__(self, msg, pattern=None, pos=None):
        self.msg = msg
        self.pattern = pattern
        self.pos = pos
        if pos is not None:
            msg = '%s at position %d' % (msg, pos)
        super().__init__(msg)


PatternError = error

# Instructions (tuples, first item the operation).
_CHAR, _ANY, _ANYNL, _CLASS, _SPLIT, _JMP, _SAVE, _MATCH, _ASSERT, _LOOK, _BACKREF, _STR = range(12)

_DIGITS = '0123456789'


# MicroPython's str.isalpha() knows ASCII only: other characters count as letters (as CPython's \w has
# them) unless they are common punctuation, symbols or spaces.
_NON_WORD = frozenset('\xa0\xa1\xa2\xa3\xa4\xa5\xa6\xa7\xa8\xa9\xab\xac\xad\xae\xaf\xb0\xb1\xb4\xb6\xb7\xb8\xbb'
                      '\xbf\xd7\xf7\u2010\u2011\u2012\u2013\u2014\u2015\u2018\u2019\u201a\u201c\u201d\u201e'
                      '\u2020\u2021\u2022\u2026\u2030\u2039\u203a\u20ac\u2122\u2190\u2192\u2212\u3000\u3001\u3002'
                      '\ufeff\u200b\u2028\u2029')


def _is_word(c):
    return c.isalpha() or c.isdigit() or c == '_' or (c > '\x7f' and c not in _NON_WORD)


def _is_space(c):
    return c in ' \t\n\r\f\v\x1c\x1d\x1e\x1f\x85\xa0\u2028\u2029\u3000'


def _in_category(cat, c):
    if cat == 'd':
        return c.isdigit()
    if cat == 'D':
        return not c.isdigit()
    if cat == 'w':
        return _is_word(c)
    if cat == 'W':
        return not _is_word(c)
    if cat == 's':
        return _is_space(c)
    return not _is_space(c)


class _Parser:
    def __init__(self, pattern, flags):
        self.p = pattern
        self.i = 0
        self.flags = flags
        self.ngroups = 0
        self.names = {}
        self.has_backref = False

    def error(self, msg, pos=None):
        raise error(msg, self.p, self.i if pos is None else pos)

    def peek(self):
        return self.p[self.i] if self.i < len(self.p) else None

    def next(self):
        c = self.p[self.i]
        self.i += 1
        return c

    def parse(self):
        node = self.alternation()
        if self.i < len(self.p):
            if self.p[self.i] == ')':
                self.error('unbalanced parenthesis')
            self.error('unexpected character')
        return node

    def alternation(self):
        branches = [self.sequence()]
        while self.peek() == '|':
            self.i += 1
            branches.append(self.sequence())
        return branches[0] if len(branches) == 1 else ('alt', branches)

    def skip_verbose(self):
        if not self.flags & VERBOSE:
            return
        p = self.p
        while self.i < len(p):
            c = p[self.i]
            if c in ' \t\n\r\f\v':
                self.i += 1
            elif c == '#':
                while self.i < len(p) and p[self.i] != '\n':
                    self.i += 1
            else:
                break

    def sequence(self):
        items = []
        while True:
            self.skip_verbose()
            c = self.peek()
            if c is None or c in '|)':
                break
            atom = self.atom()
            if atom is None:
                continue
            self.skip_verbose()
            atom = self.quantifier(atom)
            items.append(atom)
        if len(items) == 1:
            return items[0]
        return ('cat', items)

    def quantifier(self, atom):
        while True:
            c = self.peek()
            start = self.i
            if c == '*':
                lo, hi = 0, None
                self.i += 1
            elif c == '+':
                lo, hi = 1, None
                self.i += 1
            elif c == '?':
                lo, hi = 0, 1
                self.i += 1
            elif c == '{':
                r = self.counted()
                if r is None:
                    return atom
                lo, hi = r
            else:
                return atom
            if atom[0] in ('assert',) or atom[0] == 'rep' and self.p[start - 1:start] in ('*', '+', '?', '}'):
                if atom[0] == 'rep':
                    self.error('multiple repeat', start)
                self.error('nothing to repeat', start)
            greedy = True
            if self.peek() == '?':
                self.i += 1
                greedy = False
            elif self.peek() == '+':
                self.i += 1
            atom = ('rep', atom, lo, hi, greedy)

    def counted(self):
        p = self.p
        j = self.i + 1
        k = p.find('}', j)
        if k < 0:
            return None
        body = p[j:k]
        if ',' in body:
            a, b = body.split(',', 1)
            a = a.strip()
            b = b.strip()
            if (a and not a.isdigit()) or (b and not b.isdigit()):
                return None
            lo = int(a) if a else 0
            hi = int(b) if b else None
        else:
            if not body.isdigit():
                return None
            lo = hi = int(body)
        if hi is not None and hi < lo:
            self.error('min repeat greater than max repeat', j)
        self.i = k + 1
        return lo, hi

    def atom(self):
        c = self.next()
        if c == '.':
            return ('any',)
        if c == '^':
            return ('assert', 'bol')
        if c == '$':
            return ('assert', 'eol')
        if c == '(':
            return self.group()
        if c == '[':
            return self.klass()
        if c == '\\':
            return self.escape(False)
        if c in '*+?':
            self.error('nothing to repeat', self.i - 1)
        if c == '{' and self.counted_at(self.i - 1):
            self.error('nothing to repeat', self.i - 1)
        return ('lit', c)

    def counted_at(self, pos):
        save = self.i
        self.i = pos
        r = self.counted()
        self.i = save
        return r is not None

    def group(self):
        p = self.p
        self.open_at = self.i - 1
        if self.peek() == '?':
            self.i += 1
            c = self.next()
            if c == ':':
                node = self.alternation()
                self.close()
                return ('group', None, node)
            if c == 'P':
                c2 = self.next()
                if c2 == '<':
                    k = p.find('>', self.i)
                    name = p[self.i:k]
                    if k < 0 or not name:
                        self.error('missing group name')
                    self.i = k + 1
                    return self.capture(name)
                if c2 == '=':
                    k = p.find(')', self.i)
                    name = p[self.i:k]
                    self.i = k + 1
                    if name not in self.names:
                        self.error("unknown group name '%s'" % name)
                    self.has_backref = True
                    return ('backref', self.names[name])
                self.error('unknown extension ?P' + c2)
            if c == '<' and self.peek() not in ('=', '!'):
                k = p.find('>', self.i)
                name = p[self.i:k]
                self.i = k + 1
                return self.capture(name)
            if c == '=' or c == '!':
                node = self.alternation()
                self.close()
                return ('look', True, c == '!', node)
            if c == '<':
                c2 = self.next()
                node = self.alternation()
                self.close()
                return ('look', False, c2 == '!', node)
            if c == '#':
                k = p.find(')', self.i)
                self.i = k + 1
                return None
            if c in 'aiLmsux-':
                self.i -= 1
                on = 0
                off = 0
                neg = False
                while self.peek() is not None and self.peek() in 'aiLmsux-':
                    f = self.next()
                    if f == '-':
                        neg = True
                        continue
                    bit = {'a': ASCII, 'i': IGNORECASE, 'L': LOCALE, 'm': MULTILINE, 's': DOTALL, 'u': UNICODE, 'x': VERBOSE}[f]
                    if neg:
                        off |= bit
                    else:
                        on |= bit
                c = self.next()
                if c == ')':
                    self.flags = (self.flags | on) & ~off
                    return None
                if c == ':':
                    saved = self.flags
                    self.flags = (self.flags | on) & ~off
                    node = self.alternation()
                    self.close()
                    flags = self.flags
                    self.flags = saved
                    return ('flags', flags, node)
                self.error('unknown flag')
            self.error('unknown extension ?' + c)
        return self.capture(None)

    def capture(self, name):
        open_at = self.open_at
        self.ngroups += 1
        index = self.ngroups
        if name is not None:
            if name in self.names:
                self.error("redefinition of group name '%s'" % name)
            self.names[name] = index
        node = self.alternation()
        self.open_at = open_at
        self.close()
        return ('group', index, node)

    def close(self):
        if self.peek() != ')':
            self.error('missing ), unterminated subpattern', self.open_at)
        self.i += 1

    def escape(self, in_class):
        if self.i >= len(self.p):
            self.error('bad escape (end of pattern)')
        c = self.next()
        if c in 'dDwWsS':
            return ('class', [], [c], False)
        if not in_class:
            if c == 'b':
                return ('assert', 'word')
            if c == 'B':
                return ('assert', 'nonword')
            if c == 'A':
                return ('assert', 'start')
            if c == 'Z':
                return ('assert', 'end')
            if c in '123456789':
                j = self.i
                while j < len(self.p) and self.p[j].isdigit() and j - self.i < 1:
                    j += 1
                n = int(self.p[self.i - 1:j])
                self.i = j
                if n > self.ngroups:
                    self.error('invalid group reference %d' % n, self.i - 1)
                self.has_backref = True
                return ('backref', n)
        simple = {'n': '\n', 't': '\t', 'r': '\r', 'f': '\f', 'v': '\v', 'a': '\a', '0': '\0'}
        if c in simple:
            return ('lit', simple[c])
        if in_class and c == 'b':
            return ('lit', '\b')
        if c == 'x':
            h = self.p[self.i:self.i + 2]
            self.i += 2
            return ('lit', chr(int(h, 16)))
        if c == 'u':
            h = self.p[self.i:self.i + 4]
            self.i += 4
            return ('lit', chr(int(h, 16)))
        if c.isalpha() and ord(c) < 128:
            self.error('bad escape \\' + c, self.i - 2)
        return ('lit', c)

    def klass(self):
        negated = False
        if self.peek() == '^':
            negated = True
            self.i += 1
        ranges = []
        cats = []
        first = True
        while True:
            if self.i >= len(self.p):
                self.error('unterminated character set')
            c = self.next()
            if c == ']' and not first:
                break
            first = False
            if c == '\\':
                node = self.escape(True)
                if node[0] == 'class':
                    cats.extend(node[2])
                    continue
                lo = node[1]
            else:
                lo = c
            if self.peek() == '-' and self.i + 1 < len(self.p) and self.p[self.i + 1] != ']':
                self.i += 1
                hc = self.next()
                if hc == '\\':
                    node = self.escape(True)
                    if node[0] == 'class':
                        self.error('bad character range')
                    hc = node[1]
                if ord(hc) < ord(lo):
                    self.error('bad character range %s-%s' % (lo, hc))
                ranges.append((lo, hc))
            else:
                ranges.append((lo, lo))
        return ('class', ranges, cats, negated)


def _class_matcher(ranges, cats, negated, icase):
    singles = set()
    spans = []
    for lo, hi in ranges:
        if lo == hi:
            singles.add(lo)
            if icase:
                singles.add(lo.lower())
                singles.add(lo.upper())
        else:
            spans.append((lo, hi))
    if icase:
        extra = []
        for lo, hi in spans:
            extra.append((lo.lower(), hi.lower()))
            extra.append((lo.upper(), hi.upper()))
        spans.extend(extra)
    singles = frozenset(singles)
    spans = tuple(spans)
    cats = tuple(cats)

    def test(c):
        hit = c in singles
        if not hit:
            for lo, hi in spans:
                if lo <= c <= hi:
                    hit = True
                    break
            else:
                for cat in cats:
                    if _in_category(cat, c):
                        hit = True
                        break
        return hit != negated
    return test


class _Compiler:
    def __init__(self, flags):
        self.prog = []
        self.flags = flags

    def emit(self, *ins):
        self.prog.append(list(ins))
        return len(self.prog) - 1

    def compile(self, node, flags):
        kind = node[0]
        prog = self.prog
        if kind == 'lit':
            c = node[1]
            if flags & IGNORECASE and c.lower() != c.upper():
                self.emit(_CLASS, _class_matcher([(c, c)], [], False, True))
            else:
                self.emit(_CHAR, c)
        elif kind == 'any':
            self.emit(_ANYNL if flags & DOTALL else _ANY)
        elif kind == 'class':
            self.emit(_CLASS, _class_matcher(node[1], node[2], node[3], flags & IGNORECASE))
        elif kind == 'cat':
            for n in node[1]:
                self.compile(n, flags)
        elif kind == 'alt':
            jumps = []
            branches = node[1]
            for i, b in enumerate(branches):
                if i < len(branches) - 1:
                    split = self.emit(_SPLIT, 0, 0)
                    prog[split][1] = len(prog)
                    self.compile(b, flags)
                    jumps.append(self.emit(_JMP, 0))
                    prog[split][2] = len(prog)
                else:
                    self.compile(b, flags)
            for j in jumps:
                prog[j][1] = len(prog)
        elif kind == 'group':
            index = node[1]
            if index is not None:
                self.emit(_SAVE, 2 * index)
            self.compile(node[2], flags)
            if index is not None:
                self.emit(_SAVE, 2 * index + 1)
        elif kind == 'flags':
            self.compile(node[2], node[1])
        elif kind == 'rep':
            _, body, lo, hi, greedy = node
            if lo > 1000 or (hi is not None and hi > 1000):
                raise error('repetition count too large for this implementation (at most 1000)')
            for _ in range(lo):
                self.compile(body, flags)
            if hi is None:
                loop = self.emit(_SPLIT, 0, 0)
                prog[loop][1 if greedy else 2] = len(prog)
                self.compile(body, flags)
                self.emit(_JMP, loop)
                prog[loop][2 if greedy else 1] = len(prog)
            else:
                splits = []
                for _ in range(hi - lo):
                    s = self.emit(_SPLIT, 0, 0)
                    prog[s][1 if greedy else 2] = len(prog)
                    splits.append(s)
                    self.compile(body, flags)
                for s in splits:
                    prog[s][2 if greedy else 1] = len(prog)
        elif kind == 'assert':
            what = node[1]
            if what == 'bol' and flags & MULTILINE:
                what = 'mbol'
            elif what == 'eol' and flags & MULTILINE:
                what = 'meol'
            self.emit(_ASSERT, what)
        elif kind == 'look':
            sub = _Compiler(flags)
            sub.compile(node[3], flags)
            sub.emit(_MATCH)
            self.emit(_LOOK, [tuple(i) for i in sub.prog], node[1], node[2])
        elif kind == 'backref':
            self.emit(_BACKREF, node[1], bool(flags & IGNORECASE))
        else:
            raise error('internal error: ' + kind)


def _assert(what, s, sp, n):
    if what == 'bol' or what == 'start':
        return sp == 0
    if what == 'mbol':
        return sp == 0 or s[sp - 1] == '\n'
    if what == 'eol':
        return sp == n or (sp == n - 1 and s[sp] == '\n')
    if what == 'meol':
        return sp == n or s[sp] == '\n'
    if what == 'end':
        return sp == n
    before = sp > 0 and _is_word(s[sp - 1])
    after = sp < n and _is_word(s[sp])
    if what == 'word':
        return before != after
    return before == after


def _run(prog, s, start, end, ncaps, visited, full):
    # Returns the capture tuple of the first match starting at start, or None.
    # visited holds (pc * (end + 1) + sp) for split states already explored (they failed).
    stride = end + 1
    stack = [(0, start, (None,) * ncaps)]
    pop = stack.pop
    push = stack.append
    while stack:
        pc, sp, caps = pop()
        while True:
            ins = prog[pc]
            op = ins[0]
            if op == _CHAR:
                if sp < end and s[sp] == ins[1]:
                    pc += 1
                    sp += 1
                    continue
                break
            if op == _CLASS:
                if sp < end and ins[1](s[sp]):
                    pc += 1
                    sp += 1
                    continue
                break
            if op == _SPLIT:
                if visited is not None:
                    key = pc * stride + sp
                    if key in visited:
                        break
                    visited.add(key)
                push((ins[2], sp, caps))
                pc = ins[1]
                continue
            if op == _JMP:
                pc = ins[1]
                continue
            if op == _ANY:
                if sp < end and s[sp] != '\n':
                    pc += 1
                    sp += 1
                    continue
                break
            if op == _ANYNL:
                if sp < end:
                    pc += 1
                    sp += 1
                    continue
                break
            if op == _SAVE:
                i = ins[1]
                caps = caps[:i] + (sp,) + caps[i + 1:]
                pc += 1
                continue
            if op == _MATCH:
                if full and sp != end:
                    break
                return caps[:1] + (sp,) + caps[2:] if ncaps else (start, sp)
            if op == _ASSERT:
                if _assert(ins[1], s, sp, end):
                    pc += 1
                    continue
                break
            if op == _BACKREF:
                i = ins[1]
                a = caps[2 * i]
                b = caps[2 * i + 1]
                if a is None or b is None:
                    break
                ref = s[a:b]
                got = s[sp:sp + len(ref)]
                if got == ref or ins[2] and got.lower() == ref.lower():
                    sp += len(ref)
                    pc += 1
                    continue
                break
            if op == _LOOK:
                sub, ahead, negate = ins[1], ins[2], ins[3]
                if ahead:
                    found = _run(sub, s, sp, end, ncaps, set(), False)
                else:
                    found = None
                    for k in range(sp, -1, -1):
                        r = _run(sub, s, k, sp, ncaps, set(), True)
                        if r is not None:
                            found = r
                            break
                if (found is None) != negate:
                    break
                if found is not None and not negate:
                    merged = list(caps)
                    for i in range(2, ncaps):
                        if found[i] is not None:
                            merged[i] = found[i]
                    caps = tuple(merged)
                pc += 1
                continue
            raise error('internal error: bad instruction')
    return None


class Pattern:
    def __init__(self, pattern, flags):
        if isinstance(pattern, bytes):
            raise TypeError('bytes patterns are not supported here')
        self.pattern = pattern
        parser = _Parser(pattern, flags)
        tree = parser.parse()
        self.flags = parser.flags | UNICODE
        self.groups = parser.ngroups
        self.groupindex = parser.names
        c = _Compiler(parser.flags)
        c.emit(_SAVE, 0)
        c.compile(tree, parser.flags)
        c.emit(_SAVE, 1)
        c.emit(_MATCH)
        self._prog = [tuple(i) for i in c.prog]
        self._memo = not parser.has_backref
        self._ncaps = 2 * (self.groups + 1)
        self._prefix = self._literal_prefix(tree, parser.flags)

    def _literal_prefix(self, tree, flags):
        if flags & IGNORECASE:
            return ''
        items = tree[1] if tree[0] == 'cat' else [tree]
        out = []
        for node in items:
            if node[0] == 'lit':
                out.append(node[1])
            else:
                break
        return ''.join(out)

    def _match_at(self, s, pos, endpos, full, visited):
        caps = _run(self._prog, s, pos, endpos, self._ncaps, visited, full)
        if caps is None:
            return None
        return Match(self, s, caps, pos, endpos)

    def _bounds(self, string, pos, endpos):
        n = len(string)
        if endpos is None or endpos > n:
            endpos = n
        if pos < 0:
            pos = 0
        return pos, max(endpos, pos)

    def match(self, string, pos=0, endpos=None):
        pos, endpos = self._bounds(string, pos, endpos)
        return self._match_at(string, pos, endpos, False, set() if self._memo else None)

    def fullmatch(self, string, pos=0, endpos=None):
        pos, endpos = self._bounds(string, pos, endpos)
        return self._match_at(string, pos, endpos, True, set() if self._memo else None)

    def search(self, string, pos=0, endpos=None):
        pos, endpos = self._bounds(string, pos, endpos)
        return self._search(string, pos, endpos, set() if self._memo else None)

    def _search(self, s, pos, endpos, visited):
        prefix = self._prefix
        while pos <= endpos:
            if prefix:
                k = s.find(prefix, pos, endpos)
                if k < 0:
                    return None
                pos = k
            m = self._match_at(s, pos, endpos, False, visited)
            if m is not None:
                return m
            pos += 1
        return None

    def finditer(self, string, pos=0, endpos=None):
        pos, endpos = self._bounds(string, pos, endpos)
        # Failed states stay failed for the whole scan; states on a successful path do not, so the memo
        # starts again after each match.
        memo = self._memo
        while pos <= endpos:
            m = self._search(string, pos, endpos, set() if memo else None)
            if m is None:
                return
            yield m
            start, end = m.span()
            if end > start:
                pos = end
                continue
            # After an empty match, a non-empty one may start at the same place; an empty one may not.
            m = self._match_at(string, end, endpos, False, set() if memo else None)
            if m is not None and m.end() > end:
                yield m
                pos = m.end()
            else:
                pos = end + 1

    def findall(self, string, pos=0, endpos=None):
        out = []
        for m in self.finditer(string, pos, endpos):
            if self.groups == 0:
                out.append(m.group(0))
            elif self.groups == 1:
                g = m.group(1)
                out.append('' if g is None else g)
            else:
                out.append(tuple('' if g is None else g for g in m.groups()))
        return out

    def split(self, string, maxsplit=0):
        out = []
        last = 0
        count = 0
        for m in self.finditer(string):
            if maxsplit and count >= maxsplit:
                break
            start, end = m.span()
            out.append(string[last:start])
            out.extend(m.groups())
            last = end
            count += 1
        out.append(string[last:])
        return out

    def subn(self, repl, string, count=0):
        if callable(repl):
            expand = repl
        else:
            template = _parse_template(repl, self)
            if len(template) == 1 and isinstance(template[0], str):
                literal = template[0]
                expand = lambda m: literal
            else:
                expand = lambda m: _expand(template, m)
        out = []
        last = 0
        n = 0
        for m in self.finditer(string):
            if count and n >= count:
                break
            start, end = m.span()
            out.append(string[last:start])
            out.append(expand(m))
            last = end
            n += 1
        out.append(string[last:])
        return ''.join(out), n

    def sub(self, repl, string, count=0):
        return self.subn(repl, string, count)[0]

    def __repr__(self):
        flags = self.flags & ~UNICODE
        if flags:
            names = []
            for name, bit in (('IGNORECASE', I), ('MULTILINE', M), ('DOTALL', S), ('VERBOSE', X), ('ASCII', A)):
                if flags & bit:
                    names.append('re.' + name)
            return 're.compile(%r, %s)' % (self.pattern, '|'.join(names))
        return 're.compile(%r)' % self.pattern

    def __eq__(self, other):
        return isinstance(other, Pattern) and self.pattern == other.pattern and self.flags == other.flags

    def __hash__(self):
        return hash(self.pattern)


def _parse_template(repl, pattern):
    parts = []
    lit = []
    i = 0
    n = len(repl)
    while i < n:
        c = repl[i]
        if c != '\\':
            lit.append(c)
            i += 1
            continue
        i += 1
        if i >= n:
            raise error('bad escape (end of pattern)', repl, i - 1)
        c = repl[i]
        if c == 'g':
            k = repl.find('>', i)
            if repl[i + 1:i + 2] != '<' or k < 0:
                raise error('missing <', repl, i)
            name = repl[i + 2:k]
            if name.isdigit():
                index = int(name)
            elif name in pattern.groupindex:
                index = pattern.groupindex[name]
            else:
                raise IndexError("unknown group name '%s'" % name)
            if index > pattern.groups:
                raise error('invalid group reference %d' % index, repl, i)
            parts.append(''.join(lit))
            lit = []
            parts.append(index)
            i = k + 1
        elif c.isdigit():
            j = i
            while j < n and repl[j].isdigit() and j - i < 2:
                j += 1
            index = int(repl[i:j])
            if index > pattern.groups:
                raise error('invalid group reference %d' % index, repl, i - 1)
            parts.append(''.join(lit))
            lit = []
            parts.append(index)
            i = j
        else:
            simple = {'n': '\n', 't': '\t', 'r': '\r', 'f': '\f', 'v': '\v', 'a': '\a', '\\': '\\', 'b': '\b'}
            if c in simple:
                lit.append(simple[c])
            elif c.isalpha():
                raise error('bad escape \\' + c, repl, i - 1)
            else:
                lit.append('\\' + c)
            i += 1
    parts.append(''.join(lit))
    return [p for p in parts if p != '']  or ['']


def _expand(template, m):
    out = []
    for p in template:
        if isinstance(p, str):
            out.append(p)
        else:
            g = m.group(p)
            if g is not None:
                out.append(g)
    return ''.join(out)


class Match:
    def __init__(self, pattern, string, caps, pos, endpos):
        self.re = pattern
        self.string = string
        self._caps = caps
        self.pos = pos
        self.endpos = endpos

    def _index(self, g):
        if isinstance(g, str):
            try:
                return self.re.groupindex[g]
            except KeyError:
                raise IndexError('no such group') from None
        if not 0 <= g <= self.re.groups:
            raise IndexError('no such group')
        return g

    def group(self, *groups):
        if not groups:
            groups = (0,)
        out = []
        for g in groups:
            i = self._index(g)
            a = self._caps[2 * i]
            b = self._caps[2 * i + 1]
            out.append(None if a is None or b is None else self.string[a:b])
        return out[0] if len(out) == 1 else tuple(out)

    def __getitem__(self, g):
        return self.group(g)

    def groups(self, default=None):
        return tuple(default if g is None else g for g in (self.group(i) for i in range(1, self.re.groups + 1)))

    def groupdict(self, default=None):
        d = {}
        for name, i in self.re.groupindex.items():
            v = self.group(i)
            d[name] = default if v is None else v
        return d

    def start(self, group=0):
        a = self._caps[2 * self._index(group)]
        return -1 if a is None else a

    def end(self, group=0):
        b = self._caps[2 * self._index(group) + 1]
        return -1 if b is None else b

    def span(self, group=0):
        return self.start(group), self.end(group)

    def expand(self, template):
        return _expand(_parse_template(template, self.re), self)

    @property
    def lastindex(self):
        best = None
        best_end = -1
        for i in range(1, self.re.groups + 1):
            b = self._caps[2 * i + 1]
            if b is not None and b >= best_end:
                best, best_end = i, b
        return best

    @property
    def lastgroup(self):
        li = self.lastindex
        for name, i in self.re.groupindex.items():
            if i == li:
                return name
        return None

    @property
    def regs(self):
        return tuple(self.span(i) for i in range(self.re.groups + 1))

    def __bool__(self):
        return True

    def __repr__(self):
        return "<re.Match object; span=%r, match=%r>" % (self.span(), self.group(0))


_cache = {}


def compile(pattern, flags=0):
    if isinstance(pattern, Pattern):
        if flags:
            raise ValueError('cannot process flags argument with a compiled pattern')
        return pattern
    key = (pattern, flags)
    p = _cache.get(key)
    if p is None:
        if len(_cache) >= 256:
            _cache.clear()
        p = _cache[key] = Pattern(pattern, flags)
    return p


def search(pattern, string, flags=0):
    return compile(pattern, flags).search(string)


def match(pattern, string, flags=0):
    return compile(pattern, flags).match(string)


def fullmatch(pattern, string, flags=0):
    return compile(pattern, flags).fullmatch(string)


def split(pattern, string, maxsplit=0, flags=0):
    return compile(pattern, flags).split(string, maxsplit)


def findall(pattern, string, flags=0):
    return compile(pattern, flags).findall(string)


def finditer(pattern, string, flags=0):
    return compile(pattern, flags).finditer(string)


def sub(pattern, repl, string, count=0, flags=0):
    return compile(pattern, flags).sub(repl, string, count)


def subn(pattern, repl, string, count=0, flags=0):
    return compile(pattern, flags).subn(repl, string, count)


_special = frozenset('()[]{}?*+-|^$\\.&~# \t\n\r\v\f')


def escape(pattern):
    return ''.join('\\' + c if c in _special else c for c in pattern)


def purge():
    _cache.clear()


def template(pattern, flags=0):
    return compile(pattern, flags)

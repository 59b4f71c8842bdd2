# csv for MicroPython.Sandbox: reader, writer, DictReader, DictWriter and the dialect options most
# programs use (delimiter, quotechar, quoting, escapechar, doublequote, skipinitialspace, lineterminator).

QUOTE_MINIMAL, QUOTE_ALL, QUOTE_NONNUMERIC, QUOTE_NONE, QUOTE_STRINGS, QUOTE_NOTNULL = range(6)


class Error(Exception):
    pass


class Dialect:
    delimiter = ','
    quotechar = '"'
    escapechar = None
    doublequote = True
    skipinitialspace = False
    lineterminator = '\r\n'
    quoting = QUOTE_MINIMAL
    strict = False


class excel(Dialect):
    pass


class excel_tab(excel):
    delimiter = '\t'


class unix_dialect(Dialect):
    lineterminator = '\n'
    quoting = QUOTE_ALL


_dialects = {'excel': excel, 'excel-tab': excel_tab, 'unix': unix_dialect}


def register_dialect(name, dialect=None, **kwargs):
    d = type(name, (dialect or Dialect,), kwargs)
    _dialects[name] = d


def get_dialect(name):
    return _dialects[name]


def list_dialects():
    return list(_dialects)


class _Options:
    def __init__(self, dialect, kwargs):
        if isinstance(dialect, str):
            dialect = _dialects[dialect]
        for name in ('delimiter', 'quotechar', 'escapechar', 'doublequote', 'skipinitialspace', 'lineterminator',
                     'quoting', 'strict'):
            setattr(self, name, kwargs.get(name, getattr(dialect, name)))


class _Reader:
    def __init__(self, f, dialect, kwargs):
        self._it = iter(f)
        self._o = _Options(dialect, kwargs)
        self.line_num = 0
        self.dialect = self._o

    def __iter__(self):
        return self

    def __next__(self):
        o = self._o
        fields = []
        field = []
        quoted = False
        in_quotes = False
        started = False
        line = None
        while True:
            line = next(self._it) if line is None else line
            self.line_num += 1
            i = 0
            n = len(line)
            while i < n:
                c = line[i]
                if in_quotes:
                    if c == o.escapechar and i + 1 < n:
                        field.append(line[i + 1])
                        i += 2
                        continue
                    if c == o.quotechar:
                        if o.doublequote and i + 1 < n and line[i + 1] == o.quotechar:
                            field.append(c)
                            i += 2
                            continue
                        in_quotes = False
                        i += 1
                        continue
                    field.append(c)
                    i += 1
                    continue
                if c == o.delimiter:
                    fields.append(self._value(''.join(field), quoted))
                    field = []
                    quoted = False
                    started = False
                    i += 1
                    if o.skipinitialspace:
                        while i < n and line[i] == ' ':
                            i += 1
                    continue
                if c in '\r\n':
                    i += 1
                    continue
                if c == o.escapechar and i + 1 < n:
                    field.append(line[i + 1])
                    i += 2
                    started = True
                    continue
                if c == o.quotechar and o.quoting != QUOTE_NONE and not started and not field:
                    in_quotes = True
                    quoted = True
                    started = True
                    i += 1
                    continue
                field.append(c)
                started = True
                i += 1
            if in_quotes:
                # The newline ending the line is already in the field (it was inside the quotes).
                if not line.endswith('\n'):
                    field.append('\n')
                line = None
                try:
                    line = next(self._it)
                except StopIteration:
                    if o.strict:
                        raise Error('unexpected end of data')
                    break
                self.line_num -= 0
                continue
            break
        if not fields and not field and not quoted:
            return []
        fields.append(self._value(''.join(field), quoted))
        return fields

    def _value(self, text, quoted):
        if self._o.quoting == QUOTE_NONNUMERIC and not quoted:
            return float(text) if text else text
        return text


def reader(csvfile, dialect='excel', **fmtparams):
    return _Reader(csvfile, dialect, fmtparams)


class _Writer:
    def __init__(self, f, dialect, kwargs):
        self._f = f
        self._o = _Options(dialect, kwargs)
        self.dialect = self._o

    def _field(self, v):
        o = self._o
        if v is None:
            s = ''
        elif isinstance(v, float):
            s = repr(v)
        else:
            s = str(v)
        q = o.quoting
        numeric = isinstance(v, (int, float)) and not isinstance(v, bool)
        if q == QUOTE_ALL or (q == QUOTE_NONNUMERIC and not numeric) or (q == QUOTE_STRINGS and isinstance(v, str)) \
                or (q == QUOTE_NOTNULL and v is not None):
            need = True
        elif q == QUOTE_NONE:
            need = False
        else:
            need = (o.delimiter in s or (o.quotechar and o.quotechar in s) or '\n' in s or '\r' in s
                    or (s[:1] == ' ' and o.skipinitialspace) or (s == '' and False))
        if need and o.quotechar:
            if o.doublequote:
                s = s.replace(o.quotechar, o.quotechar * 2)
            elif o.escapechar:
                s = s.replace(o.quotechar, o.escapechar + o.quotechar)
            return o.quotechar + s + o.quotechar
        if o.escapechar:
            for ch in (o.delimiter, o.quotechar):
                if ch:
                    s = s.replace(ch, o.escapechar + ch)
        elif q == QUOTE_NONE and (o.delimiter in s or (o.quotechar and o.quotechar in s)):
            raise Error('need to escape, but no escapechar set')
        return s

    def writerow(self, row):
        line = self._o.delimiter.join(self._field(v) for v in row)
        if len(row) == 1 and line == '':
            line = self._o.quotechar * 2
        return self._f.write(line + self._o.lineterminator)

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def writer(csvfile, dialect='excel', **fmtparams):
    return _Writer(csvfile, dialect, fmtparams)


class DictReader:
    def __init__(self, f, fieldnames=None, restkey=None, restval=None, dialect='excel', **kwargs):
        self._reader = reader(f, dialect, **kwargs)
        self._fieldnames = fieldnames
        self.restkey = restkey
        self.restval = restval
        self.line_num = 0

    @property
    def fieldnames(self):
        if self._fieldnames is None:
            try:
                self._fieldnames = next(self._reader)
            except StopIteration:
                pass
        self.line_num = self._reader.line_num
        return self._fieldnames

    def __iter__(self):
        return self

    def __next__(self):
        names = self.fieldnames
        row = next(self._reader)
        while row == []:
            row = next(self._reader)
        self.line_num = self._reader.line_num
        from collections import _dict
        d = _dict()
        for k, v in zip(names, row):
            d[k] = v
        if len(row) > len(names):
            d[self.restkey] = row[len(names):]
        elif len(row) < len(names):
            for k in names[len(row):]:
                d[k] = self.restval
        return d


class DictWriter:
    def __init__(self, f, fieldnames, restval='', extrasaction='raise', dialect='excel', **kwargs):
        self.fieldnames = list(fieldnames)
        self.restval = restval
        self.extrasaction = extrasaction
        self.writer = writer(f, dialect, **kwargs)

    def writeheader(self):
        return self.writer.writerow(self.fieldnames)

    def _row(self, rowdict):
        if self.extrasaction == 'raise':
            wrong = [k for k in rowdict if k not in self.fieldnames]
            if wrong:
                raise ValueError('dict contains fields not in fieldnames: ' + ', '.join(repr(x) for x in wrong))
        return [rowdict.get(k, self.restval) for k in self.fieldnames]

    def writerow(self, rowdict):
        return self.writer.writerow(self._row(rowdict))

    def writerows(self, rowdicts):
        for r in rowdicts:
            self.writerow(r)


class Sniffer:
    def sniff(self, sample, delimiters=None):
        counts = {}
        for d in delimiters or ',;\t|':
            counts[d] = sample.count(d)
        best = max(counts, key=counts.get)
        return type('sniffed', (Dialect,), {'delimiter': best})

    def has_header(self, sample):
        return True


field_size_limit = lambda new_limit=None: 131072

# time for MicroPython.Sandbox: MicroPython's time plus CPython's clocks and strftime.
import _builtin

_t = _builtin.load('time')
del _builtin

time = _t.time
time_ns = _t.time_ns
sleep = _t.sleep
sleep_ms = _t.sleep_ms
sleep_us = _t.sleep_us
ticks_ms = _t.ticks_ms
ticks_us = _t.ticks_us
ticks_diff = _t.ticks_diff
ticks_add = _t.ticks_add
ticks_cpu = _t.ticks_cpu
gmtime = _t.gmtime
localtime = _t.localtime
mktime = _t.mktime
timezone = 0
altzone = 0
daylight = 0
tzname = ('UTC', 'UTC')
_start = _t.time_ns()


def perf_counter_ns():
    return _t.time_ns() - _start


def perf_counter():
    return (_t.time_ns() - _start) / 1e9


monotonic = perf_counter
monotonic_ns = perf_counter_ns
process_time = perf_counter
process_time_ns = perf_counter_ns
thread_time = perf_counter


_DAYS = ('Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday')
_MONTHS = ('January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October',
           'November', 'December')


def strftime(fmt, t=None):
    if t is None:
        t = localtime()
    year, month, mday, hour, minute, second, wday, yday = t[:8]
    out = []
    i = 0
    while i < len(fmt):
        c = fmt[i]
        if c != '%' or i + 1 >= len(fmt):
            out.append(c)
            i += 1
            continue
        d = fmt[i + 1]
        i += 2
        if d == 'Y':
            out.append('%d' % year)
        elif d == 'y':
            out.append('%02d' % (year % 100))
        elif d == 'm':
            out.append('%02d' % month)
        elif d == 'd':
            out.append('%02d' % mday)
        elif d == 'H':
            out.append('%02d' % hour)
        elif d == 'I':
            out.append('%02d' % ((hour % 12) or 12))
        elif d == 'p':
            out.append('AM' if hour < 12 else 'PM')
        elif d == 'M':
            out.append('%02d' % minute)
        elif d == 'S':
            out.append('%02d' % second)
        elif d == 'j':
            out.append('%03d' % yday)
        elif d == 'a':
            out.append(_DAYS[wday][:3])
        elif d == 'A':
            out.append(_DAYS[wday])
        elif d == 'b':
            out.append(_MONTHS[month - 1][:3])
        elif d == 'B':
            out.append(_MONTHS[month - 1])
        elif d == 'w':
            out.append(str((wday + 1) % 7))
        elif d == 'Z':
            out.append('UTC')
        elif d == 'z':
            out.append('+0000')
        elif d == '%':
            out.append('%')
        else:
            out.append('%' + d)
    return ''.join(out)


def asctime(t=None):
    return strftime('%a %b %d %H:%M:%S %Y', t).replace(' 0', '  ', 1) if False else strftime('%a %b ', t) + ('%2d' % (t or localtime())[2]) + strftime(' %H:%M:%S %Y', t)


def ctime(secs=None):
    return asctime(localtime(secs) if secs is not None else None)


class struct_time(tuple):
    pass

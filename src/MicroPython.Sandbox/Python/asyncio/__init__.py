# asyncio for MicroPython.Sandbox: MicroPython's asyncio for this build (frozen into the engine), whose sleep() in
# seconds waits (until the run's time limit) for a delay past the ticks range instead of raising OverflowError at
# once, as CPython's does. sleep_ms() and time.ticks_add() keep MicroPython's OverflowError for such values.
__path__ = '.frozen/asyncio'

from . import core as _core
from time import ticks_add as _ticks_add

# The longest delay ticks_add accepts: half the ticks period (about 6 days).
_MAX_MS = _ticks_add(0, -1) // 2


def sleep(t, _sleep_ms=_core.sleep_ms):
    ms = int(t * 1000)
    return _sleep_ms(ms if ms < _MAX_MS else _MAX_MS)


# Patched before funcs is imported: wait_for binds core.sleep when it is defined.
_core.sleep = sleep

from .core import *
from .funcs import wait_for, wait_for_ms, gather
from .event import Event
from .lock import Lock

__version__ = (3, 0, 0)

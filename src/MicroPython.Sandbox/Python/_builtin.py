# Imports MicroPython's built-in module of a name that a library module of the same name extends: with
# sys.path empty, the import system skips the filesystem and returns the built-in.
import sys


def load(name):
    saved = sys.path
    sys.path = []
    try:
        return __import__(name)
    finally:
        sys.path = saved

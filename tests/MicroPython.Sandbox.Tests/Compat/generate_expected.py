#!/usr/bin/env python3
"""Writes the expected output of every corpus program: what CPython prints for it.

Run with CPython 3.11 from any directory:  python3 tests/MicroPython.Sandbox.Tests/Compat/generate_expected.py
Each corpus/NAME.py gets corpus/NAME.out (its standard output). The programs run in a fresh temporary
working directory, as the sandbox runs them with nothing but /tmp writable.
"""
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")


def main() -> int:
    if sys.version_info[:2] != (3, 11):
        print(f"warning: expected outputs come from CPython 3.11; this is {sys.version.split()[0]}", file=sys.stderr)
    names = sorted(f for f in os.listdir(CORPUS) if f.endswith(".py"))
    failed = 0
    for name in names:
        with tempfile.TemporaryDirectory() as cwd:
            run = subprocess.run([sys.executable, os.path.join(CORPUS, name)], cwd=cwd, capture_output=True,
                                 text=True, timeout=60, env={"PYTHONHASHSEED": "0", "PATH": os.environ.get("PATH", "")})
        if run.returncode != 0:
            failed += 1
            print(f"{name}: CPython exited with {run.returncode}:\n{run.stderr}", file=sys.stderr)
            continue
        with open(os.path.join(CORPUS, name[:-3] + ".out"), "w", encoding="utf-8", newline="\n") as f:
            f.write(run.stdout)
    print(f"{len(names) - failed} expected outputs written, {failed} programs failed on CPython")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

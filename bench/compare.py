#!/usr/bin/env python3
"""Runs the benchmark programs through mpsandbox, through node with the official MicroPython glue and
through CPython, side by side in one run; checks that all three print the same output; prints a
markdown table of median times, ratios and geometric means.

Two times are reported per engine:
  * process: wall clock of the whole process (start-up + module load + run), median of --runs;
  * run:     time spent running the program inside the process, as each host reports it
             (mpsandbox --json wallTimeMs; runPython timed by bench/node_inproc.mjs with the official
             loadMicroPython; exec timed inside CPython).

"ours" is the native mpsandbox that `dotnet publish` makes (--cli native, the default) or the
framework-dependent mpsandbox.dll that `dotnet build` makes, run with `dotnet` (--cli managed).

Usage: python3 bench/compare.py [--runs N] [--no-build] [--cli native|managed] [--programs DIR]
                                [--only NAME[,NAME]] [--markdown FILE]
Stdlib only.
"""
import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROGRAMS = os.path.join(ROOT, "bench", "programs")
CLI_PROJECT = os.path.join(ROOT, "src", "MicroPython.Sandbox.Cli")
CLI_DLL = os.path.join(CLI_PROJECT, "bin", "Release", "net10.0", "mpsandbox.dll")
CLI_NATIVE_DIR = os.path.join(CLI_PROJECT, "bin", "Release", "native")
CLI_NATIVE = os.path.join(CLI_NATIVE_DIR, "mpsandbox.exe" if os.name == "nt" else "mpsandbox")
ENGINE_PROPS = os.path.join(ROOT, "engine", "engine.props")
NODE_RUNNER = os.path.join(ROOT, "bench", "node_inproc.mjs")
# The official glue's library default first heap (loadMicroPython); its CLI entry defaults to 128 KiB.
# Both grow the heap on demand, as mpsandbox does from the same 1 MiB first area.
NODE_HEAP = 1024 * 1024
INPROC_MARK = "@@inproc_ms="

CPYTHON_WRAPPER = (
    "import sys, time\n"
    "path = sys.argv[1]\n"
    "code = compile(open(path, encoding='utf-8').read(), path, 'exec')\n"
    "started = time.perf_counter()\n"
    "exec(code, {'__name__': '__main__'})\n"
    "elapsed = (time.perf_counter() - started) * 1000\n"
    "sys.stdout.flush()\n"
    "print('" + INPROC_MARK + "%.3f' % elapsed, file=sys.stderr)\n"
)


def engine_version():
    with open(ENGINE_PROPS, encoding="utf-8") as f:
        text = f.read()
    start = text.index("<MicroPythonVersion>") + len("<MicroPythonVersion>")
    return text[start:text.index("</MicroPythonVersion>")]


def timed(cmd):
    started = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True)
    elapsed = (time.perf_counter() - started) * 1000
    return proc, elapsed


def inproc_from_stderr(stderr):
    for line in stderr.decode("utf-8", "replace").splitlines():
        if line.startswith(INPROC_MARK):
            return float(line[len(INPROC_MARK):])
    return None


def run_ours(path, cli):
    proc, wall = timed(cli + ["--timeout", "none", "--memory", "512MB", "--json", path])
    report = json.loads(proc.stdout.decode("utf-8"))
    if report["status"] != "completed":
        raise RuntimeError(f"mpsandbox: {os.path.basename(path)}: {report.get('status')} {report.get('stderr', '')}")
    return report["stdout"], wall, report["wallTimeMs"]


def run_node(path, glue):
    proc, wall = timed(["node", glue, "-X", f"heapsize={NODE_HEAP}", path])
    if proc.returncode != 0 or proc.stderr:
        raise RuntimeError(f"node: {os.path.basename(path)}: {proc.stderr.decode('utf-8', 'replace')}")
    inner, _ = timed(["node", NODE_RUNNER, glue, str(NODE_HEAP), path])
    return proc.stdout.decode("utf-8"), wall, inproc_from_stderr(inner.stderr)


def run_cpython(path):
    proc, wall = timed([sys.executable, path])
    if proc.returncode != 0:
        raise RuntimeError(f"python3: {os.path.basename(path)}: {proc.stderr.decode('utf-8', 'replace')}")
    inner, _ = timed([sys.executable, "-c", CPYTHON_WRAPPER, path])
    return proc.stdout.decode("utf-8"), wall, inproc_from_stderr(inner.stderr)


def geomean(values):
    values = [v for v in values if v and v > 0]
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else float("nan")


def fmt(v):
    return "-" if v is None else (f"{v:.0f}" if v >= 100 else f"{v:.1f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="runs per program and engine (median is reported)")
    parser.add_argument("--no-build", action="store_true", help="use the existing Release build of the CLI")
    parser.add_argument("--cli", choices=("native", "managed"), default="native",
                        help="native: the executable `dotnet publish` makes (default); managed: dotnet mpsandbox.dll")
    parser.add_argument("--programs", default=PROGRAMS, help="folder of .py programs (default bench/programs)")
    parser.add_argument("--only", help="comma-separated program names (without .py)")
    parser.add_argument("--markdown", help="also write the table to this file")
    parser.add_argument("--startup-runs", type=int, default=10, help="runs of `print(1+1)` as a whole process (0 to skip)")
    args = parser.parse_args()

    if not args.no_build:
        subprocess.run(["dotnet", "build", "-c", "Release", "--nologo", "-v", "q", CLI_PROJECT], check=True,
                       stdout=subprocess.DEVNULL)
        if args.cli == "native":
            subprocess.run(["dotnet", "publish", "-c", "Release", "--nologo", "-v", "q", "-o", CLI_NATIVE_DIR, CLI_PROJECT],
                           check=True, stdout=subprocess.DEVNULL)
    cli = [CLI_NATIVE] if args.cli == "native" else ["dotnet", CLI_DLL]
    glue = os.path.join(ROOT, "engine", "obj", engine_version(), "micropython.mjs")
    for needed in (cli[-1], glue):
        if not os.path.exists(needed):
            sys.exit(f"missing {needed}: build the library first (dotnet build -c Release)")

    programs = os.path.abspath(args.programs)
    names = sorted(f[:-3] for f in os.listdir(programs) if f.endswith(".py"))
    if args.only:
        wanted = set(args.only.split(","))
        names = [n for n in names if n in wanted]

    # Warm the module cache and the OS file cache so the first program is not charged for them.
    subprocess.run(cli + ["-c", "1"], capture_output=True)
    subprocess.run(["node", glue, "-X", f"heapsize={NODE_HEAP}", os.path.join(programs, names[0] + ".py")], capture_output=True)

    startup_lines = []
    if args.startup_runs > 0:
        tiny = os.path.join(ROOT, "bench", "tiny.py")
        commands = {
            f"mpsandbox ({' '.join(os.path.basename(c) for c in cli)} -c)": cli + ["-c", "print(1+1)"],
            "node + official glue (micropython.mjs FILE)": ["node", glue, tiny],
            "python3 -c": [sys.executable, "-c", "print(1+1)"],
        }
        startup_lines += ["", f"Start-up: `print(1+1)` as a whole process, median of {args.startup_runs}.", "",
                          "| command | ms |", "|---|---:|"]
        with open(tiny, "w", encoding="utf-8") as f:
            f.write("print(1+1)\n")
        try:
            for label, cmd in commands.items():
                times = []
                for _ in range(args.startup_runs):
                    proc, wall = timed(cmd)
                    if proc.stdout.strip() != b"2":
                        sys.exit(f"{label} printed {proc.stdout!r}")
                    times.append(wall)
                startup_lines.append(f"| {label} | {statistics.median(times):.0f} |")
        finally:
            os.remove(tiny)

    rows = []
    mismatches = []
    for name in names:
        path = os.path.join(programs, name + ".py")
        samples = {"ours": ([], []), "node": ([], []), "cpython": ([], [])}
        outputs = {}
        # Interleave the engines so that load from other work on the machine hits all of them alike.
        for _ in range(args.runs):
            for engine, runner in (("ours", lambda p: run_ours(p, cli)), ("node", lambda p: run_node(p, glue)), ("cpython", run_cpython)):
                out, wall, inner = runner(path)
                outputs[engine] = out
                samples[engine][0].append(wall)
                if inner is not None:
                    samples[engine][1].append(inner)
        if not (outputs["ours"] == outputs["node"] == outputs["cpython"]):
            mismatches.append((name, outputs))
        med = {e: (statistics.median(w), statistics.median(i) if i else None) for e, (w, i) in samples.items()}
        rows.append((name, med))
        print(f"  {name}: ours {fmt(med['ours'][0])} ms, node {fmt(med['node'][0])} ms, cpython {fmt(med['cpython'][0])} ms",
              file=sys.stderr)

    lines = [
        f"mpsandbox {args.cli} ({' '.join(os.path.basename(c) for c in cli)}); MicroPython {engine_version()}; node {subprocess.run(['node', '--version'], capture_output=True, text=True).stdout.strip()}; "
        f"{sys.implementation.name} {sys.version.split()[0]}; median of {args.runs} runs; {os.cpu_count()} CPUs.",
        "",
        "| program | ours run ms | node run ms | CPython run ms | ours/node (run) | ours/CPython (run) "
        "| ours process ms | node process ms | CPython process ms | ours/node (process) | ours/CPython (process) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    ratios = {k: [] for k in ("rn", "rc", "pn", "pc")}
    for name, med in rows:
        (ow, oi), (nw, ni), (cw, ci) = med["ours"], med["node"], med["cpython"]
        rn, rc = oi / ni if oi and ni else None, oi / ci if oi and ci else None
        pn, pc = ow / nw, ow / cw
        for key, value in (("rn", rn), ("rc", rc), ("pn", pn), ("pc", pc)):
            if value:
                ratios[key].append(value)
        lines.append(f"| {name} | {fmt(oi)} | {fmt(ni)} | {fmt(ci)} | {rn:.2f} | {rc:.2f} "
                     f"| {fmt(ow)} | {fmt(nw)} | {fmt(cw)} | {pn:.2f} | {pc:.2f} |")
    gm = {k: geomean(v) for k, v in ratios.items()}
    lines.append(f"| **geometric mean** | | | | **{gm['rn']:.2f}** | **{gm['rc']:.2f}** | | | | **{gm['pn']:.2f}** | **{gm['pc']:.2f}** |")
    table = "\n".join(lines + startup_lines)
    print(table)
    if mismatches:
        print("\nOUTPUT MISMATCH:", file=sys.stderr)
        for name, outs in mismatches:
            print(f"  {name}: " + "; ".join(f"{e}={o!r}" for e, o in outs.items()), file=sys.stderr)
    else:
        print(f"\nAll {len(rows)} programs printed identical output on all three engines.")
    if args.markdown:
        with open(args.markdown, "w", encoding="utf-8") as f:
            f.write(table + "\n")
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())

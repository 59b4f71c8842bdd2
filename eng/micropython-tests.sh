#!/usr/bin/env bash
# Runs MicroPython's own test suite through a sandbox CLI and compares each test's output with its .exp file, or
# with CPython's output when there is none (as MicroPython's run-tests.py does). Nothing of MicroPython is kept in this
# repository: the tests are read from a checkout (or a bare git directory plus a ref) given on the command line.
#
# Usage:
#   eng/micropython-tests.sh [options] <micropython> <cli command...>
#
#   <micropython>       a MicroPython checkout (a folder holding tests/), or a git directory with --ref
#   <cli command...>    the command that runs one file, the test's path is appended, e.g.
#                       dotnet artifacts/mpsandbox.dll --memory 256MB --timeout 10s
# Options:
#   --ref REF           with a git directory: extract tests/ at REF (e.g. v1.27.0) into a temporary folder
#   --dirs "A B"        test folders to run (default: "basics float misc extmod")
#   --only REGEX        only tests whose name (e.g. basics/int1.py) matches REGEX (grep -E)
#   -j N                tests run in parallel (default 2)
#   -o FILE             write "name status" lines (pass, fail, skip, noref) to FILE (default: a temporary file)
#   --baseline FILE     a results file from an earlier run: list every test whose status changed, and exit 1 when a
#                       test that passed there fails now
#   --intended FILE     tests whose change from the baseline is on purpose (name, then the reason, one per line;
#                       eng/micropython-tests.intended): listed apart, not counted as regressions
#   --keep DIR          keep each failing test's output in DIR (name.out), for a diff against the expected output
#   --python CMD        CPython used for tests without .exp (default python3; MicroPython's suite targets 3.x)
#
# Example (baseline versus current build):
#   eng/micropython-tests.sh -o /tmp/base.txt /tmp/mp dotnet /tmp/base/mpsandbox.dll --memory 256MB --timeout 10s
#   eng/micropython-tests.sh -o /tmp/cur.txt --baseline /tmp/base.txt /tmp/mp dotnet /tmp/cur/mpsandbox.dll ...
set -euo pipefail

dirs="basics float misc extmod"
only=""
jobs=2
out=""
baseline=""
intended=""
keep=""
ref=""
python="python3"
while [[ $# -gt 0 ]]; do
    case "$1" in
        --ref) ref="$2"; shift 2 ;;
        --dirs) dirs="$2"; shift 2 ;;
        --only) only="$2"; shift 2 ;;
        -j) jobs="$2"; shift 2 ;;
        -o) out="$2"; shift 2 ;;
        --baseline) baseline="$2"; shift 2 ;;
        --keep) keep="$2"; shift 2 ;;
        --intended) intended="$2"; shift 2 ;;
        --python) python="$2"; shift 2 ;;
        -h|--help) sed -n '2,27p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        --) shift; break ;;
        -*) echo "unknown option: $1" >&2; exit 2 ;;
        *) break ;;
    esac
done
if [[ $# -lt 2 ]]; then
    echo "usage: $0 [options] <micropython> <cli command...> (--help for more)" >&2
    exit 2
fi
source_dir="$1"; shift
cli=("$@")

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if [[ -n "$ref" ]]; then
    mkdir -p "$work/mp"
    git --git-dir="$source_dir" archive "$ref" tests | tar -x -C "$work/mp"
    source_dir="$work/mp"
fi
tests_dir="$(cd "$source_dir/tests" && pwd)"
[[ -n "$out" ]] || out="$work/results.txt"
[[ -z "$keep" ]] || mkdir -p "$keep"

# CPython's outputs are the same for every build compared, so they are kept next to the results file.
ref_cache="${out}.cpython"
mkdir -p "$ref_cache"

run_one() {
    local name="$1" test="$tests_dir/$1" expected actual status
    local key="${name//\//_}"
    if [[ -f "$test.exp" ]]; then
        expected="$test.exp"
    else
        expected="$ref_cache/$key.exp"
        if [[ ! -f "$expected" && ! -f "$expected.none" ]]; then
            # run-tests.py runs CPython in the test's folder; a CPython failure means there is nothing to compare with.
            if (cd "$(dirname "$test")" && timeout 60 $python -B "$(basename "$test")" > "$expected.tmp" 2>/dev/null); then
                mv "$expected.tmp" "$expected"
            else
                rm -f "$expected.tmp"; : > "$expected.none"
            fi
        fi
    fi
    actual="$(mktemp "$work/out.XXXXXX")"
    # stderr joins stdout, as run-tests.py reads the interpreter's output; the outer timeout only guards a hung CLI.
    (cd "$(dirname "$test")" && timeout 120 "${cli[@]}" "$test" < /dev/null > "$actual" 2>&1) || true
    sed -i 's/\r$//' "$actual"
    if [[ "$(head -c 5 "$actual")" == "SKIP" ]]; then
        status=skip
    elif [[ ! -f "$expected" ]]; then
        status=noref
    elif cmp -s "$actual" "$expected"; then
        status=pass
    else
        status=fail
        [[ -z "$keep" ]] || cp "$actual" "$keep/$key.out"
    fi
    rm -f "$actual"
    echo "$name $status"
}
export -f run_one
export tests_dir ref_cache keep work python
export CLI_QUOTED
CLI_QUOTED="$(printf '%q ' "${cli[@]}")"

list="$work/list.txt"
for d in $dirs; do
    (cd "$tests_dir" && ls "$d"/*.py 2>/dev/null) || true
done | { if [[ -n "$only" ]]; then grep -E "$only" || true; else cat; fi; } > "$list"

# Each worker rebuilds the command array from its quoted form (arrays do not cross into xargs' shells).
xargs -a "$list" -P "$jobs" -I{} bash -c 'eval "cli=($CLI_QUOTED)"; run_one "$1"' _ {} | sort > "$out"

for s in pass fail skip noref; do
    printf '%s %d\n' "$s" "$(grep -c " $s\$" "$out" || true)"
done
echo "results: $out"

if [[ -n "$baseline" ]]; then
    regressions=0
    echo "changed since baseline (name: before -> now):"
    while read -r name now; do
        before="$(awk -v n="$name" '$1 == n { print $2 }' "$baseline")"
        if [[ -n "$before" && "$before" != "$now" ]]; then
            if [[ -n "$intended" ]] && grep -q "^$name " "$intended"; then
                echo "  $name: $before -> $now (intended: $(grep "^$name " "$intended" | sed 's/^[^ ]* *//'))"
            else
                echo "  $name: $before -> $now"
                if [[ "$before" == pass ]]; then regressions=$((regressions + 1)); fi
            fi
        fi
    done < "$out"
    echo "regressions (passed before, not now): $regressions"
    [[ $regressions -eq 0 ]] || exit 1
fi

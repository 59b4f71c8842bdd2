#!/usr/bin/env bash
# Regenerates PublicAPI.Unshipped.txt of each packaged library (src/MicroPython.Sandbox, src/MicroPython.Sandbox.Extensions.AI, src/MicroPython.Sandbox.Agents, src/MicroPython.Sandbox.Mcp, src/MicroPython.Sandbox.AspNetCore, src/MicroPython.Sandbox.Orleans) from the code: every public symbol that is not in
# PublicAPI.Shipped.txt. Run it after changing the public surface (or after a merge that did), read the diff, commit.
#
#   eng/update-public-api.sh          rewrite the file
#   eng/update-public-api.sh --check  exit 1 if the file is out of date (the build reports the same as RS0016/RS0017)
#
# How: the file is reset to its header and the PublicApiAnalyzers code fix for RS0016 ("symbol is not part of the
# declared public API") adds every missing symbol, offline, through `dotnet format analyzers`. Lines are then sorted
# ordinally so that two branches that each add symbols merge without conflicts in unrelated lines.
# Shipped symbols are never touched: removing one is a breaking change, which the build keeps reporting as RS0017
# until a human records it in PublicAPI.Unshipped.txt as `*REMOVED*<symbol>`.
set -euo pipefail
cd "$(dirname "$0")/.."

header='#nullable enable'

check=false
case "${1:-}" in
  --check) check=true ;;
  "") ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

status=0
update() {
  local project=$1 file=$2
  local before
  before=$(mktemp)
  cp "$file" "$before"

  # Keep `*REMOVED*` lines: they record deliberate removals of shipped API and cannot be derived from the code.
  { echo "$header"; grep '^\*REMOVED\*' "$before" || true; } > "$file"
  dotnet format analyzers "$project" --diagnostics RS0016 --severity info >/dev/null
  # The code fix does not reach members that source generators write (the JSON context behind RunReport): take those
  # from a fresh build's RS0016 diagnostics.
  dotnet build "$project" --no-incremental -p:TreatWarningsAsErrors=false 2>/dev/null \
    | grep -o "warning RS0016: Symbol '.*' is not part of the declared public API" \
    | sed -E "s/^warning RS0016: Symbol '(.*)' is not part of the declared public API$/\1/" >> "$file" || true
  { echo "$header"; grep -v -x -F "$header" "$file" | grep -v '^$' | LC_ALL=C sort -u; } > "$file.sorted"
  mv "$file.sorted" "$file"

  if $check; then
    if ! cmp -s "$before" "$file"; then
      diff -u "$before" "$file" || true
      cp "$before" "$file"
      echo "$file is out of date: run eng/update-public-api.sh and commit the result." >&2
      status=1
    else
      echo "$file is up to date."
    fi
  else
    diff -u "$before" "$file" || true
  fi
  rm -f "$before"
}

update src/MicroPython.Sandbox/MicroPython.Sandbox.csproj src/MicroPython.Sandbox/PublicAPI.Unshipped.txt
update src/MicroPython.Sandbox.Extensions.AI/MicroPython.Sandbox.Extensions.AI.csproj src/MicroPython.Sandbox.Extensions.AI/PublicAPI.Unshipped.txt
update src/MicroPython.Sandbox.Agents/MicroPython.Sandbox.Agents.csproj src/MicroPython.Sandbox.Agents/PublicAPI.Unshipped.txt
update src/MicroPython.Sandbox.Mcp/MicroPython.Sandbox.Mcp.csproj src/MicroPython.Sandbox.Mcp/PublicAPI.Unshipped.txt
update src/MicroPython.Sandbox.AspNetCore/MicroPython.Sandbox.AspNetCore.csproj src/MicroPython.Sandbox.AspNetCore/PublicAPI.Unshipped.txt
update src/MicroPython.Sandbox.Orleans/MicroPython.Sandbox.Orleans.csproj src/MicroPython.Sandbox.Orleans/PublicAPI.Unshipped.txt
exit $status

#!/usr/bin/env bash
# Runs every notebook in notebooks/ headlessly with dotnet-repl (pinned in the tool manifest) against the Release build of FastDays that the
# README's test command makes, and fails on any cell error. --update writes the outputs back into the notebooks (to commit them);
# otherwise the executed copies go to runs/notebooks/executed/.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f FastDays.Examples/bin/Release/net10.0/FastDays.Examples.dll ] || dotnet build FastDays.Examples -c Release -nologo -v:q
dotnet tool restore >/dev/null
out=runs/notebooks/executed
mkdir -p "$out"
failed=0
for notebook in notebooks/*.ipynb; do
  name=$(basename "$notebook")
  target="$PWD/$out/$name"
  [ "${1:-}" = "--update" ] && target="$PWD/$notebook"
  start=$(date +%s)
  if (cd notebooks && dotnet tool run dotnet-repl -- --run "$name" --exit-after-run --output-path "$target" >/dev/null 2>&1); then
    echo "notebook $name: ok ($(( $(date +%s) - start )) s)"
  else
    echo "notebook $name: FAILED (its cell errors are in $target)" >&2
    failed=1
  fi
done
exit "$failed"

#!/usr/bin/env bash
# FastDays from the outside, as a user meets it: pack the libraries and the template into a local folder, install the template from it,
# generate a project outside this repository, restore it against that folder (and the NuGet source, for TorchSharp) with no project
# references, build it, run it for a few batches on generated data, and check what it prints.
# A unique prerelease version per run, so that no package cached by an earlier run can stand in for the one just packed.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/fastdays-own-project-XXXXXX")
trap 'rm -rf "$work"' EXIT
base=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$repo/Directory.Build.props" | head -n 1)
version="$base-check.$(date +%s)"
torchsharp=$(sed -n 's:.*<TorchSharpVersion>\(.*\)</TorchSharpVersion>.*:\1:p' "$repo/Directory.Packages.props" | head -n 1)
feed="$work/feed"

echo "packing FastDays $version into $feed"
for project in FastDays.Core/FastDays.Core.csproj FastDays.Vision/FastDays.Vision.csproj FastDays.Tabular/FastDays.Tabular.csproj \
  FastDays.Datasets/FastDays.Datasets.csproj FastDays.Collab/FastDays.Collab.csproj FastDays.Trees/FastDays.Trees.csproj \
  FastDays.Onnx/FastDays.Onnx.csproj templates/FastDays.Templates.csproj; do
  dotnet pack "$repo/$project" -c Release -o "$feed" -p:Version="$version" -nologo -v:q
done
ls "$feed"

hive="$work/template-hive"
dotnet new install "$feed/FastDays.Templates.$version.nupkg" --debug:custom-hive "$hive" >/dev/null
dotnet new fastdays-vision -n PetsClassifier -o "$work/PetsClassifier" --FastDaysVersion "$version" --TorchSharpVersion "$torchsharp" \
  --debug:custom-hive "$hive" >/dev/null
# The local feed first, then the package sources this machine is configured with (for TorchSharp and the rest), whatever they are.
sources=$(dotnet nuget list source --format Short | awk '$1 == "E" { print $2 }')
[ -n "$sources" ] || { echo "no enabled NuGet source is configured (dotnet nuget list source)" >&2; exit 1; }
{
  echo '<?xml version="1.0" encoding="utf-8"?>'
  echo '<configuration>'
  echo '  <packageSources>'
  echo '    <clear />'
  echo "    <add key=\"local\" value=\"$feed\" />"
  n=0
  while read -r source; do n=$((n + 1)); echo "    <add key=\"source$n\" value=\"$source\" />"; done <<<"$sources"
  echo '  </packageSources>'
  echo '</configuration>'
} > "$work/PetsClassifier/nuget.config"
if grep -q "ProjectReference" "$work/PetsClassifier/PetsClassifier.csproj"; then echo "the generated project has project references" >&2; exit 1; fi

cd "$work/PetsClassifier"
dotnet build -c Release -nologo -v:q
output=$(dotnet run -c Release --no-build -- --epochs 1 --max-batches 3 2>&1) || { echo "$output"; echo "the generated project failed" >&2; exit 1; }
echo "$output"
for expected in "classes: circle, square" "[EpochLogger] epoch 1/1" "prediction: " "export: "; do
  grep -qF "$expected" <<<"$output" || { echo "the generated project's output lacks '$expected'" >&2; exit 1; }
done
cd "$work"
dotnet new fastdays-tabular -n HousePrices -o "$work/HousePrices" --FastDaysVersion "$version" --TorchSharpVersion "$torchsharp" \
  --debug:custom-hive "$hive" >/dev/null
cp "$work/PetsClassifier/nuget.config" "$work/HousePrices/nuget.config"
cd "$work/HousePrices"
dotnet build -c Release -nologo -v:q
output=$(dotnet run -c Release --no-build -- --epochs 3 2>&1) || { echo "$output"; echo "the generated tabular project failed" >&2; exit 1; }
echo "$output"
for expected in "categorical: rooms, district, age_na" "[BestEpoch] epoch 1" "prediction for the first validation row: " "export: "; do
  grep -qF "$expected" <<<"$output" || { echo "the generated tabular project's output lacks '$expected'" >&2; exit 1; }
done
echo "own-project check passed: FastDays $version from packages, outside the repository (fastdays-vision and fastdays-tabular)"

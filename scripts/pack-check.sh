#!/usr/bin/env bash
# Packs Ascent and checks both packages the way a user meets them:
#   - the library (Ascent.<version>.nupkg) holds the assembly, its XML documentation and the README;
#   - the CLI (Ascent.Cli.<version>.nupkg) is a dotnet tool whose command is `ascent`: it is installed from the local
#     package folder into a temporary tool path (no other package source is consulted) and run.
#   scripts/pack-check.sh [OUT_DIR]     (default: a temporary folder, removed afterwards)
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
out=${1:-$work/packages}
mkdir -p "$out"

dotnet pack -c Release -o "$out" >/dev/null
lib=$(ls "$out"/Ascent.[0-9]*.nupkg)
cli=$(ls "$out"/Ascent.Cli.[0-9]*.nupkg)
echo "packed: $(basename "$lib"), $(basename "$cli")"

# Listings are captured before grep reads them: with pipefail, `unzip | grep -q` fails when grep stops reading
# at its match and unzip, still writing, dies of SIGPIPE.
listing=$(unzip -l "$lib")
for entry in lib/net10.0/Ascent.dll lib/net10.0/Ascent.xml README.md; do
  grep -q " $entry\$" <<<"$listing" || { echo "$(basename "$lib") lacks $entry" >&2; exit 1; }
done
settings=$(unzip -p "$cli" tools/net10.0/any/DotnetToolSettings.xml)
grep -q 'Command Name="ascent"' <<<"$settings" \
  || { echo "$(basename "$cli") is not a dotnet tool with the command ascent" >&2; exit 1; }
echo "library package: assembly, XML docs and README present; CLI package: dotnet tool 'ascent'"

cat > "$work/nuget.config" <<CONFIG
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="local" value="$out" />
  </packageSources>
</configuration>
CONFIG
dotnet tool install Ascent.Cli --tool-path "$work/tools" --configfile "$work/nuget.config" >/dev/null
help=$("$work/tools/ascent" --help)
head -5 <<<"$help"
result=$(cd "$work" && "$work/tools/ascent" train a2c CartPole-v1 --steps 2000 --seed 1 --eval-episodes 2 --json)
tail -1 <<<"$result"
echo "pack-check: OK"

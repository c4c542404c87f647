#!/usr/bin/env bash
# Runs learning benchmarks for docs/benchmarks.md: for each case "ALGO ENV", seeds 1–5 of `ascent train ALGO ENV` with
# the shipped hyperparameters and a 100-episode deterministic evaluation after training; one JSON line per run goes
# to OUT, then a summary per case (final 100-episode return, evaluation, wall time). Run directories go under RUNS.
# Usage: scripts/bench-learning.sh OUT RUNS "ALGO ENV" ["ALGO ENV" …]   (SEEDS="1 2 3" overrides the seeds)
set -euo pipefail
out=$1 runs=$2
shift 2
cd "$(dirname "$0")/.."
dotnet build -c Release src/Ascent.Cli >/dev/null
ascent=(dotnet src/Ascent.Cli/bin/Release/net10.0/Ascent.Cli.dll)
: > "$out"
for case in "$@"; do
  read -r algo env <<< "$case"
  for seed in ${SEEDS:-1 2 3 4 5}; do
    "${ascent[@]}" train "$algo" "$env" --seed "$seed" --eval-episodes 100 --json --runs "$runs" 2>/dev/null | tail -1 >> "$out"
  done
done
python3 - "$out" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
for key in sorted({(r["algo"], r["env"]) for r in rows}):
    rs = [r for r in rows if (r["algo"], r["env"]) == key]
    final = [r["mean_return_100"] for r in rs]
    evals = [r["eval_mean_return"] for r in rs]
    print(f"{key[0]} {key[1]}: final {statistics.mean(final):.1f} ± {statistics.pstdev(final):.1f}, "
          f"eval {statistics.mean(evals):.1f} ± {statistics.pstdev(evals):.1f}, "
          f"seconds {statistics.mean(r['seconds'] for r in rs):.1f}, per seed {[round(x, 1) for x in final]}")
PY

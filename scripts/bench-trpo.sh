#!/usr/bin/env bash
# Learning results of docs/benchmarks.md ("TRPO / NPG"): 5 seeds each of TRPO on CartPole-v1, Pendulum-v1 and
# Acrobot-v1 and NPG on CartPole-v1, with the shipped hyperparameters (hyperparams/trpo.yml: RL Zoo's tuned TRPO
# settings; hyperparams/npg.yml) and a 100-episode deterministic evaluation after training. Writes one JSON line per
# run to ${OUT:-bench-trpo.jsonl} and a summary table.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${OUT:-bench-trpo.jsonl}
runs=${RUNS:-runs/bench-trpo}
dotnet build -c Release src/Ascent.Cli >/dev/null
ascent=(dotnet src/Ascent.Cli/bin/Release/net10.0/Ascent.Cli.dll)
: > "$out"
for case in "trpo CartPole-v1" "trpo Pendulum-v1" "trpo Acrobot-v1" "npg CartPole-v1"; do
  read -r algo env <<< "$case"
  for seed in 1 2 3 4 5; do
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

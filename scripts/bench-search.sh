#!/usr/bin/env bash
# Learning results of docs/benchmarks.md ("Gradient-free search"): every policy-search method on CartPole-v1 with a
# linear policy, and CMA-ES with a 16-unit MLP on Pendulum-v1, seeds 1-5, with the shipped settings
# (hyperparams/<method>.yml). After every generation the current solution is evaluated on 20 episodes (not counted as
# training steps, not timed); a run reports the steps and search seconds at which that evaluation first reached the
# threshold, and a final 100-episode evaluation after its whole budget. Writes one JSON line per run to
# ${OUT:-bench-search.jsonl} and prints a Markdown summary.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${OUT:-bench-search.jsonl}
seeds=${SEEDS:-"1 2 3 4 5"}
dotnet build -c Release src/Ascent.Cli >/dev/null
ascent=(dotnet src/Ascent.Cli/bin/Release/net10.0/Ascent.Cli.dll)
: > "$out"
for method in cem cmaes es ars ga hill nelder-mead fd kohl-stone; do
  for seed in $seeds; do
    "${ascent[@]}" bench policy-search "$method" CartPole-v1 --seed "$seed" --json >> "$out"
  done
done
for seed in $seeds; do
  "${ascent[@]}" bench policy-search cmaes Pendulum-v1 --threshold -300 --eval-episodes 10 --seed "$seed" --json >> "$out"
done
python3 - "$out" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
print("| method | env | policy | budget | reached | steps to threshold (per seed) | search seconds to threshold | final 100-episode evaluation (mean ± std over seeds) |")
print("|---|---|---|---|---|---|---|---|")
for key in dict.fromkeys((r["algo"], r["env"]) for r in rows):
    rs = sorted((r for r in rows if (r["algo"], r["env"]) == key), key=lambda r: r["seed"])
    steps = ", ".join(f'{r["steps_to_threshold"]:,}' if r["reached"] else "—" for r in rs)
    secs = ", ".join(f'{r["seconds_to_threshold"]:.2f}' if r["reached"] else "—" for r in rs)
    finals = [r["final_mean"] for r in rs]
    print(f'| {key[0]} | {key[1]} | {rs[0]["policy"]} ({rs[0]["parameters"]}) | {rs[0]["budget"]:,} | {sum(r["reached"] for r in rs)}/{len(rs)} '
          f'| {steps} | {secs} | {statistics.mean(finals):.1f} ± {statistics.pstdev(finals):.1f} |')
PY

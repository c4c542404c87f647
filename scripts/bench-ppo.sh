#!/usr/bin/env bash
# Learning results of docs/benchmarks.md ("PPO"): 5 seeds each of PPO with RL Zoo's settings on CartPole-v1 (100k),
# Acrobot-v1 (500k), Pendulum-v1 (100k) and MountainCarContinuous-v0 (20k, 1 env, constant 7.77e-5: the Zoo's exact
# setting), PPO's shipped MountainCarContinuous-v0 section (4 envs, lin_2e-4, 100k), PPO with CleanRL's ppo.py
# settings on CartPole-v1 (500k), and PPO-KL on CartPole-v1 (100k), each followed by a 100-episode deterministic
# evaluation.
# Writes one JSON line per run to ${OUT:-bench-ppo.jsonl} and a summary table. CASES overrides the list.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${OUT:-bench-ppo.jsonl}
runs=${RUNS:-runs/bench-ppo}
dotnet build -c Release src/Ascent.Cli >/dev/null
ascent=(dotnet src/Ascent.Cli/bin/Release/net10.0/Ascent.Cli.dll)
default_cases=(
  "ppo CartPole-v1 100000"
  "ppo CartPole-v1 500000 --preset cleanrl"
  "ppo Acrobot-v1 500000"
  "ppo Pendulum-v1 100000"
  "ppo MountainCarContinuous-v0 20000 --set n_envs=1 --set learning_rate=7.77e-05"
  "ppo MountainCarContinuous-v0 100000"
  "ppo-kl CartPole-v1 100000"
)
if [[ -n "${CASES:-}" ]]; then mapfile -t cases <<< "$CASES"; else cases=("${default_cases[@]}"); fi
: > "$out"
for case in "${cases[@]}"; do
  read -r algo env steps extra <<< "$case"
  for seed in ${SEEDS:-1 2 3 4 5}; do
    # shellcheck disable=SC2086
    line=$("${ascent[@]}" train "$algo" "$env" --steps "$steps" --seed "$seed" $extra --eval-episodes 100 --json --runs "$runs" 2>/dev/null | tail -1)
    echo "${line%\}},\"case\":\"$case\"}" >> "$out"
  done
done
python3 - "$out" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
for case in dict.fromkeys(r["case"] for r in rows):
    rs = [r for r in rows if r["case"] == case]
    final = [r["mean_return_100"] for r in rs]
    evals = [r["eval_mean_return"] for r in rs]
    print(f"{case}: final {statistics.mean(final):.1f} ± {statistics.pstdev(final):.1f}, "
          f"eval {statistics.mean(evals):.1f} ± {statistics.pstdev(evals):.1f}, seconds {statistics.mean(r['seconds'] for r in rs):.1f}")
    for r in rs:
        print(f"  seed {r['seed']}: final {r['mean_return_100']:.1f}, eval {r['eval_mean_return']:.1f} ± {r['eval_std_return']:.1f}, "
              f"{r['seconds']:.1f} s, {r['episodes']} episodes")
PY

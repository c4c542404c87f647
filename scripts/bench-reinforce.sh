#!/usr/bin/env bash
# Learning results of docs/benchmarks.md ("REINFORCE"): 5 seeds each of batch REINFORCE (`ascent train reinforce`) on
# CartPole-v1 and Acrobot-v1 with the shipped settings (hyperparams/reinforce.yml) and a 100-episode deterministic
# evaluation after training. Writes one JSON line per run to ${OUT:-bench-reinforce.jsonl} and a summary table.
exec "$(dirname "$0")/bench-learning.sh" "${OUT:-bench-reinforce.jsonl}" "${RUNS:-runs/bench-reinforce}" \
  "reinforce CartPole-v1" "reinforce Acrobot-v1"

#!/usr/bin/env bash
# Learning results of docs/benchmarks.md ("TRPO / NPG"): 5 seeds each of TRPO on CartPole-v1, Pendulum-v1 and
# Acrobot-v1 (hyperparams/trpo.yml: RL Zoo's tuned TRPO settings) and NPG on CartPole-v1 (hyperparams/npg.yml), each
# evaluated deterministically for 100 episodes after training. Writes ${OUT:-bench-trpo.jsonl} and a summary.
exec "$(dirname "$0")/bench-learning.sh" "${OUT:-bench-trpo.jsonl}" "${RUNS:-runs/bench-trpo}" \
  "trpo CartPole-v1" "trpo Pendulum-v1" "trpo Acrobot-v1" "npg CartPole-v1"

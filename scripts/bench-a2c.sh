#!/usr/bin/env bash
# Learning results of docs/benchmarks.md ("A2C / A3C"): 5 seeds each of A2C on CartPole-v1, Acrobot-v1 and
# Pendulum-v1 and A3C on CartPole-v1, with the shipped tuned hyperparameters and a 100-episode deterministic
# evaluation after training. Writes one JSON line per run to ${OUT:-bench-a2c.jsonl} and a summary table.
exec "$(dirname "$0")/bench-learning.sh" "${OUT:-bench-a2c.jsonl}" "${RUNS:-runs/bench-a2c}" \
  "a2c CartPole-v1" "a2c Acrobot-v1" "a2c Pendulum-v1" "a3c CartPole-v1"

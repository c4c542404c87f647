#!/usr/bin/env python3
"""PyTorch comparator for `ascent bench mlp`.

Measures the same thing as the Ascent benchmark: single-threaded forward + backward (no optimizer step) of a
4-64-64-2 tanh MLP with a cross-entropy loss (log-softmax, pick the label's log-probability, mean), in samples
per second at batch 64, 512 and 2048. Prints one JSON object per line, in the `ascent bench --json` shape plus
"framework": "pytorch".

    python3 bench/pytorch_mlp.py            # Debian: apt-get install -y python3-torch

Timing: two warm-up calls, then calls are doubled until a batch of calls lasts >= MIN_SECONDS / 4, scaled to
MIN_SECONDS, and the best of REPETITIONS timed batches is kept (load from other processes only slows a run down).
PyTorch gets its fastest idioms: zero_grad(set_to_none=True) and F.cross_entropy's fused log-softmax + NLL.
"""
import json
import sys
import time

import torch
import torch.nn.functional as F

MIN_SECONDS = 0.2
REPETITIONS = 5
BATCHES = (64, 512, 2048)


def best_seconds_per_call(step):
    step()
    step()
    calls = 1
    while True:
        start = time.perf_counter()
        for _ in range(calls):
            step()
        elapsed = time.perf_counter() - start
        if elapsed >= MIN_SECONDS / 4 or calls > 1 << 40:
            break
        calls *= 2
    calls = max(1, int(calls * MIN_SECONDS / max(elapsed, 1e-9)) + 1)
    best = float("inf")
    for _ in range(REPETITIONS):
        start = time.perf_counter()
        for _ in range(calls):
            step()
        best = min(best, (time.perf_counter() - start) / calls)
    return best


def main():
    torch.set_num_threads(1)
    torch.manual_seed(0)
    for batch in BATCHES:
        model = torch.nn.Sequential(
            torch.nn.Linear(4, 64), torch.nn.Tanh(),
            torch.nn.Linear(64, 64), torch.nn.Tanh(),
            torch.nn.Linear(64, 2))
        x = torch.randn(batch, 4)
        labels = torch.randint(0, 2, (batch,))

        def step():
            model.zero_grad(set_to_none=True)
            loss = F.cross_entropy(model(x), labels)
            loss.backward()

        seconds = best_seconds_per_call(step)
        print(json.dumps({"bench": "mlp", "framework": "pytorch", "torch": torch.__version__,
                          "threads": torch.get_num_threads(), "batch": batch,
                          "samples_per_s": float(f"{batch / seconds:.6g}")}, separators=(",", ":")))
        sys.stdout.flush()


if __name__ == "__main__":
    main()

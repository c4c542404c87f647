"""Comparator for `ascent experiment fig13-1`: Sutton & Barto's REINFORCE box on the short corridor in NumPy.

Same algorithm and settings as Ascent's Figure 13.1 runs: linear softmax over x(s,right) = [1,0], x(s,left) = [0,1],
theta = [-1.47, 1.47], the 0.05 exploration floor, gamma = 1, per-step updates after each episode. Prints the corridor
steps per second of one thread and the mean of the last 100 episodes.

    /usr/bin/python3 bench/python/short_corridor_reinforce.py [RUNS] [ALPHA_EXPONENT]
"""
import sys
import time

import numpy as np

FEATURES = np.array([[1.0, 0.0], [0.0, 1.0]])  # row a = x(s, a); action 0 = right, 1 = left
FLOOR = 0.05


def probabilities(theta):
    h = FEATURES @ theta
    e = np.exp(h - h.max())
    p = e / e.sum()
    low = p.argmin()
    if p[low] < FLOOR:
        p[:] = 1 - FLOOR
        p[low] = FLOOR
    return p


def step(state, action):
    moves_right = (action == 1) if state == 1 else (action == 0)  # the middle state swaps the actions
    return state + 1 if moves_right else max(state - 1, 0)


def run(alpha, episodes, rng):
    theta = np.array([-1.47, 1.47])
    totals, steps = np.zeros(episodes), 0
    for e in range(episodes):
        state, actions = 0, []
        while state != 3:
            a = 0 if rng.random() < probabilities(theta)[0] else 1
            actions.append(a)
            state = step(state, a)
        T = len(actions)
        steps += T
        totals[e] = -T
        for t, a in enumerate(actions):
            g = -(T - t)  # reward -1 per step, gamma = 1
            p = probabilities(theta)
            theta += alpha * g * (FEATURES[a] - p @ FEATURES)
    return totals, steps


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    alpha = 2.0 ** (int(sys.argv[2]) if len(sys.argv) > 2 else -13)
    rng = np.random.default_rng(0)
    start = time.perf_counter()
    curves, steps = [], 0
    for _ in range(runs):
        totals, n = run(alpha, 1000, rng)
        curves.append(totals)
        steps += n
    seconds = time.perf_counter() - start
    print(f"{runs} runs x 1000 episodes: {steps} steps in {seconds:.2f} s = {steps / seconds:.0f} steps/s; "
          f"mean of the last 100 episodes {np.mean(np.array(curves)[:, -100:]):.2f}")


if __name__ == "__main__":
    main()

"""Comparator for `ascent experiment reinforce-cartpole`: batch REINFORCE on CartPole-v1 in PyTorch (one thread).

The same algorithm and settings as Ascent's run: 5000-step batches of complete episodes, reward-to-go with gamma = 0.99,
a 64-64 tanh value baseline fitted (5 Adam steps per batch) to standardised returns, normalised advantages, a 64-64 tanh
softmax policy, Adam 5e-3. CartPole-v1's dynamics are Gymnasium's (Euler integration, 500-step limit), written in NumPy
so no Gymnasium install is needed. Prints steps per second and the 100-episode mean return after each batch.

    /usr/bin/python3 bench/python/reinforce_cartpole.py [STEPS=200000] [SEED=0]
"""
import math
import sys
import time
from collections import deque

import numpy as np
import torch
from torch import nn


class CartPole:
    gravity, masscart, masspole, length, force_mag, tau = 9.8, 1.0, 0.1, 0.5, 10.0, 0.02
    total_mass = masscart + masspole
    polemass_length = masspole * length
    theta_limit, x_limit, max_steps = 12 * 2 * math.pi / 360, 2.4, 500

    def __init__(self, seed):
        self.rng = np.random.default_rng(seed)

    def reset(self):
        self.state = self.rng.uniform(-0.05, 0.05, size=4)
        self.steps = 0
        return self.state.astype(np.float32)

    def step(self, action):
        x, x_dot, theta, theta_dot = self.state
        force = self.force_mag if action == 1 else -self.force_mag
        cos, sin = math.cos(theta), math.sin(theta)
        temp = (force + self.polemass_length * theta_dot ** 2 * sin) / self.total_mass
        theta_acc = (self.gravity * sin - cos * temp) / (self.length * (4.0 / 3.0 - self.masspole * cos ** 2 / self.total_mass))
        x_acc = temp - self.polemass_length * theta_acc * cos / self.total_mass
        x, x_dot = x + self.tau * x_dot, x_dot + self.tau * x_acc
        theta, theta_dot = theta + self.tau * theta_dot, theta_dot + self.tau * theta_acc
        self.state = np.array([x, x_dot, theta, theta_dot])
        self.steps += 1
        terminated = abs(x) > self.x_limit or abs(theta) > self.theta_limit
        return self.state.astype(np.float32), 1.0, terminated, self.steps >= self.max_steps


def mlp(out):
    return nn.Sequential(nn.Linear(4, 64), nn.Tanh(), nn.Linear(64, 64), nn.Tanh(), nn.Linear(64, out))


def main():
    total_steps = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    torch.set_num_threads(1)
    torch.manual_seed(seed)
    env = CartPole(seed)
    policy, value = mlp(2), mlp(1)
    policy_opt = torch.optim.Adam(policy.parameters(), lr=5e-3)
    value_opt = torch.optim.Adam(value.parameters(), lr=5e-3)
    recent, steps, start = deque(maxlen=100), 0, time.perf_counter()
    while steps < total_steps:
        obs_batch, act_batch, rtg_batch, episodes = [], [], [], 0
        while len(obs_batch) < 5000:  # 1. sample complete episodes
            obs, rewards, done = env.reset(), [], False
            while not done:
                with torch.no_grad():
                    logits = policy(torch.from_numpy(obs))
                action = torch.distributions.Categorical(logits=logits).sample().item()
                obs_batch.append(obs)
                act_batch.append(action)
                obs, r, terminated, truncated = env.step(action)
                rewards.append(r)
                done = terminated or truncated
            g, rtg = 0.0, []
            for r in reversed(rewards):
                g = r + 0.99 * g
                rtg.append(g)
            rtg_batch.extend(reversed(rtg))
            recent.append(sum(rewards))
            episodes += 1
        steps += len(obs_batch)
        obs_t = torch.from_numpy(np.array(obs_batch))
        act_t = torch.tensor(act_batch)
        q = torch.tensor(rtg_batch, dtype=torch.float32)
        mean, std = q.mean(), q.std(unbiased=False).clamp_min(1e-8)
        with torch.no_grad():
            baseline = mean + std * value(obs_t).squeeze(1)
        adv = q - baseline
        adv = (adv - adv.mean()) / adv.std(unbiased=False).clamp_min(1e-8)
        log_prob = torch.distributions.Categorical(logits=policy(obs_t)).log_prob(act_t)
        loss = -(log_prob * adv).sum() / episodes  # 2.-3. the pseudo-loss, one Adam step
        policy_opt.zero_grad()
        loss.backward()
        policy_opt.step()
        target = (q - mean) / std
        for _ in range(5):  # fit the baseline
            value_loss = ((value(obs_t).squeeze(1) - target) ** 2).mean()
            value_opt.zero_grad()
            value_loss.backward()
            value_opt.step()
        print(f"steps {steps} mean100 {np.mean(recent):.1f} {steps / (time.perf_counter() - start):.0f} steps/s", flush=True)


if __name__ == "__main__":
    main()

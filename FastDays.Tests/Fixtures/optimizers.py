"""Reference optimizer steps from PyTorch: the same parameters and gradients through SGD, Adam, AdamW and RAdam, and AdamW and SGD inside
Lookahead (Zhang et al. 2019, written out below: torch.optim has none).

Usage: optimizers.py OUTDIR  (writes OUTDIR/optimizers.json; run by FastDays.Tests/Support/PythonFixtures)."""
import json
import sys

import torch

torch.manual_seed(0)
shapes = [(3, 4), (4,), (2, 2)]
steps = 10
init = [torch.randn(s, dtype=torch.float64) for s in shapes]
grads = [[torch.randn(s, dtype=torch.float64) for s in shapes] for _ in range(steps)]



class Lookahead:
    """The paper's algorithm around a torch optimizer: slow copies taken before the first step; every k steps slow += alpha * (fast - slow),
    then fast = slow. The inner optimizer's state carries on untouched."""

    def __init__(self, inner, k, alpha):
        self.inner, self.k, self.alpha, self.steps = inner, k, alpha, 0
        self.slow = [p.detach().clone() for g in inner.param_groups for p in g["params"]]

    @torch.no_grad()
    def step(self):
        self.inner.step()
        self.steps += 1
        if self.steps % self.k:
            return
        for p, slow in zip((p for g in self.inner.param_groups for p in g["params"]), self.slow):
            slow.add_(p - slow, alpha=self.alpha)
            p.copy_(slow)


cases = {
    "sgd": lambda ps: torch.optim.SGD(ps, lr=0.1),
    "sgd_momentum": lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9),
    "sgd_momentum_l2": lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9, weight_decay=0.01),
    "adam_l2": lambda ps: torch.optim.Adam(ps, lr=0.01, betas=(0.9, 0.99), eps=1e-5, weight_decay=0.01),
    "adamw": lambda ps: torch.optim.AdamW(ps, lr=0.01, betas=(0.9, 0.99), eps=1e-5, weight_decay=0.01),
    "adam_pytorch_defaults": lambda ps: torch.optim.Adam(ps, lr=1e-3),
    "radam_l2": lambda ps: torch.optim.RAdam(ps, lr=0.01, betas=(0.9, 0.99), eps=1e-8, weight_decay=0.01),
    "adamw_lookahead": lambda ps: Lookahead(torch.optim.AdamW(ps, lr=0.01, betas=(0.9, 0.99), eps=1e-5, weight_decay=0.01), k=2, alpha=0.5),
    "sgd_momentum_lookahead": lambda ps: Lookahead(torch.optim.SGD(ps, lr=0.1, momentum=0.9), k=4, alpha=0.8),
}

out = {"shapes": shapes, "init": [p.flatten().tolist() for p in init],
       "grads": [[g.flatten().tolist() for g in step] for step in grads], "cases": {}}
for name, make in cases.items():
    params = [torch.nn.Parameter(p.clone()) for p in init]
    opt = make(params)
    after = []
    for step in grads:
        for p, g in zip(params, step):
            p.grad = g.clone()
        opt.step()
        after.append([p.detach().flatten().tolist() for p in params])
    out["cases"][name] = after

with open(f"{sys.argv[1]}/optimizers.json", "w") as f:
    json.dump(out, f)

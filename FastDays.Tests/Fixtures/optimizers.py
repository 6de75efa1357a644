"""Reference optimizer steps from PyTorch: the same parameters and gradients through SGD, Adam and AdamW.

Usage: optimizers.py OUTDIR  (writes OUTDIR/optimizers.json; run by FastDays.Tests/Support/PythonFixtures)."""
import json
import sys

import torch

torch.manual_seed(0)
shapes = [(3, 4), (4,), (2, 2)]
steps = 6
init = [torch.randn(s, dtype=torch.float64) for s in shapes]
grads = [[torch.randn(s, dtype=torch.float64) for s in shapes] for _ in range(steps)]

cases = {
    "sgd": lambda ps: torch.optim.SGD(ps, lr=0.1),
    "sgd_momentum": lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9),
    "sgd_momentum_l2": lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9, weight_decay=0.01),
    "adam_l2": lambda ps: torch.optim.Adam(ps, lr=0.01, betas=(0.9, 0.99), eps=1e-5, weight_decay=0.01),
    "adamw": lambda ps: torch.optim.AdamW(ps, lr=0.01, betas=(0.9, 0.99), eps=1e-5, weight_decay=0.01),
    "adam_pytorch_defaults": lambda ps: torch.optim.Adam(ps, lr=1e-3),
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

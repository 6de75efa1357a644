"""One-cycle learning rates and momentums, per training step: fastai's definition computed independently here
(two cosine segments over pos = step / total), and PyTorch's OneCycleLR with the matching settings.

Usage: onecycle.py OUTDIR  (writes OUTDIR/onecycle.json)."""
import json
import math
import sys

import torch

total, lr_max, div, div_final, pct = 20, 1e-2, 25.0, 1e5, 0.25
moms = (0.95, 0.85, 0.95)


def cos_anneal(start, end, pos):
    return start + (1 + math.cos(math.pi * (1 - pos))) * (end - start) / 2


def two_phase(pos, start, middle, end):
    if pos < pct:
        return cos_anneal(start, middle, pos / pct)
    return cos_anneal(middle, end, (pos - pct) / (1 - pct))


fastai_lr = [two_phase(i / total, lr_max / div, lr_max, lr_max / div_final) for i in range(total)]
fastai_mom = [two_phase(i / total, *moms) for i in range(total)]

p = torch.nn.Parameter(torch.zeros(1))
opt = torch.optim.SGD([p], lr=lr_max, momentum=0.9)
sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=lr_max, total_steps=total, pct_start=pct, anneal_strategy="cos",
                                            div_factor=div, final_div_factor=div_final / div,
                                            base_momentum=moms[1], max_momentum=moms[0])
torch_lr, torch_mom = [], []
for _ in range(total):
    torch_lr.append(opt.param_groups[0]["lr"])
    torch_mom.append(opt.param_groups[0]["momentum"])
    opt.step()
    sched.step()

with open(f"{sys.argv[1]}/onecycle.json", "w") as f:
    json.dump({"total": total, "lr_max": lr_max, "pct_start": pct, "fastai_lr": fastai_lr, "fastai_mom": fastai_mom,
               "torch_lr": torch_lr, "torch_mom": torch_mom}, f)

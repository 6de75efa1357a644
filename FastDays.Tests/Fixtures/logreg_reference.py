"""Reference gradients of the logistic-regression cost, computed by PyTorch autograd in float64.

Usage: logreg_reference.py OUTDIR  -> writes OUTDIR/logreg_reference.json
Layout as in the course: X (n, m) with examples as columns, Y (1, m), w (n, 1), b scalar.
Each case holds its inputs, the cost J = mean BCE-with-logits, dw, db, and the costs of 20 plain
gradient-descent steps (lr 0.1) so the C# training loop can be compared step by step.
"""
import json
import os
import sys

import torch
import torch.nn.functional as F


def case(name, x, y, w, b):
    w = w.clone().requires_grad_(True)
    b = b.clone().requires_grad_(True)
    z = w.t() @ x + b
    cost = F.binary_cross_entropy_with_logits(z, y)
    cost.backward()
    out = {
        "name": name,
        "n": x.shape[0],
        "m": x.shape[1],
        "x": x.flatten().tolist(),
        "y": y.flatten().tolist(),
        "w": w.detach().flatten().tolist(),
        "b": b.item(),
        "cost": cost.item(),
        "dw": w.grad.flatten().tolist(),
        "db": b.grad.item(),
    }
    wt, bt = w.detach().clone(), b.detach().clone()
    costs = []
    for _ in range(20):
        wt.requires_grad_(True)
        bt.requires_grad_(True)
        c = F.binary_cross_entropy_with_logits(wt.t() @ x + bt, y)
        c.backward()
        costs.append(c.item())
        with torch.no_grad():
            wt = wt - 0.1 * wt.grad
            bt = bt - 0.1 * bt.grad
    out["gd_costs"] = costs
    return out


def main():
    out_dir = sys.argv[1]
    os.makedirs(out_dir, exist_ok=True)
    g = torch.Generator().manual_seed(4)
    n, m = 5, 8
    x = torch.randn(n, m, generator=g, dtype=torch.float64) * 2
    y = (torch.rand(1, m, generator=g, dtype=torch.float64) > 0.5).to(torch.float64)
    y[0, 0], y[0, 1] = 0.0, 1.0  # both classes present
    w = torch.randn(n, 1, generator=g, dtype=torch.float64) * 0.5
    b = torch.tensor(0.25, dtype=torch.float64)
    cases = [
        case("small", x, y, w, b),
        # Logits of several hundred: a naive log(sigmoid) would give inf/NaN here.
        case("large-logits", x, y, w * 400, b),
    ]
    with open(os.path.join(out_dir, "logreg_reference.json"), "w") as f:
        json.dump({"torch": torch.__version__, "cases": cases}, f, indent=1)


if __name__ == "__main__":
    main()

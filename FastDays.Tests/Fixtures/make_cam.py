"""Class activation maps by the book's chapter 18 computation, made with Debian's PyTorch 1.13 for the CAM tests.

Usage: make_cam.py OUTDIR. Writes cam_model.pt (the state dict of a small CNN: body 0, head 1 as fastai's vision models are laid out) and
cam_expected.json: the input image, the CAM of every class (einsum of the head's last linear weight with the body's activations) and the
Grad-CAM of class 2 at the body's second convolution block (channel weights = the mean gradient of the class score over positions)."""
import json
import sys

import torch
from torch import nn

out = sys.argv[1]
torch.manual_seed(0)
body = nn.Sequential(nn.Conv2d(3, 8, 3, stride=2, padding=1, bias=False), nn.BatchNorm2d(8), nn.ReLU(),
                     nn.Conv2d(8, 16, 3, stride=2, padding=1, bias=False), nn.BatchNorm2d(16), nn.ReLU())
head = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(16, 4, bias=False))
model = nn.Sequential(body, head)
with torch.no_grad():
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.running_mean.uniform_(-0.2, 0.2)
            m.running_var.uniform_(0.5, 1.5)
            m.weight.uniform_(0.5, 1.5)
            m.bias.uniform_(-0.2, 0.2)
model.eval()
torch.save(model.state_dict(), f"{out}/cam_model.pt")
x = torch.randn(1, 3, 32, 32)

# CAM: the book's einsum of the last linear layer's weight with the body's output.
act = body(x)[0].detach()
cam = torch.einsum('ck,kij->cij', head[-1].weight, act).detach()

# Grad-CAM of class 2 at body[3:6] (the second conv block's output, after its ReLU), through hooks as the book does.
stored = {}
fwd = body[5].register_forward_hook(lambda m, i, o: stored.__setitem__('act', o.detach().clone()))
bwd = body[5].register_full_backward_hook(lambda m, gi, go: stored.__setitem__('grad', go[0].detach().clone()))
output = model(x)
output[0, 2].backward()
fwd.remove()
bwd.remove()
w = stored['grad'][0].mean(dim=[1, 2], keepdim=True)
gradcam = (w * stored['act'][0]).sum(0)


def flat(t):
    return {"shape": list(t.shape), "values": [float(v) for v in t.reshape(-1).tolist()]}


with open(f"{out}/cam_expected.json", "w") as f:
    json.dump({"x": flat(x), "cam": flat(cam), "gradcam": flat(gradcam), "output": flat(output.detach())}, f)

#!/usr/bin/python3
"""The peer of `fb peer`: the network of `train` (XResNet.Small, widths 16-128, one ResBlock per stage) trained on Fashion-MNIST by
Debian's PyTorch with what FastDays' `train` does: the same data (the IDX files of dataset-fashion-mnist, normalised per batch with the training
set's mean and standard deviation), batch size, AdamW with fastai's settings (eps 1e-5, beta2 0.99, no weight decay on batchnorm and biases), the
one-cycle schedule (cosine warm-up over pct_start from lr/25, cosine annealing to lr/1e5, beta1 cycled 0.95-0.85-0.95), cross-entropy with label
smoothing, no augmentation. Prints one JSON line: each epoch's wall time (training and validation) and test accuracy.

usage: peer_train.py VARIANT [--epochs N] [--bs N] [--lr X] [--wd X] [--threads N] [--seed N] [--data DIR]
VARIANT: fp32 (contiguous), channels_last, bf16_channels_last (CPU autocast to bfloat16)."""
import argparse
import gzip
import json
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return torch.from_numpy(np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape).copy())


def conv_layer(ni, nf, ks=3, stride=1, zero_bn=False, act=True):
    bn = nn.BatchNorm2d(nf)
    if zero_bn:
        nn.init.zeros_(bn.weight)
    layers = [nn.Conv2d(ni, nf, ks, stride=stride, padding=ks // 2, bias=False), bn]
    if act:
        layers.append(nn.ReLU(inplace=True))
    return nn.Sequential(*layers)


class ResBlock(nn.Module):
    def __init__(self, ni, nf, stride):
        super().__init__()
        self.convpath = nn.Sequential(conv_layer(ni, nf, 3, stride), conv_layer(nf, nf, 3, zero_bn=True, act=False))
        idpath = []
        if stride != 1:
            idpath.append(nn.AvgPool2d(stride, ceil_mode=True))
        if ni != nf:
            idpath.append(conv_layer(ni, nf, 1, act=False))
        self.idpath = nn.Sequential(*idpath)

    def forward(self, x):
        return F.relu(self.convpath(x) + self.idpath(x), inplace=True)


def xresnet_small(c_in, n_out, widths):
    layers = [conv_layer(c_in, widths[0], 3)]
    layers += [ResBlock(widths[i - 1], widths[i], 2) for i in range(1, len(widths))]
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(widths[-1], n_out)]
    model = nn.Sequential(*layers)
    for m in model.modules():
        if isinstance(m, nn.Conv2d):
            nn.init.kaiming_normal_(m.weight)
        elif isinstance(m, nn.Linear):
            nn.init.kaiming_normal_(m.weight)
            nn.init.zeros_(m.bias)
    return model


def main():
    p = argparse.ArgumentParser()
    p.add_argument("variant", choices=["fp32", "channels_last", "bf16_channels_last"])
    p.add_argument("--epochs", type=int, default=2)
    p.add_argument("--bs", type=int, default=128)
    p.add_argument("--lr", type=float, default=0.005)
    p.add_argument("--wd", type=float, default=0.01)
    p.add_argument("--pct-start", type=float, default=0.25)
    p.add_argument("--label-smoothing", type=float, default=0.1)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    x_train = read_idx(f"{a.data}/train-images-idx3-ubyte.gz").unsqueeze(1)
    y_train = read_idx(f"{a.data}/train-labels-idx1-ubyte.gz").long()
    x_test = read_idx(f"{a.data}/t10k-images-idx3-ubyte.gz").unsqueeze(1)
    y_test = read_idx(f"{a.data}/t10k-labels-idx1-ubyte.gz").long()
    scaled = x_train.float() / 255
    mean, std = scaled.mean().item(), scaled.std().item()

    def normalize(x):
        return (x.float() / 255 - mean) / std

    channels_last = a.variant != "fp32"
    bf16 = a.variant == "bf16_channels_last"
    model = xresnet_small(1, 10, [16, 32, 64, 128])
    if channels_last:
        model = model.to(memory_format=torch.channels_last)
    decay = [q for n, q in model.named_parameters() if q.ndim > 1]
    no_decay = [q for n, q in model.named_parameters() if q.ndim <= 1]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": a.wd}, {"params": no_decay, "weight_decay": 0.0}],
                            lr=a.lr, betas=(0.95, 0.99), eps=1e-5)
    steps_per_epoch = (len(x_train) + a.bs - 1) // a.bs
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=a.lr, total_steps=a.epochs * steps_per_epoch, pct_start=a.pct_start,
                                                anneal_strategy="cos", cycle_momentum=True, base_momentum=0.85, max_momentum=0.95,
                                                div_factor=25.0, final_div_factor=1e5 / 25)
    loss_fn = nn.CrossEntropyLoss(label_smoothing=a.label_smoothing)

    def batch(x):
        x = normalize(x)
        return x.contiguous(memory_format=torch.channels_last) if channels_last else x

    epochs = []
    for epoch in range(a.epochs):
        start = time.perf_counter()
        model.train()
        order = torch.randperm(len(x_train))
        total = 0.0
        for i in range(steps_per_epoch):
            idx = order[i * a.bs:(i + 1) * a.bs]
            xb, yb = batch(x_train[idx]), y_train[idx]
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
                loss = loss_fn(model(xb).float(), yb)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            sched.step()
            total += loss.item()
        train_time = time.perf_counter() - start
        model.eval()
        correct = 0
        with torch.no_grad(), torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
            for i in range(0, len(x_test), max(a.bs, 512)):
                correct += (model(batch(x_test[i:i + 512])).argmax(1) == y_test[i:i + 512]).sum().item()
        epochs.append({"time": time.perf_counter() - start, "train_time": train_time, "train_loss": total / steps_per_epoch,
                       "accuracy": correct / len(x_test)})
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "variant": a.variant, "epochs": epochs}))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Builds FashionTiny, the Fashion-MNIST subset embedded in FastDays.Datasets (like fastai's MNIST_TINY).

Takes the first N images of every class, in file order, from the full IDX files, so the subset is balanced and
reproducible: 250 per class from the training set, 100 per class from the test set. Writes IDX files gzip'ed
with a zero timestamp so a rerun gives identical bytes.

usage: make_fashion_tiny.py [SOURCE_DIR] [OUT_DIR]
"""
import gzip, os, struct, sys

SRC = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/datasets/fashion-mnist"
OUT = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(__file__), "..", "FastDays.Datasets", "FashionTiny")


def read(prefix):
    with gzip.open(os.path.join(SRC, f"{prefix}-images-idx3-ubyte.gz")) as f:
        magic, n, rows, cols = struct.unpack(">IIII", f.read(16))
        assert magic == 0x803, magic
        pixels = f.read(n * rows * cols)
    with gzip.open(os.path.join(SRC, f"{prefix}-labels-idx1-ubyte.gz")) as f:
        magic, m = struct.unpack(">II", f.read(8))
        assert magic == 0x801 and m == n
        labels = f.read(n)
    return pixels, labels, rows * cols


def write(prefix, pixels, labels, per_class, size):
    counts, keep = [0] * 10, []
    for i, y in enumerate(labels):
        if counts[y] < per_class:
            counts[y] += 1
            keep.append(i)
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, f"{prefix}-images-idx3-ubyte.gz"), "wb") as raw, \
            gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0) as f:
        f.write(struct.pack(">IIII", 0x803, len(keep), 28, 28))
        for i in keep:
            f.write(pixels[i * size:(i + 1) * size])
    with open(os.path.join(OUT, f"{prefix}-labels-idx1-ubyte.gz"), "wb") as raw, \
            gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0) as f:
        f.write(struct.pack(">II", 0x801, len(keep)))
        f.write(bytes(labels[i] for i in keep))
    print(prefix, len(keep), "images")


for prefix, per_class in (("train", 250), ("t10k", 100)):
    pixels, labels, size = read(prefix)
    write(prefix, pixels, labels, per_class, size)

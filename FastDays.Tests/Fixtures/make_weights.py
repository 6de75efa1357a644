"""PyTorch weight files for the interop tests, made with Debian's PyTorch 1.13 and torchvision.

Usage: make_weights.py OUTDIR. Writes resnet18 (zip, legacy and safetensors formats) with its eval output on a fixed
input, a file of every dtype, a dict of views sharing one storage, a nested checkpoint, a pickled whole module, a
truncated file, and for each file the expected tensors as float64 values (expected_<name>.json + .bin) read by the
tests independently of the formats under test."""
import json
import struct
import sys

import torch
import torchvision

out = sys.argv[1]
torch.manual_seed(0)


def expected(name, tensors):
    """Writes name → dtype, shape and float64 values (C order) for the tests."""
    meta, blob, offset = {}, bytearray(), 0
    for key, t in tensors.items():
        values = t.detach().to(torch.float64).contiguous().flatten()
        meta[key] = {"dtype": str(t.dtype).replace("torch.", ""), "shape": list(t.shape), "offset": offset, "count": values.numel()}
        blob += values.numpy().tobytes()
        offset += values.numel()
    with open(f"{out}/expected_{name}.json", "w") as f:
        json.dump(meta, f)
    with open(f"{out}/expected_{name}.bin", "wb") as f:
        f.write(blob)


SAFE_DTYPES = {torch.float64: "F64", torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16", torch.int64: "I64",
               torch.int32: "I32", torch.int16: "I16", torch.int8: "I8", torch.uint8: "U8", torch.bool: "BOOL"}


def save_safetensors(path, tensors):
    """The safetensors layout written by hand: u64 header size, JSON header, then the raw little-endian data."""
    header, blobs, offset = {"__metadata__": {"format": "pt"}}, [], 0
    for key, t in tensors.items():
        t = t.detach().contiguous()
        data = t.view(torch.int16).numpy().tobytes() if t.dtype == torch.bfloat16 else t.numpy().tobytes()
        header[key] = {"dtype": SAFE_DTYPES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    encoded = json.dumps(header).encode()
    encoded += b" " * (-len(encoded) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(encoded)) + encoded + b"".join(blobs))


# resnet18 with 10 classes, trained a little so the batchnorm statistics are not the defaults.
model = torchvision.models.resnet18(num_classes=10)
model.train()
with torch.no_grad():
    for _ in range(2):
        model(torch.randn(4, 3, 64, 64))
model.eval()
sd = model.state_dict()
torch.save(sd, f"{out}/resnet18.pt")
torch.save(sd, f"{out}/resnet18_legacy.pt", _use_new_zipfile_serialization=False)
save_safetensors(f"{out}/resnet18.safetensors", sd)
expected("resnet18", sd)
x = torch.randn(2, 3, 64, 64)
with torch.no_grad():
    y = model(x)
x.numpy().astype("<f4").tofile(f"{out}/resnet18_input.bin")
y.numpy().astype("<f4").tofile(f"{out}/resnet18_output.bin")

# Every dtype the readers support.
dtypes = {
    "f64": torch.randn(2, 3, dtype=torch.float64), "f32": torch.randn(4), "f16": torch.randn(3, 4).half(),
    "bf16": torch.randn(5, 2).bfloat16(), "i64": torch.tensor([-(2 ** 40), 7, 0]), "i32": torch.tensor([-5, 1 << 30], dtype=torch.int32),
    "i16": torch.tensor([-300, 300], dtype=torch.int16), "i8": torch.tensor([-128, 5, 127], dtype=torch.int8),
    "u8": torch.tensor([0, 200, 255], dtype=torch.uint8), "bool": torch.tensor([True, False, True]),
}
torch.save(dtypes, f"{out}/dtypes.pt")
torch.save(dtypes, f"{out}/dtypes_legacy.pt", _use_new_zipfile_serialization=False)
save_safetensors(f"{out}/dtypes.safetensors", dtypes)
expected("dtypes", dtypes)

# Views, transposes and scalars sharing one storage.
base = torch.arange(24, dtype=torch.float32)
views = {"base": base, "slice": base[4:10], "transposed": base.view(4, 6).t(), "strided": base.view(4, 6)[:, ::2],
         "scalar": base[7], "reshaped": base.view(2, 3, 4)[1]}
torch.save(views, f"{out}/views.pt")
torch.save(views, f"{out}/views_legacy.pt", _use_new_zipfile_serialization=False)
expected("views", views)

# A nested checkpoint.
small = torch.nn.Sequential(torch.nn.Linear(3, 2), torch.nn.BatchNorm1d(2))
checkpoint = {"model": small.state_dict(), "epoch": 3, "optimizer": {"lr": 0.1, "betas": (0.9, 0.99), "state": {}},
              "name": "small", "best": None, "done": True}
torch.save(checkpoint, f"{out}/nested.pt")
expected("nested", small.state_dict())

# A whole pickled module (refused), and a truncated file.
torch.save(small, f"{out}/module.pt")
with open(f"{out}/resnet18.pt", "rb") as f:
    data = f.read()
with open(f"{out}/truncated.pt", "wb") as f:
    f.write(data[: len(data) // 2])

"""Reference for `bench images`: JPEG files to normalised 224×224 batches with Pillow + torchvision (Debian's python3-torchvision).

Usage: bench_images_pillow.py FOLDER BATCH_SIZE WORKERS. Prints one line: images per second (after a warm-up pass)."""
import glob
import sys
import time

import torch
import torchvision.transforms as T
from PIL import Image

folder, bs, workers = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
files = sorted(glob.glob(f"{folder}/*.jpg"))
tfm = T.Compose([T.Resize(224), T.CenterCrop(224), T.ToTensor(), T.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])])


class Files(torch.utils.data.Dataset):
    def __len__(self):
        return len(files)

    def __getitem__(self, i):
        with Image.open(files[i]) as im:
            return tfm(im.convert("RGB"))


loader = torch.utils.data.DataLoader(Files(), batch_size=bs, num_workers=workers)
for _ in loader:   # warm-up: file cache, worker start
    pass
start = time.perf_counter()
n = 0
for batch in loader:
    n += batch.shape[0]
print(f"{n / (time.perf_counter() - start):.1f}")

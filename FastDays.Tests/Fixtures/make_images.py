"""Images of every format and mode the decoder supports, and the pixels Debian's Pillow decodes them to.

Usage: make_images.py OUTDIR. For each image NAME.EXT it writes NAME.EXT and NAME.rgb: Pillow's decoding after
ImageOps.exif_transpose, converted to RGB, as raw bytes (height, width, 3) with the size in NAME.json."""
import io
import json
import sys

import numpy as np
from PIL import Image, ImageOps

out = sys.argv[1]
rng = np.random.default_rng(0)
h, w = 23, 37   # odd, non-square sizes catch transposed or off-by-one decoders
y, x = np.mgrid[0:h, 0:w]
rgb = np.stack([x * 255 // (w - 1), y * 255 // (h - 1), (x * y) % 256], axis=-1).astype(np.uint8)
rgb[5:9, 3:12] = rng.integers(0, 256, (4, 9, 3), dtype=np.uint8)
rgba = np.concatenate([rgb, (x * 7 % 256).astype(np.uint8)[..., None]], axis=-1)
base = Image.fromarray(rgb, "RGB")

images = {
    "rgb.png": base,
    "rgba.png": Image.fromarray(rgba, "RGBA"),
    "gray.png": base.convert("L"),
    "palette.png": base.convert("P", palette=Image.ADAPTIVE, colors=64),
    "palette.gif": base.convert("P", palette=Image.ADAPTIVE, colors=32),
    "rgb.bmp": base,
    "rgb_lossless.webp": base,
    "rgb.jpg": base,
    "gray.jpg": base.convert("L"),
}
for name, image in images.items():
    kwargs = {"lossless": True} if name.endswith(".webp") else {"quality": 95} if name.endswith(".jpg") else {}
    image.save(f"{out}/{name}", **kwargs)

# A JPEG stored sideways with EXIF orientation 6 (rotate 90° clockwise to view).
exif = Image.Exif()
exif[0x0112] = 6
base.transpose(Image.Transpose.ROTATE_90).save(f"{out}/exif6.jpg", quality=95, exif=exif.tobytes())

for name in list(images) + ["exif6.jpg"]:
    with Image.open(f"{out}/{name}") as im:
        decoded = np.asarray(ImageOps.exif_transpose(im).convert("RGB"))
    decoded.tofile(f"{out}/{name}.rgb")
    with open(f"{out}/{name}.json", "w") as f:
        json.dump({"height": decoded.shape[0], "width": decoded.shape[1]}, f)

# Bad files: empty, text, truncated PNG and JPEG.
open(f"{out}/empty.png", "wb").close()
with open(f"{out}/notes.png", "w") as f:
    f.write("not an image")
for name in ["rgb.png", "rgb.jpg"]:
    data = open(f"{out}/{name}", "rb").read()
    with open(f"{out}/truncated_{name}", "wb") as f:
        f.write(data[: len(data) // 2])

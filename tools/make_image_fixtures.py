#!/usr/bin/env python3
"""Image-folder fixtures for the LatentSpace tests (Tests/Fixtures/images/), written with Pillow.

fashion/<class>/<index>.png   the first 10 samples of each class of models/fashion-mnist-vae/data.npz, as 8-bit grey
fashion.npy                   the same samples in the same order (class by class, files by name), uint8 [100, 1, 28, 28]
formats/<name>.<png|jpg>      one small image per PNG colour type and bit depth, and JPEGs
formats-expected.npz          what each format image must decode to as grey ("<name>_grey", [H, W]) and as RGB
                              ("<name>_rgb", [3, H, W]), computed here from the source pixels by the stated rules
                              (16-bit to 8-bit by rounding v/257, alpha composited on black, Rec. 601 luma);
                              JPEGs are lossy, so their expectations are Pillow's decoding
"""
import pathlib
import numpy as np
from PIL import Image

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "Tests/Fixtures/images"
CLASSES = ["0-tshirt", "1-trouser", "2-pullover", "3-dress", "4-coat", "5-sandal", "6-shirt", "7-sneaker", "8-bag",
           "9-boot"]


def fashion():
    data = np.load(ROOT / "models/fashion-mnist-vae/data.npz")
    x, y = data["x"], data["y"]
    samples = []
    for label, name in enumerate(CLASSES):
        folder = OUT / "fashion" / name
        folder.mkdir(parents=True, exist_ok=True)
        for i in np.flatnonzero(y == label)[:10]:
            Image.fromarray(x[i, 0]).save(folder / f"{i:05d}.png")
            samples.append(x[i])
    np.save(OUT / "fashion.npy", np.stack(samples))


def luma(rgb):
    r, g, b = (rgb[..., k].astype(np.int64) for k in range(3))
    return ((r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16).astype(np.uint8)


def composite(values, alpha):
    return ((values.astype(np.int64) * alpha[..., None] + 127) // 255).astype(np.uint8)


def formats():
    folder = OUT / "formats"
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(0)
    h, w = 5, 7
    expected = {}

    def expect(name, grey, rgb):
        expected[f"{name}_grey"] = grey
        expected[f"{name}_rgb"] = np.moveaxis(rgb, -1, 0)

    grey = rng.integers(0, 256, (h, w), dtype=np.uint8)
    Image.fromarray(grey, "L").save(folder / "grey8.png")
    expect("grey8", grey, np.stack([grey] * 3, -1))

    grey16 = rng.integers(0, 65536, (h, w)).astype(np.uint16)
    Image.fromarray(grey16.astype(np.int32), "I").convert("I;16").save(folder / "grey16.png")
    g16 = ((grey16.astype(np.int64) * 255 + 32767) // 65535).astype(np.uint8)
    expect("grey16", g16, np.stack([g16] * 3, -1))

    rgb = rng.integers(0, 256, (h, w, 3), dtype=np.uint8)
    Image.fromarray(rgb, "RGB").save(folder / "rgb8.png")
    expect("rgb8", luma(rgb), rgb)

    rgba = rng.integers(0, 256, (h, w, 4), dtype=np.uint8)
    Image.fromarray(rgba, "RGBA").save(folder / "rgba8.png")
    flat = composite(rgba[..., :3], rgba[..., 3].astype(np.int64))
    expect("rgba8", luma(flat), flat)

    la = rng.integers(0, 256, (h, w, 2), dtype=np.uint8)
    Image.fromarray(la, "LA").save(folder / "greyalpha8.png")
    ga = composite(la[..., :1], la[..., 1].astype(np.int64))[..., 0]
    expect("greyalpha8", ga, np.stack([ga] * 3, -1))

    palette = rng.integers(0, 256, (16, 3), dtype=np.uint8)
    index = rng.integers(0, 16, (h, w), dtype=np.uint8)
    image = Image.fromarray(index, "P")
    image.putpalette(palette.flatten().tolist())
    image.save(folder / "palette4.png", bits=4)
    prgb = palette[index]
    expect("palette4", luma(prgb), prgb)

    # A palette whose entry 0 is fully transparent (a tRNS chunk).
    image.save(folder / "palette-trns.png", transparency=0)
    alpha = np.where(index == 0, 0, 255)
    trgb = composite(prgb, alpha)
    expect("palette-trns", luma(trgb), trgb)

    # JPEGs: lossy, so the expectation is Pillow's own decoding (both use libjpeg's default integer IDCT).
    for name, mode, array in [("grey", "L", grey), ("rgb", "RGB", rgb)]:
        Image.fromarray(array, mode).save(folder / f"{name}.jpg", quality=90)
        decoded = np.asarray(Image.open(folder / f"{name}.jpg"))
        if decoded.ndim == 2:
            expect(f"{name}-jpeg", decoded, np.stack([decoded] * 3, -1))
        else:
            expect(f"{name}-jpeg", luma(decoded), decoded)
    np.savez(OUT / "formats-expected.npz", **expected)


if __name__ == "__main__":
    fashion()
    formats()

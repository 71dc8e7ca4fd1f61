#!/usr/bin/env python3
"""Generate the images of Tests/e2e/sixel_roundtrip.sh under Tests/Fixtures/render/images/.

All float32 in [0, 1]:
grey_uniform_13x11.npy      13 wide, 11 high, every pixel 0.5 (H×W)
grey_gradient_300x7.npy     300×7, horizontal ramp plus a small vertical step (H×W)
grey_1x1.npy                one pixel, 0.7 (H×W)
grey_fashion_28x28.npy      the first Fashion-MNIST test image (Debian's dataset-fashion-mnist) (H×W)
rgb_gradient_300x7.npy      300×7, red ramp, green reversed ramp, blue by row (H×W×3)
rgb_1x1.npy                 one pixel (0.2, 0.6, 0.9) (H×W×3)
rgb_noise_37x23_chw.npy     37×23 uniform noise, channels first (C×H×W)
rgb_smooth_50x50.npy        50×50 smooth colour field with more than 256 colours (H×W×3)

Usage: python3 tools/make_render_fixtures.py   (numpy; output is deterministic)
"""
import gzip
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parent.parent / "Tests" / "Fixtures" / "render" / "images"
FASHION = Path("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz")


def save(name: str, array: np.ndarray) -> None:
    np.save(OUT / name, np.clip(array, 0, 1).astype(np.float32))


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(20240606)
    save("grey_uniform_13x11.npy", np.full((11, 13), 0.5))
    x = np.arange(300) / 299
    save("grey_gradient_300x7.npy", x[None, :] * 0.9 + np.arange(7)[:, None] * 0.015)
    save("grey_1x1.npy", np.array([[0.7]]))
    data = gzip.open(FASHION).read()
    save("grey_fashion_28x28.npy", np.frombuffer(data, np.uint8, 784, 16).reshape(28, 28) / 255)
    rgb = np.stack([np.tile(x, (7, 1)), np.tile(1 - x, (7, 1)), np.repeat(np.arange(7)[:, None] / 6, 300, 1)], -1)
    save("rgb_gradient_300x7.npy", rgb)
    save("rgb_1x1.npy", np.array([[[0.2, 0.6, 0.9]]]))
    save("rgb_noise_37x23_chw.npy", rng.random((3, 23, 37)))
    u, v = np.meshgrid(np.linspace(0, 1, 50), np.linspace(0, 1, 50))
    save("rgb_smooth_50x50.npy", np.stack([u, v, 0.5 + 0.5 * np.sin(6 * u * v)], -1))


if __name__ == "__main__":
    main()

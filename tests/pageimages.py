"""Compare how two PDFs look, page by page, as poppler rasterises them."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageChops


def page_images(pdf: bytes, dpi: int = 100) -> list[Image.Image]:
    """Every page of `pdf` as an RGB image (pdftoppm, anti-aliased as a viewer would show it)."""
    assert shutil.which("pdftoppm"), "pdftoppm (poppler-utils) is needed: make test installs it"
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "in.pdf"
        source.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(source), str(Path(folder) / "page")], check=True)
        return [Image.open(path).convert("RGB") for path in sorted(Path(folder).glob("page-*.png"))]


@dataclass(frozen=True)
class Difference:
    pages: tuple[int, int]  # page counts of the two
    changed: int  # pixels differing by more than the tolerance, all pages together
    largest: int  # the largest difference of one channel anywhere (0-255)

    def within(self, pixels: int) -> bool:
        return self.pages[0] == self.pages[1] and self.changed <= pixels


def compare(before: bytes, after: bytes, tolerance: int = 16, dpi: int = 100) -> Difference:
    """How far `after` looks from `before`: pixels whose any channel moved by more than `tolerance`."""
    first, second = page_images(before, dpi), page_images(after, dpi)
    changed = largest = 0
    for a, b in zip(first, second):
        if a.size != b.size:
            changed += a.size[0] * a.size[1]
            continue
        red, green, blue = ImageChops.difference(a, b).split()
        histogram = ImageChops.lighter(ImageChops.lighter(red, green), blue).histogram()  # per pixel: its largest channel
        changed += sum(histogram[tolerance + 1:])
        largest = max(largest, max((i for i, n in enumerate(histogram) if n), default=0))
    return Difference((len(first), len(second)), changed, largest)

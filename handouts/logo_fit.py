"""A practice's picture made the size print needs, as `handouts brand new` copies it.

A practice gives the logo it has: often a photo or a print-shop export thousands of
pixels wide. Refused above 2 MB or 4096 pixels square, it sent a practice manager
looking for an image editor; taken as it was, every PDF carried all of it. So a PNG or
JPEG larger than `logo_advice.ENOUGH_DPI` needs (or than `handouts.logo` accepts) is
shrunk to that size as it is copied, turned upright as its camera said (EXIF), with its
transparency and colour profile kept. Nothing else about it changes.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from handouts import logo
from handouts.errors import UsageError
from handouts.logo_advice import TOO_SHARP_DPI, enough_pixels, printed_dpi

MAX_INPUT_BYTES = 25 * 1024 * 1024
"""A picture `brand new` will shrink: a camera's photo, not a poster's scan."""

MAX_INPUT_PIXELS = 64_000_000
"""8000 by 8000: below Pillow's decompression-bomb warning, about 256 MB to decode."""


class LogoNotFitted(UsageError):
    """The picture cannot be made a logo (the message says why, after the file's name): the answer
    to change (exit 2)."""


@dataclass(frozen=True)
class Fitted:
    data: bytes
    before: tuple[int, int] | None  # the picture's size when it was shrunk, else None
    after: tuple[int, int] | None

    @property
    def note(self) -> str | None:
        """What was done, for the person who gave the picture."""
        if self.before is None or self.after is None:
            return None
        return (f"shrank the logo from {self.before[0]:,} by {self.before[1]:,} to {self.after[0]:,} by "
                f"{self.after[1]:,} pixels, enough for print at its size (your own file is unchanged)")


def is_raster(path: Path) -> bool:
    return path.suffix.lower() in (".png", ".jpg", ".jpeg")


def raster_size(path: Path) -> tuple[int, int]:
    """The picture's size from its header, after checking it is what its name says and not too large to shrink."""
    from PIL import Image

    suffix = path.suffix.lower()
    size = path.stat().st_size
    if size > MAX_INPUT_BYTES:
        raise LogoNotFitted(f"is {size / 1024 / 1024:.0f} MB; a logo to shrink may be at most "
                            f"{MAX_INPUT_BYTES // 1024 // 1024} MB (export a smaller image)")
    signature, kind = logo.SIGNATURES[suffix]
    with path.open("rb") as handle:
        if not handle.read(len(signature)) == signature:
            raise LogoNotFitted(f"is not a {kind} image (it does not start with a {kind} header)")
    try:
        with Image.open(path) as image:
            width, height = image.size
    except Image.DecompressionBombError:
        width, height = MAX_INPUT_PIXELS, 2
    except Exception as exc:  # noqa: BLE001 (Pillow's many ways to say "not readable")
        raise LogoNotFitted(f"is not a readable {kind} image ({exc})") from None
    if width * height > MAX_INPUT_PIXELS:
        raise LogoNotFitted(f"has more than {MAX_INPUT_PIXELS:,} pixels; export a smaller image")
    return width, height


def fitted(path: Path, data: bytes) -> Fitted:
    """The logo's bytes as they should be copied: as given when they suit print, else shrunk; a damaged
    picture is refused (shrunk, a copy cut short came out whole, its missing part a band of one colour)."""
    if not is_raster(path):
        return Fitted(data, None, None)
    if damaged := logo.damage(data):
        raise LogoNotFitted(damaged)
    try:
        return _fitted(data)
    except LogoNotFitted:
        raise
    except Exception as exc:  # noqa: BLE001 (a header that reads but pixels that do not)
        raise LogoNotFitted(f"is not a readable image ({exc})") from None


def _fitted(data: bytes) -> Fitted:
    from PIL import Image, ImageOps

    with Image.open(io.BytesIO(data)) as opened:
        width, height = opened.size
        needs = (len(data) > logo.MAX_BYTES or width * height > logo.MAX_PIXELS
                 or printed_dpi(width, height) > TOO_SHARP_DPI)
        if not needs:
            return Fitted(data, None, None)
        kind = opened.format
        profile = opened.info.get("icc_profile")
        image = ImageOps.exif_transpose(opened) or opened
        if image.mode not in ("RGB", "RGBA", "L", "CMYK"):  # a palette is resized by nearest pixel (jagged
            image = image.convert("RGBA")  # edges), and a 16-bit grey not at all
        image.thumbnail(enough_pixels(*image.size), Image.Resampling.LANCZOS)
        out = io.BytesIO()
        extra = {"icc_profile": profile} if profile else {}
        if kind == "JPEG":
            if image.mode not in ("RGB", "L", "CMYK"):
                image = image.convert("RGB")
            image.save(out, "JPEG", quality=90, **extra)
        else:
            image.save(out, "PNG", optimize=True, **extra)
        return Fitted(out.getvalue(), (width, height), image.size)

"""The report's 84 engineered features (section 2.1), vectorised over whole image stacks.

Pixels are 0-255 and "white" means 0. Block coordinates are inclusive zero-based
``img[rows, cols]`` ranges, read from the report's code (REPORT-CODE-NOTES.md).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.utils import assert_all_finite

# Shade bands of the report: white 0; grey1 1-46; grey2 47-93; grey3 94-168; grey4 169-205;
# black 206-255. The edges are the first value of each band after white.
SHADES = ("white_0", "grey1_1_46", "grey2_47_93", "grey3_94_168", "grey4_169_205",
          "black_206_255")
SHADE_EDGES = np.array([1, 47, 94, 169, 206])
LIGHT_GREY = (1, 122)

BLOCKS = {  # name: (first row, last row, first col, last col), inclusive
    "collar": (0, 2, 11, 17),
    "tshirt_sleeve": (8, 14, 1, 11),
    "trouser_legs": (8, 24, 11, 17),
    "shoulder": (0, 5, 1, 9),
    "sneaker_top": (3, 11, 18, 26),
    "centre": (7, 21, 6, 20),
    "bag_handle": (4, 12, 9, 19),
    "footwear": (6, 22, 0, 27),
    "sleeve": (12, 27, 3, 9),
    "heel": (18, 24, 15, 23),
}
STRIP_RULES = ("text", "code")


def border_mask(width: int, side: int = 28) -> np.ndarray:
    """A side x side boolean image, True on the outer ``width`` rows and columns."""
    if width < 1:   # mask[-0:] would be the whole image, not none of it
        raise ValueError(f"width: expected at least 1 row and column, got {width}")
    mask = np.zeros((side, side), bool)
    mask[:width], mask[-width:], mask[:, :width], mask[:, -width:] = True, True, True, True
    return mask


def neighbour_share(mask: np.ndarray) -> float:
    """Of the side neighbours (left, right, above, below) of the pixels in ``mask`` (images
    × rows × columns of booleans), the share that are in ``mask`` too."""
    both = (mask[:, :, 1:] & mask[:, :, :-1]).sum() + (mask[:, 1:] & mask[:, :-1]).sum()
    slots = mask[:, :, 1:].sum() + mask[:, :, :-1].sum() + mask[:, 1:].sum() + mask[:, :-1].sum()
    return float(2 * both / slots)


def neighbour_correlation(images: np.ndarray) -> float:
    """The correlation of the values of side-neighbouring pixels, over every such pair of
    every image (images × rows × columns)."""
    first = np.concatenate([images[:, :, 1:].ravel(), images[:, 1:].ravel()])
    second = np.concatenate([images[:, :, :-1].ravel(), images[:, :-1].ravel()])
    return float(np.corrcoef(first, second)[0, 1])


def feature_names() -> list[str]:
    names = [f"share_{s}" for s in SHADES]
    names += [f"row_{r:02d}_nonwhite" for r in range(28)]
    names += [f"col_{c:02d}_nonwhite" for c in range(28)]
    for block in BLOCKS:
        names += [f"block_{block}_nonwhite", f"block_{block}_lightgrey"]
    return names + ["rows_strip_share", "cols_strip_share"]


def engineered_features(images: np.ndarray, strip_rule: str = "text") -> pd.DataFrame:
    """The 84 features of each image in an (n, 28, 28) stack of pixel values 0-255 (uint8,
    or integers or floats holding whole values 0-255).

    ``strip_rule="text"`` counts the rows (columns) that are completely white, as the
    report's text says; ``"code"`` counts those whose pixels are all non-zero, as its code did.
    """
    images = pixel_stack(images)
    if strip_rule not in STRIP_RULES:
        raise ValueError(f"strip_rule: expected one of {STRIP_RULES}, got {strip_rule!r}")
    # Chunks of a few thousand images keep the masks in cache: ~2x faster on 70,000.
    chunks = [_features(images[i:i + CHUNK], strip_rule) for i in range(0, len(images), CHUNK)]
    values = np.vstack(chunks) if chunks else np.empty((0, len(feature_names())))
    return pd.DataFrame(values, columns=feature_names())


CHUNK = 4096


def pixel_stack(images) -> np.ndarray:
    """``images`` as a uint8 (n, 28, 28) stack, or a ValueError naming what is wrong: the
    shape, the dtype, or values that are not finite, not whole or not in 0-255. The
    features look pixel values up in tables of 256 entries, so anything else would index
    them wrongly or not at all."""
    images = np.asarray(images)
    if images.ndim != 3 or images.shape[1:] != (28, 28):
        raise ValueError(f"images: expected an (n, 28, 28) image stack, got shape {images.shape}")
    if images.dtype == np.uint8:
        return images   # 0-255 by its type: the book's own stacks, used as they are
    if images.dtype.kind not in "iuf":
        raise ValueError(f"images: expected integer or float pixel values, "
                         f"got dtype {images.dtype}")
    assert_all_finite(images, input_name="images")   # NaN or inf: "Input images contains NaN."
    if images.size:
        low, high = images.min(), images.max()
        if low < 0 or high > 255:
            raise ValueError(f"images: expected pixel values 0-255, "
                             f"got values from {low} to {high}")
        fractions = images[images != np.round(images)] if images.dtype.kind == "f" else []
        if len(fractions):
            raise ValueError(f"images: expected whole pixel values 0-255, got fractions such as "
                             f"{fractions[0]} (images scaled to 0-1 need multiplying by 255)")
    return images.astype(np.uint8)


def _features(images: np.ndarray, strip_rule: str) -> np.ndarray:
    n = len(images)
    nonwhite = images > 0
    light = _IS_LIGHT_GREY[images]
    band = _SHADE_OF_VALUE[images].reshape(n, -1)
    shades = np.stack([np.count_nonzero(band == k, axis=1) for k in range(len(SHADES))], 1)
    columns = [shades / 784.0,
               nonwhite.sum(axis=2, dtype=np.int16) / 28.0,
               nonwhite.sum(axis=1, dtype=np.int16) / 28.0]
    for r0, r1, c0, c1 in BLOCKS.values():
        window = (slice(None), slice(r0, r1 + 1), slice(c0, c1 + 1))
        size = (r1 - r0 + 1) * (c1 - c0 + 1)
        columns.append(np.stack([nonwhite[window].sum(axis=(1, 2), dtype=np.int32) / size,
                                 light[window].sum(axis=(1, 2), dtype=np.int32) / size], 1))
    strip = ~nonwhite if strip_rule == "text" else nonwhite
    columns.append(np.stack([strip.all(axis=2).sum(axis=1) / 28.0,
                             strip.all(axis=1).sum(axis=1) / 28.0], axis=1))
    return np.hstack(columns)


# Look-up tables from pixel value to shade band / light-grey flag.
_SHADE_OF_VALUE = np.searchsorted(SHADE_EDGES, np.arange(256), side="right").astype(np.uint8)
_IS_LIGHT_GREY = (np.arange(256) >= LIGHT_GREY[0]) & (np.arange(256) <= LIGHT_GREY[1])

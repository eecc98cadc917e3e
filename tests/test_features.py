"""fmnist_lib.compute.features on hand-made images whose every feature is known, and real data."""
import re

import numpy as np
import pandas as pd
import pytest

from fmnist_lib.compute import features
from fmnist_lib.compute.data import load_fashion_mnist


def one(image, **kw):
    return features.engineered_features(image[None], **kw).iloc[0]


def test_84_named_columns():
    names = features.feature_names()
    assert len(names) == 84 and len(set(names)) == 84
    assert names[:2] == ["share_white_0", "share_grey1_1_46"]
    assert names[-2:] == ["rows_strip_share", "cols_strip_share"]


def test_blank_image():
    f = one(np.zeros((28, 28), np.uint8))
    assert f["share_white_0"] == 1 and f.filter(like="share_grey").sum() == 0
    assert f.filter(like="_nonwhite").sum() == 0 and f.filter(like="lightgrey").sum() == 0
    assert f["rows_strip_share"] == 1 and f["cols_strip_share"] == 1
    code = one(np.zeros((28, 28), np.uint8), strip_rule="code")
    assert code["rows_strip_share"] == 0 and code["cols_strip_share"] == 0


def test_full_black_image():
    f = one(np.full((28, 28), 255, np.uint8))
    assert f["share_black_206_255"] == 1 and f["share_white_0"] == 0
    assert (f.filter(regex="^(row|col)_") == 1).all()
    assert (f.filter(regex="^block_.*_nonwhite") == 1).all()
    assert (f.filter(regex="^block_.*_lightgrey") == 0).all()
    assert f["rows_strip_share"] == 0
    assert one(np.full((28, 28), 255, np.uint8), strip_rule="code")["rows_strip_share"] == 1


def test_one_grey_row():
    image = np.zeros((28, 28), np.uint8)
    image[5] = 100          # grey3 band (94-168) and light grey (1-122)
    f = one(image)
    assert f["share_grey3_94_168"] == pytest.approx(28 / 784)
    assert f["row_05_nonwhite"] == 1 and f.filter(regex="^row_").sum() == 1
    np.testing.assert_allclose(f.filter(regex="^col_"), 1 / 28)
    # shoulder block: rows 0-5, cols 1-9 -> 9 of its 54 pixels are in row 5
    assert f["block_shoulder_nonwhite"] == pytest.approx(9 / 54)
    assert f["block_shoulder_lightgrey"] == pytest.approx(9 / 54)
    # sneaker top: rows 3-11, cols 18-26 -> 9 of 81
    assert f["block_sneaker_top_nonwhite"] == pytest.approx(9 / 81)
    assert f["block_collar_nonwhite"] == 0 and f["block_heel_nonwhite"] == 0
    assert f["rows_strip_share"] == pytest.approx(27 / 28) and f["cols_strip_share"] == 0
    code = one(image, strip_rule="code")
    assert code["rows_strip_share"] == pytest.approx(1 / 28) and code["cols_strip_share"] == 0


def test_shade_band_edges():
    values = [0, 1, 46, 47, 93, 94, 168, 169, 205, 206, 255, 122, 123]
    image = np.zeros((28, 28), np.uint8)
    image.flat[:len(values)] = values
    f = one(image)
    counts = (f.filter(like="share_")[:6] * 784).round().astype(int).tolist()
    # white: 784 - 12 nonzero; grey1: 1, 46; grey2: 47, 93; grey3: 94, 168, 122, 123; ...
    assert counts == [784 - 12, 2, 2, 4, 2, 2]
    # the collar block (rows 0-2, cols 11-17) holds 122 (light grey: 1-122) and 123 (not)
    assert f["block_collar_nonwhite"] == pytest.approx(2 / 21)
    assert f["block_collar_lightgrey"] == pytest.approx(1 / 21)


def exactly(message: str) -> str:
    """A pattern for pytest.raises(match=...) that only the whole message matches."""
    return f"^{re.escape(message)}$"


def with_pixel(value, dtype=float) -> np.ndarray:
    """Two blank images, one pixel of which is ``value``."""
    images = np.zeros((2, 28, 28), dtype)
    images[1, 5, 5] = value
    return images


@pytest.mark.parametrize("images, message", [
    (np.zeros((3, 28)), "images: expected an (n, 28, 28) image stack, got shape (3, 28)"),
    (np.zeros((3, 1, 28, 28), np.uint8),
     "images: expected an (n, 28, 28) image stack, got shape (3, 1, 28, 28)"),
    (np.zeros((2, 28, 28), bool), "images: expected integer or float pixel values, got dtype bool"),
    (np.full((2, 28, 28), "0"), "images: expected integer or float pixel values, got dtype <U1"),
    (with_pixel(np.nan), "Input images contains NaN."),
    (with_pixel(np.inf), "Input images contains infinity or a value too large for "
                         "dtype('float64')."),
    (with_pixel(1000, np.int64), "images: expected pixel values 0-255, got values from 0 to 1000"),
    (with_pixel(-1), "images: expected pixel values 0-255, got values from -1.0 to 0.0"),
    (with_pixel(0.5), "images: expected whole pixel values 0-255, got fractions such as 0.5 "
                      "(images scaled to 0-1 need multiplying by 255)"),
], ids=["2-D", "4-D", "bool", "text", "NaN", "inf", "above 255", "negative", "fraction"])
def test_bad_images_are_refused_with_what_was_expected(images, message):
    with pytest.raises(ValueError, match=exactly(message)):
        features.engineered_features(images)


def test_bad_strip_rule_and_border_width():
    with pytest.raises(ValueError, match=exactly(
            "strip_rule: expected one of ('text', 'code'), got 'white'")):
        features.engineered_features(np.zeros((1, 28, 28), np.uint8), strip_rule="white")
    with pytest.raises(ValueError,
                       match=exactly("width: expected at least 1 row and column, got 0")):
        features.border_mask(0)


def test_whole_pixel_values_of_any_number_type_give_the_uint8_features():
    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, (5, 28, 28)).astype(np.uint8)
    images[0, 0, :3] = [0, 255, 122]   # the edges of the look-up tables
    expected = features.engineered_features(images)
    for dtype in (np.int64, np.uint16, np.float32, np.float64):
        pd.testing.assert_frame_equal(features.engineered_features(images.astype(dtype)), expected)
    # a stack that is not uint8 is converted; a uint8 one is used as it is, without a copy
    assert features.pixel_stack(images) is images
    assert features.pixel_stack(images.astype(float)).dtype == np.uint8


def test_an_empty_stack_gives_no_rows():
    for dtype in (np.uint8, float):
        f = features.engineered_features(np.zeros((0, 28, 28), dtype))
        assert f.shape == (0, 84)


def test_invariants_on_real_data():
    images = load_fashion_mnist().test_images
    f = features.engineered_features(images)
    assert f.shape == (10_000, 84)
    assert f.to_numpy().min() >= 0 and f.to_numpy().max() <= 1
    np.testing.assert_allclose(f.iloc[:, :6].sum(axis=1), 1)
    # chunked computation equals one image at a time
    np.testing.assert_allclose(f.iloc[4100], one(images[4100]))


def test_border_mask_marks_the_outer_rows_and_columns():
    from fmnist_lib.compute.features import border_mask
    mask = border_mask(1, side=4)
    assert mask.tolist() == [[True] * 4, [True, False, False, True],
                             [True, False, False, True], [True] * 4]
    assert border_mask(3).sum() == 28 * 28 - 22 * 22


def test_neighbour_share_and_correlation_on_a_hand_made_image():
    # one 2 x 3 image: the left column and the top middle pixel in the mask. Their side
    # neighbours: top-left 2 (both in), top middle 3 (1 in), bottom-left 2 (1 in): 4 of 7
    mask = np.array([[[True, True, False], [True, False, False]]])
    assert features.neighbour_share(mask) == pytest.approx(4 / 7)
    ramp = np.arange(9, dtype=float).reshape(1, 3, 3)
    right_and_below = [1, 2, 4, 5, 7, 8, 3, 4, 5, 6, 7, 8]
    left_and_above = [0, 1, 3, 4, 6, 7, 0, 1, 2, 3, 4, 5]
    assert features.neighbour_correlation(ramp) == pytest.approx(
        np.corrcoef(right_and_below, left_and_above)[0, 1])

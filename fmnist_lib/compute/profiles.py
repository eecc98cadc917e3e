"""The three run profiles, defined once: papermill injects ``profile`` into every notebook.

``quick`` builds the whole book in minutes (CI); ``paper`` follows the report's protocol
(10,010-image stratified training sample, 10-fold CV, the full test set); ``full`` trains
on all 60,000 training images.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass, replace


class Grid(enum.Enum):
    """Which tuning grids a profile uses (fmnist_lib.compute.models): the report's, or small ones
    for quick builds."""
    SMALL = "small"
    PAPER = "paper"


TRAIN_IMAGES = 60_000       # Fashion-MNIST's training set


@dataclass(frozen=True)
class Profile:
    name: str
    n_train: int            # stratified training sample (multiple of 10)
    cv_folds: int
    grid: Grid              # the models' tuning grids
    resamples: int          # further stratified training samples refitted (chapter 2)
    cnn_epochs: int | None  # CNN epochs (chapter 6); None: the chosen design's schedule
    cnn_train: int          # training images for the CNN
    curve_sizes: tuple      # learning-curve training-set sizes (chapter 6)
    # (model name, largest learning-curve size) where a larger fit would outgrow the
    # profile's time budget: the kernel SVM grows faster than n², the boosting's rounds at
    # the chosen learning rate number thousands
    curve_limits: tuple = ()
    seed: int = 0

    def curve_limit(self, model: str) -> int:
        """The largest learning-curve size ``model`` is fitted at in this profile."""
        return dict(self.curve_limits).get(model, max(self.curve_sizes))

    @property
    def whole_training_set(self) -> bool:
        return self.n_train >= TRAIN_IMAGES

    def resample_seeds(self) -> list[int]:
        """Seeds of chapter 2's further stratified training samples; none when the sample
        is the whole training set (no other can be drawn, only the same images reordered)."""
        if self.whole_training_set:
            return []
        return [self.seed + s for s in range(1, self.resamples + 1)]


CURVE_SIZES = (1_000, 2_500, 5_000, 10_010, 20_000, 60_000)
PROFILES = {
    "quick": Profile("quick", n_train=1000, cv_folds=3, grid=Grid.SMALL, resamples=2,
                     cnn_epochs=1, cnn_train=3_000, curve_sizes=(500, 1_000)),
    "paper": Profile("paper", n_train=10_010, cv_folds=10, grid=Grid.PAPER, resamples=5,
                     cnn_epochs=None, cnn_train=60_000, curve_sizes=CURVE_SIZES,
                     curve_limits=(("SVM, engineered features", 20_000),
                                   ("Gradient boosting, PCA", 2_500))),
    "full": Profile("full", n_train=60_000, cv_folds=10, grid=Grid.PAPER, resamples=5,
                    cnn_epochs=None, cnn_train=60_000, curve_sizes=CURVE_SIZES),
}

# Parameters a notebook's `parameters` cell may receive from the build.
PARAMETERS = ("profile", "seed")


def get_profile(name: str, seed: int | None = None) -> Profile:
    """The named profile (with ``seed`` overriding its default); clear error if unknown."""
    if name not in PROFILES:
        raise ValueError(f"unknown profile {name!r}; choose one of {', '.join(PROFILES)}")
    profile = PROFILES[name]
    return profile if seed is None else replace(profile, seed=int(seed))


def check_parameters(parameters: dict) -> dict:
    """Validate build parameters: known names only, and a known profile."""
    unknown = sorted(set(parameters) - set(PARAMETERS))
    if unknown:
        raise ValueError(f"unknown parameter(s) {', '.join(unknown)}; notebooks take "
                         f"{', '.join(PARAMETERS)}")
    get_profile(parameters.get("profile", "paper"))
    return parameters

"""The model registry (fmnist_lib.compute.models): each model stated once, with a grid per size."""
import pytest
from sklearn.base import clone

from fmnist_lib.compute import models
from fmnist_lib.compute.profiles import PROFILES, Grid


@pytest.mark.parametrize("group", [models.TABLE1, models.PCA_MODELS])
def test_every_model_has_a_unique_key_and_both_grids(group):
    assert len({m.key for m in group}) == len(group)
    for model in group:
        assert set(model.grids) == set(Grid)
        assert all(isinstance(values, list) and values
                   for grid in model.grids.values() for values in grid.values())


def test_the_profile_names_its_grid_by_type():
    assert {p.grid for p in PROFILES.values()} <= set(Grid)
    svm = models.by_name(models.TABLE1, "SVM (radial)")
    assert svm.grid(PROFILES["paper"].grid) == {"svc__C": models.SVM_C_GRID}


def test_estimators_take_only_the_settings_they_accept():
    svm = models.by_name(models.TABLE1, "SVM (radial)").estimator(0, gamma=0.5)
    assert svm.get_params()["svc__gamma"] == 0.5
    forest = models.by_name(models.TABLE1, "Random forest").estimator(3, gamma=0.5)
    assert forest.random_state == 3 and "gamma" not in forest.get_params()
    # every estimator accepts its own grid's parameters
    for model in (*models.TABLE1, *models.PCA_MODELS[1:], models.KNN_RAW, models.KNN_PCA):
        for size in Grid:
            clone(model.estimator(0, gamma=1.0)).set_params(
                **{k: v[0] for k, v in model.grid(size).items()})


def test_unknown_model_names_say_which_exist():
    with pytest.raises(KeyError,
                       match="there are Gradient boosting, Neural network, Random forest"):
        models.by_name(models.PCA_MODELS, "SVM (radial)")


def test_binned_naive_bayes_merges_narrow_bins_without_a_warning_per_feature():
    import warnings

    import numpy as np
    rng = np.random.default_rng(0)
    # shares piled up at 0 and 1, as many engineered features are
    X = np.where(rng.random((300, 4)) < 0.6, 0.0, rng.random((300, 4)))
    y = np.arange(300) % 3
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = models.binned_naive_bayes(20).fit(X, y)
    assert not [w for w in caught if "Bins whose width" in str(w.message)]
    assert model.predict(X).shape == (300,)
    # the plain discretizer does warn on these data: the test would catch a regression
    from sklearn.preprocessing import KBinsDiscretizer
    with pytest.warns(UserWarning, match="Bins whose width are too small"):
        KBinsDiscretizer(n_bins=20, encode="ordinal", strategy="quantile",
                         quantile_method="averaged_inverted_cdf").fit(X)


def test_each_profile_says_how_far_each_learning_curve_goes():
    from fmnist_lib.compute.profiles import PROFILES
    paper, full, quick = PROFILES["paper"], PROFILES["full"], PROFILES["quick"]
    assert paper.curve_limit("SVM, engineered features") == 20_000
    assert paper.curve_limit("Gradient boosting, PCA") == 2_500
    assert paper.curve_limit("kNN, PCA") == max(paper.curve_sizes) == 60_000
    assert full.curve_limit("SVM, engineered features") == 60_000   # full: no limit
    assert quick.curve_limit("SVM, engineered features") == max(quick.curve_sizes)
    curve_models = {"SVM, engineered features", "kNN, PCA", "Random forest, PCA",
                    "Gradient boosting, PCA"}
    assert {name for name, _ in paper.curve_limits} <= curve_models

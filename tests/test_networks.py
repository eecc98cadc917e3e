"""fmnist_lib.compute.averaged_net and fmnist_lib.compute.networks on small problems."""
import platform
import re

import numpy as np
import pandas as pd
import pytest
import torch
from sklearn.exceptions import NotFittedError
from sklearn.model_selection import GridSearchCV
from sklearn.preprocessing import StandardScaler

from fmnist_lib.compute.averaged_net import AveragedNeuralNet


@pytest.fixture
def blobs():
    rng = np.random.default_rng(0)
    centres = np.array([[0, 0], [6, 0], [0, 6]])
    y = np.repeat([0, 1, 2], 40)
    return centres[y] + rng.standard_normal((120, 2)), y


def test_avnnet_separates_blobs_and_averages(blobs):
    X, y = blobs
    net = AveragedNeuralNet(size=4, decay=0.01, n_repeats=3, seed=1).fit(X, y)
    assert len(net.networks_) == 3
    assert np.mean(net.predict(X) == y) == 1.0
    proba = net.predict_proba(X)
    np.testing.assert_allclose(proba.sum(axis=1), 1)
    assert proba.shape == (120, 3)


def test_avnnet_deterministic_under_seed(blobs):
    X, y = blobs
    a = AveragedNeuralNet(size=3, n_repeats=2, seed=5).fit(X, y).predict_proba(X)
    b = AveragedNeuralNet(size=3, n_repeats=2, seed=5).fit(X, y).predict_proba(X)
    c = AveragedNeuralNet(size=3, n_repeats=2, seed=6).fit(X, y).predict_proba(X)
    np.testing.assert_array_equal(a, b)
    assert not np.allclose(a, c)


def test_avnnet_in_grid_search_and_label_values(blobs):
    X, y = blobs
    labels = np.array(["a", "b", "c"])[y]
    search = GridSearchCV(AveragedNeuralNet(n_repeats=2), {"size": [2, 4], "decay": [0.1]},
                          cv=3).fit(X, labels)
    assert search.best_score_ > 0.95
    assert set(search.predict(X)) == {"a", "b", "c"}


def test_decay_shrinks_weights(blobs):
    X, y = blobs
    small = AveragedNeuralNet(size=4, decay=0.001, n_repeats=1).fit(X, y)
    large = AveragedNeuralNet(size=4, decay=10.0, n_repeats=1).fit(X, y)

    def norm(model):
        return sum(float((p.detach() ** 2).sum()) for p in model.networks_[0].parameters())

    assert norm(large) < norm(small)


def exactly(message: str) -> str:
    """A pattern for pytest.raises(match=...) that only the whole message matches."""
    return f"^{re.escape(message)}$"


def tiny_net():
    return AveragedNeuralNet(size=2, n_repeats=2, max_iter=5)


def test_avnnet_computes_on_its_own_threads_and_restores_torchs(blobs, monkeypatch):
    X, y = blobs
    seen, fit = [], AveragedNeuralNet._fit
    monkeypatch.setattr(AveragedNeuralNet, "_fit",
                        lambda self, *a: seen.append(torch.get_num_threads()) or fit(self, *a))
    previous = torch.get_num_threads()
    torch.set_num_threads(2)
    try:
        net = AveragedNeuralNet(size=2, n_repeats=1, max_iter=3, threads=1).fit(X, y)
        assert seen == [1] and torch.get_num_threads() == 2
        net.predict(X)
        assert torch.get_num_threads() == 2
    finally:
        torch.set_num_threads(previous)


def test_avnnet_sets_scikit_learns_fitted_attributes(blobs):
    X, y = blobs
    net = AveragedNeuralNet(size=3, n_repeats=3, max_iter=7).fit(X, y)
    assert net.n_features_in_ == 2
    np.testing.assert_array_equal(net.classes_, [0, 1, 2])
    # one L-BFGS iteration count per network, none beyond max_iter
    assert net.n_iter_.shape == (3,) and ((1 <= net.n_iter_) & (net.n_iter_ <= 7)).all()
    frame = pd.DataFrame(X, columns=["a", "b"])
    assert list(tiny_net().fit(frame, y).feature_names_in_) == ["a", "b"]


def test_avnnet_takes_lists_and_frames_as_the_same_numbers(blobs):
    X, y = blobs
    expected = tiny_net().fit(X, y).predict_proba(X)
    np.testing.assert_array_equal(tiny_net().fit(X.tolist(), list(y)).predict_proba(X.tolist()),
                                  expected)
    # a frame's values come column-major, as they did before validation, and torch sums
    # their products in another order: equal up to rounding
    frame = pd.DataFrame(X, columns=["a", "b"])
    np.testing.assert_allclose(tiny_net().fit(frame, y).predict_proba(frame), expected,
                               rtol=1e-12)


def test_avnnet_scales_float32_inputs_in_float32_as_before_validation(blobs):
    # validate_data keeps float32 (and makes anything else float64), the dtypes the scaler
    # chose on the raw input before it was validated: the book's fitted numbers are unchanged
    X, y = blobs
    X32 = X.astype(np.float32)
    net = tiny_net().fit(X32, y)
    inputs = torch.as_tensor(StandardScaler().fit(X32).transform(X32), dtype=torch.float64)
    with torch.no_grad():
        expected = torch.stack([torch.softmax(n(inputs), 1) for n in net.networks_]).mean(0)
    np.testing.assert_array_equal(net.predict_proba(X32), expected.numpy())


def test_avnnet_refuses_bad_input_with_scikit_learns_messages(blobs):
    X, y = blobs
    with pytest.raises(NotFittedError, match=exactly(
            "This AveragedNeuralNet instance is not fitted yet. Call 'fit' with appropriate "
            "arguments before using this estimator.")):
        tiny_net().predict(X)
    with_nan = X.copy()
    with_nan[3, 1] = np.nan
    with pytest.raises(ValueError, match="^" + re.escape(
            "Input X contains NaN.\nAveragedNeuralNet does not accept missing values")):
        tiny_net().fit(with_nan, y)
    with pytest.raises(ValueError, match=exactly(
            "Unknown label type: continuous. Maybe you are trying to fit a classifier, which "
            "expects discrete classes on a regression target with continuous values.")):
        tiny_net().fit(X, X[:, 0])
    with pytest.raises(ValueError, match=exactly(
            "y should be a 1d array, got an array of shape (120, 2) instead.")):
        tiny_net().fit(X, np.column_stack([y, y]))
    with pytest.raises(ValueError, match=exactly(
            "Found input variables with inconsistent numbers of samples: [120, 119]")):
        tiny_net().fit(X, y[:-1])
    with pytest.raises(ValueError, match=exactly(
            "This AveragedNeuralNet estimator requires y to be passed, but the target y is None.")):
        tiny_net().fit(X, None)
    with pytest.raises(ValueError, match=exactly(
            "X has 1 features, but AveragedNeuralNet is expecting 2 features as input.")):
        tiny_net().fit(X, y).predict_proba(X[:, :1])


def test_cnn_shapes_training_validation_and_determinism():
    import torch

    from fmnist_lib.compute import networks
    rng = np.random.default_rng(0)
    # two easy classes: bright top half vs bright bottom half (left-right flips keep them)
    images = np.zeros((80, 28, 28), np.uint8)
    labels = np.repeat([0, 1], 40)
    images[labels == 0, :14] = 200
    images[labels == 1, 14:] = 200
    images = np.clip(images + rng.integers(0, 40, images.shape), 0, 255).astype(np.uint8)
    design = networks.CNNDesign("test", widths=(8, 16), convs=2, epochs=6, batch_size=16,
                                shift=2, erase=6)
    model = networks.ConvNet(design)
    assert model(torch.zeros(3, 1, 28, 28)).shape == (3, 10)
    assert sum(type(m).__name__ == "Conv2d" for m in model.modules()) == 4

    def run():
        return networks.train_cnn(images, labels, seed=1, design=design,
                                  validation_share=0.25, threads=1)

    first, second = run(), run()
    assert (first["n_fit"], first["n_validation"]) == (60, 20)
    assert first["design"] == design and first["epochs"] == 6
    assert first["precision"] in ("bfloat16", "float32")
    history = first["history"]
    assert [h["epoch"] for h in history] == [1, 2, 3, 4, 5, 6]
    # the last epoch is kept, scored with the design's mirror averaging
    assert first["val_accuracy"] == history[-1]["val_accuracy_mirrored"] == 1.0
    assert first["train_seconds"] == pytest.approx(sum(h["seconds"] for h in history))
    for key, value in first["state"].items():
        assert torch.equal(value, second["state"][key]), key
    # scoring after the last epoch only trains the same weights
    last_only = networks.train_cnn(images, labels, seed=1, design=design, validation_share=0.25,
                                   score_every_epoch=False, threads=1)
    assert all(torch.equal(v, first["state"][k]) for k, v in last_only["state"].items())
    assert ["val_accuracy" in h for h in last_only["history"]] == [False] * 5 + [True]
    assert last_only["val_accuracy"] == first["val_accuracy"]
    model = networks.load_cnn(first["state"], design)
    for mirror in (False, True):
        np.testing.assert_allclose(
            networks.cnn_probabilities(model, images[:5], mirror).sum(axis=1), 1, rtol=1e-2)
    assert (networks.predict_cnn(model, images) == labels).mean() == 1.0
    # a profile's own epoch count overrides the design's schedule
    assert networks.train_cnn(images, labels, seed=1, design=design, epochs=1,
                              validation_share=0.25, threads=1)["epochs"] == 1


def test_shift_images_moves_each_image_by_at_most_the_shift():
    import torch

    from fmnist_lib.compute import networks
    batch = torch.zeros(50, 1, 28, 28)
    batch[:, 0, 14, 14] = 1.0                     # one bright pixel in the middle
    generator = torch.Generator().manual_seed(0)
    moved = networks.shift_images(batch, 2, generator)
    assert moved.shape == batch.shape
    assert torch.equal(moved.sum(dim=(1, 2, 3)), torch.ones(50))   # nothing lost, nothing added
    where = moved[:, 0].flatten(1).argmax(1)
    rows, cols = where // 28, where % 28
    assert rows.min() >= 12 and rows.max() <= 16 and cols.min() >= 12 and cols.max() <= 16
    assert len(set(zip(rows.tolist(), cols.tolist(), strict=True))) > 10   # offsets vary
    # a pixel at the edge shifted out is gone, and the border fills with black
    edge = torch.zeros(1, 1, 28, 28)
    edge[0, 0, 0, :] = 1.0
    assert networks.shift_images(edge, 2, generator).sum() <= 28
    assert networks.shift_images(batch, 0, generator) is batch


def test_erase_squares_blanks_one_square_in_about_half_the_images():
    import torch

    from fmnist_lib.compute import networks
    batch = torch.ones(200, 1, 28, 28)
    erased = networks.erase_squares(batch, 6, torch.Generator().manual_seed(0))
    blanked = (erased == 0).sum(dim=(1, 2, 3))
    assert set(blanked.tolist()) == {0, 36}
    assert 70 <= int((blanked == 36).sum()) <= 130
    # the blanked pixels of each image form one 6 x 6 square
    one = erased[int(blanked.argmax()), 0] == 0
    rows, cols = one.any(1).nonzero().flatten(), one.any(0).nonzero().flatten()
    assert (rows.max() - rows.min(), cols.max() - cols.min()) == (5, 5)
    assert networks.erase_squares(batch, 0, None) is batch


def _every_candidate():
    from fmnist_lib.tools import cnn_search
    return [design for group in cnn_search.CANDIDATES.values() for design in group]


def test_the_chosen_design_is_the_one_the_search_table_chooses():
    from fmnist_lib.compute import networks
    from fmnist_lib.judge import cnn_design
    from fmnist_lib.tools import cnn_search
    rows = cnn_design.read_table("designs.csv")
    assert rows, "book/cnn-search/designs.csv is missing: run make cnn-search"
    assert set(networks.CHOSEN_DESIGNS) == {"bfloat16", "float32"}
    for precision, design in networks.CHOSEN_DESIGNS.items():
        assert cnn_design.design_of(cnn_design.choose(rows, precision)) == design, precision
    # every candidate in the table twice (plain, mirror-averaged), in its own arithmetic,
    # and nothing else
    assert [(row["name"], row["precision"]) for row in rows] == [
        (d.name, precision) for precision, group in cnn_search.CANDIDATES.items()
        for d in group for _ in (False, True)]
    epochs = cnn_design.read_table("epochs.csv")
    for design in _every_candidate():
        assert [int(r["epoch"]) for r in epochs if r["name"] == design.name] == list(
            range(1, design.epochs + 1))


def test_the_design_follows_the_arithmetic(monkeypatch):
    from fmnist_lib.compute import networks
    for precision, dtype in (("bfloat16", networks.torch.bfloat16), ("float32", None)):
        monkeypatch.setattr(networks, "autocast_dtype", lambda device, dtype=dtype: dtype)
        assert networks.training_precision() == precision
        assert networks.chosen_design() == networks.CHOSEN_DESIGNS[precision]
        expected = networks.ConvNet(networks.CHOSEN_DESIGNS[precision])
        assert ([p.shape for p in networks.ConvNet().parameters()]
                == [p.shape for p in expected.parameters()])


def test_choose_takes_the_most_accurate_design_within_the_budget():
    from fmnist_lib.judge.cnn_design import choose
    rows = [{"name": "a", "val_accuracy": "0.930", "minutes": "4.0"},
            {"name": "b", "val_accuracy": "0.945", "minutes": "12.0"},   # over the budget
            {"name": "c", "val_accuracy": "0.938", "minutes": "9.5"},
            {"name": "d", "val_accuracy": "0.938", "minutes": "6.0"}]
    assert choose(rows)["name"] == "c"                    # equal: the first in the table
    assert choose(rows, budget_minutes=15)["name"] == "b"
    with pytest.raises(ValueError, match=exactly(
            "no design of the search trained within 3.0 minutes")):
        choose(rows, budget_minutes=3.0)
    # only the designs trained in the build's arithmetic count
    rows = [{**row, "precision": precision, "processor": f"P-{precision}"} for row, precision
            in zip(rows, ("float32", "bfloat16", "bfloat16", "float32"), strict=True)]
    assert choose(rows, "float32", processor="P-float32")["name"] == "d"
    assert choose(rows, "bfloat16", processor="P-bfloat16")["name"] == "c"
    assert choose(rows, "bfloat16", budget_minutes=15, processor="P-bfloat16")["name"] == "b"
    with pytest.raises(ValueError, match=exactly(
            "no design of the search trained within 5.0 minutes in bfloat16 on "
            "P-bfloat16")):
        choose(rows, "bfloat16", budget_minutes=5.0, processor="P-bfloat16")


def test_choose_counts_the_minutes_of_the_budget_processor(monkeypatch):
    from fmnist_lib.judge import cnn_design
    # "a" trained fast on a later processor; on the slower one, "b" and "c" were searched
    rows = [{"name": "a", "val_accuracy": "0.94", "minutes": "8.2", "precision": "float32",
             "processor": "later"},
            {"name": "b", "val_accuracy": "0.93", "minutes": "9.0", "precision": "float32",
             "processor": "older"},
            {"name": "c", "val_accuracy": "0.935", "minutes": "11.0", "precision": "float32",
             "processor": "older"}]
    monkeypatch.setattr(cnn_design, "BUDGET_PROCESSORS", {"float32": "older"})
    assert cnn_design.choose(rows, "float32")["name"] == "b"       # "c" is over the budget
    assert cnn_design.choose(rows, "float32", processor="later")["name"] == "a"
    assert cnn_design.choose(rows)["name"] == "a"            # no arithmetic: every row
    with pytest.raises(ValueError, match=exactly(
            "no design of the search trained within 10.0 minutes in float32 on newest")):
        cnn_design.choose(rows, "float32", processor="newest")


def test_every_arithmetic_has_a_budget_processor_in_the_table():
    from fmnist_lib.judge import cnn_design
    rows = cnn_design.read_table("designs.csv")
    for precision, processor in cnn_design.BUDGET_PROCESSORS.items():
        assert any(row["precision"] == precision and row["processor"] == processor
                   for row in rows), (precision, processor)


def test_the_earlier_choices_were_the_rule_s_on_the_processor_that_searched_them():
    from fmnist_lib.judge import cnn_design
    rows = cnn_design.read_table("designs.csv")
    for precision, name in cnn_design.EARLIER_CHOICES.items():
        searched_on = next(row["processor"] for row in rows if row["name"] == name)
        assert searched_on != cnn_design.BUDGET_PROCESSORS[precision]
        assert cnn_design.choose(rows, precision, processor=searched_on)["name"] == name
        assert cnn_design.choose(rows, precision)["name"] != name   # replaced


def test_a_missing_search_table_says_how_to_make_it(tmp_path):
    from fmnist_lib.judge.cnn_design import read_table
    assert read_table("designs.csv", tmp_path, missing_ok=True) == []
    with pytest.raises(FileNotFoundError, match=exactly(
            f"{tmp_path}/designs.csv is missing: the CNN's design search writes it "
            "(make cnn-search, about 70 minutes on two cores)")):
        read_table("designs.csv", tmp_path)


def test_a_design_reads_back_from_its_table_row():
    from fmnist_lib.compute.networks import CNNDesign
    from fmnist_lib.judge.cnn_design import design_of
    for design in _every_candidate():
        row = {k: str(v) for k, v in design.describe().items()}
        assert design_of(row) == design
    row = {k: str(v) for k, v in CNNDesign("x").describe().items()}
    with pytest.raises(ValueError, match=exactly("flip must be True or False, not 'yes'")):
        design_of({**row, "flip": "yes"})


CANDIDATE_ONE = "one convolution per block (the earlier network)"


def test_the_search_writes_its_tables_and_resumes(tmp_path, monkeypatch):
    from fmnist_lib.compute import networks
    from fmnist_lib.judge import cnn_design
    from fmnist_lib.runtime import resources
    from fmnist_lib.tools import cnn_search
    # the first two designs, as the candidates of this machine's arithmetic
    two = cnn_search.CANDIDATES["bfloat16"][:2]
    monkeypatch.setattr(cnn_search, "CANDIDATES", {networks.training_precision(): two})
    args = ["--images", "200", "--epochs", "1", "--out", str(tmp_path)]
    assert cnn_search.main(args) == 0
    rows = cnn_design.read_table("designs.csv", tmp_path)
    assert [(r["name"], r["mirror"]) for r in rows] == [
        (d.name, m) for d in two for m in ("False", "True")]
    assert {r["precision"] for r in rows} == {networks.training_precision()}
    assert {r["processor"] for r in rows} == {resources.processor()}
    assert {r["epochs"] for r in rows} == {"1"}
    assert len(cnn_design.read_table("epochs.csv", tmp_path)) == 2
    before = (tmp_path / "designs.csv").read_text()
    assert cnn_search.main(args) == 0                      # everything done: nothing trains
    assert (tmp_path / "designs.csv").read_text() == before
    # a design searched again (its rows deleted) goes back to its place in the tables
    for name in ("designs.csv", "epochs.csv"):
        lines = (tmp_path / name).read_text().splitlines(keepends=True)
        (tmp_path / name).write_text("".join(
            line for line in lines if not line.startswith(f"{CANDIDATE_ONE},")))
    assert cnn_search.main(args) == 0
    assert [r["name"] for r in cnn_design.read_table("designs.csv", tmp_path)] == [
        d.name for d in two for _ in (False, True)]
    with pytest.raises(SystemExit):
        cnn_search.main(["--epochs", "1"])                 # a trial into the book's table


def test_the_search_trains_only_the_candidates_asked_for(tmp_path, monkeypatch):
    from fmnist_lib.compute import networks
    from fmnist_lib.judge import cnn_design
    from fmnist_lib.tools import cnn_search
    two = cnn_search.CANDIDATES["bfloat16"][:2]
    monkeypatch.setattr(cnn_search, "CANDIDATES", {networks.training_precision(): two})
    args = ["--images", "200", "--epochs", "1", "--out", str(tmp_path), "--only", "2"]
    assert cnn_search.main(args) == 0
    assert [r["name"] for r in cnn_design.read_table("designs.csv", tmp_path)] == [
        two[1].name] * 2


def test_the_processor_is_named_with_its_family_and_model():
    from fmnist_lib.runtime.resources import processor
    cpuinfo = ("processor\t: 0\nvendor_id\t: AuthenticAMD\ncpu family\t: 23\nmodel\t\t: 1\n"
               "model name\t: AMD EPYC\n\nprocessor\t: 1\ncpu family\t: 99\n")
    assert processor(cpuinfo) == "AMD EPYC, family 23 model 1"     # the first processor's
    assert processor("model name\t: Some CPU\n") == "Some CPU"
    assert processor("") == platform.machine()


def test_the_budget_reading_says_within_or_over():
    from fmnist_lib.judge.cnn_design import budget_reading
    assert budget_reading(7.4) == "within"
    assert budget_reading(10.0) == "within"          # the budget itself is allowed
    assert budget_reading(15.6) == "over"
    assert budget_reading(15.6, budget_minutes=20) == "within"

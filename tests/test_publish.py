"""fmnist_lib.build.publish: one call glues a stated value and writes it to the results file;
the set-up line names the chapter's source."""
import json

import numpy as np
import pytest

from fmnist_lib.build import publish
from fmnist_lib.compute.profiles import get_profile
from fmnist_lib.runtime.resources import Resources


@pytest.fixture
def glued(monkeypatch, tmp_path):
    monkeypatch.setenv("FMNIST_BUILD_DIR", str(tmp_path))
    seen = {}
    monkeypatch.setattr(publish, "glue", lambda name, value, display: seen.__setitem__(name, value))
    return seen


def test_keep_glues_and_records_in_one_call(glued, tmp_path):
    chapter = publish.Chapter("04_knn", get_profile("quick"), Resources(1, "cpu"))
    chapter.keep(raw_accuracy=np.float64(0.8125), raw_best_k=np.int64(5), worst_class="Shirt")
    chapter.keep(pca_accuracy=0.85)
    assert glued["raw_accuracy"] == 0.8125 and type(glued["raw_accuracy"]) is float
    assert glued["raw_best_k"] == 5 and type(glued["raw_best_k"]) is int
    assert glued["worst_class"].data == "Shirt"              # Markdown, for the glue:md role
    stored = json.loads((tmp_path / "results" / "04_knn.json").read_text())
    assert stored == {"profile": "quick", "ran_on": "1 local core, CPU", "raw_accuracy": 0.8125,
                      "raw_best_k": 5, "worst_class": "Shirt", "pca_accuracy": 0.85}


def test_record_adds_to_the_results_without_gluing(glued, tmp_path):
    chapter = publish.Chapter("04_knn", get_profile("quick"), Resources(1, "cpu"))
    chapter.keep(raw_accuracy=0.8)
    chapter.record({"raw_seconds": 12.5})
    assert set(glued) == {"raw_accuracy"}
    stored = json.loads((tmp_path / "results" / "04_knn.json").read_text())
    assert stored["raw_accuracy"] == 0.8 and stored["raw_seconds"] == 12.5


def test_a_value_that_is_not_a_number_or_string_is_refused(glued):
    chapter = publish.Chapter("04_knn", get_profile("quick"), Resources(1, "cpu"))
    with pytest.raises(TypeError, match="result values must be numbers, strings or booleans, "
                                        "not list"):
        chapter.record({"classes": ["Shirt"]})


def test_the_source_line_offers_the_notebook_and_says_how_it_was_built():
    assert publish.source_line("04_knn", "paper", "2 local cores, CPU") == (
        "This chapter's source is {download}`notebooks/04_knn.py <../notebooks/04_knn.py>`; "
        "this copy was built with the **paper** profile on 2 local cores, CPU.")


def test_the_build_environment_is_restored_after_its_block(monkeypatch):
    from fmnist_lib.build.driver import environment
    monkeypatch.setenv("FMNIST_KEPT", "mine")
    monkeypatch.delenv("FMNIST_ABSENT", raising=False)
    import os
    with environment({"FMNIST_KEPT": "build's", "FMNIST_ABSENT": "set"}):
        assert os.environ["FMNIST_KEPT"] == "build's" and os.environ["FMNIST_ABSENT"] == "set"
    assert os.environ["FMNIST_KEPT"] == "mine" and "FMNIST_ABSENT" not in os.environ


def test_a_memoised_result_says_where_and_when_it_was_computed(monkeypatch, tmp_path):
    import datetime

    from sklearn.naive_bayes import GaussianNB

    from fmnist_lib.compute import evaluate
    from fmnist_lib.runtime import resources
    monkeypatch.setenv("FMNIST_BUILD_DIR", str(tmp_path))
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(40, 3)), np.arange(40) % 2
    args = (GaussianNB(), X, y, X, y)

    def fit(*call):   # a fresh chapter each time, as in the next build
        return publish.Chapter("04_knn", get_profile("quick"), Resources(1, "cpu")).cache(
            evaluate.fit_and_test)(*call)

    here = {"processor": resources.processor(), "date": datetime.date.today().isoformat()}
    first = fit(*args)
    assert first["computed"] == {"in_this_build": True, **here}
    again = fit(*args)
    assert again["computed"] == {"in_this_build": False, **here}
    np.testing.assert_array_equal(again["test_pred"], first["test_pred"])
    # a result cached before the stamps were kept: where it ran is unknown, and said so
    for stamp in tmp_path.rglob(publish.ORIGIN_FILE):
        stamp.unlink()
    assert fit(*args)["computed"] == {"in_this_build": False, "processor": None, "date": None}
    # the memoised function travels to joblib's workers, and the stamp comes back with it
    memoised = publish.Chapter("04_knn", get_profile("quick"), Resources(1, "cpu")).cache(
        evaluate.fit_and_test)
    import joblib
    other = (GaussianNB(var_smoothing=1e-3), X, y, X, y)
    results = joblib.Parallel(n_jobs=2)(joblib.delayed(memoised)(*call) for call in (args, other))
    assert [r["computed"]["in_this_build"] for r in results] == [False, True]
    assert results[1]["computed"]["processor"] == here["processor"]

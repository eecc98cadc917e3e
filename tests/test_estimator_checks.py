"""The library's estimators hold to scikit-learn's contract: every check of
``sklearn.utils.estimator_checks`` passes, one test per estimator and check
(``parametrize_with_checks``), so they work in pipelines and searches as scikit-learn's do."""
import ast
import importlib
from pathlib import Path

from sklearn.base import BaseEstimator
from sklearn.utils.estimator_checks import parametrize_with_checks

from fmnist_lib.compute.averaged_net import AveragedNeuralNet
from fmnist_lib.compute.models import QuantileBins

LIBRARY = Path(__file__).resolve().parents[1] / "fmnist_lib"

ESTIMATORS = [
    # tiny and few: the checks fit it about a hundred times; this still learns the checks'
    # own data sets (check_classifiers_train asks for 83 % accuracy)
    AveragedNeuralNet(size=3, n_repeats=2, max_iter=10),
    # as binned_naive_bayes builds it, and with KBinsDiscretizer's defaults (one-hot, sparse)
    QuantileBins(n_bins=3, encode="ordinal", strategy="quantile",
                 quantile_method="averaged_inverted_cdf"),
    QuantileBins(),
]


@parametrize_with_checks(ESTIMATORS)
def test_estimator_passes_scikit_learns_checks(estimator, check):
    check(estimator)


def defined_estimators() -> set[type]:
    """Every scikit-learn estimator class the library defines, found by reading each module
    for class definitions and importing the modules that have some."""
    found = set()
    for path in sorted(LIBRARY.rglob("*.py")):
        if path.name == "__main__.py":   # importing it would run it
            continue
        names = [node.name for node in ast.walk(ast.parse(path.read_text()))
                 if isinstance(node, ast.ClassDef)]
        if not names:
            continue
        parts = path.relative_to(LIBRARY.parent).with_suffix("").parts
        module = importlib.import_module(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
        found |= {cls for name in names
                  if isinstance(cls := getattr(module, name, None), type)
                  and issubclass(cls, BaseEstimator)}
    return found


def test_every_estimator_of_the_library_is_checked():
    assert defined_estimators() == {type(e) for e in ESTIMATORS}

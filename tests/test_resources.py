"""Where the work runs (fmnist_lib.runtime.resources): worker counts, devices, a Dask cluster; and
that none of them changes a number."""
import json
import os

import pytest
import torch
from conftest import copy_project

from fmnist_lib.build.driver import Builder
from fmnist_lib.runtime import resources

NO_GPU = not torch.cuda.is_available()


def test_jobs_default_to_every_usable_core(monkeypatch):
    monkeypatch.delenv("FMNIST_JOBS", raising=False)
    assert resources.n_jobs() == len(os.sched_getaffinity(0))
    monkeypatch.setenv("FMNIST_JOBS", "3")
    assert resources.n_jobs() == 3


@pytest.mark.parametrize("value", ["0", "two", "-1"])
def test_bad_job_counts_are_refused_with_the_fix(monkeypatch, value):
    monkeypatch.setenv("FMNIST_JOBS", value)
    with pytest.raises(ValueError, match="whole number of worker processes"):
        resources.n_jobs()


def test_a_fit_gets_every_core_in_the_chapters_process_and_one_in_a_worker(monkeypatch):
    import joblib
    monkeypatch.setenv("FMNIST_JOBS", "3")
    assert resources.fit_threads() == 3
    with joblib.parallel_config(n_jobs=2):
        in_workers = joblib.Parallel()(joblib.delayed(resources.fit_threads)() for _ in range(2))
    assert in_workers == [1, 1]
    # with a Dask cluster every task is one thread, and the chapter leaves the work to it
    monkeypatch.setenv("FMNIST_DASK_SCHEDULER", "tcp://127.0.0.1:8786")
    assert resources.fit_threads() == 1


def test_device_choice(monkeypatch):
    monkeypatch.setenv("FMNIST_DEVICE", "cpu")
    assert resources.device() == "cpu"
    monkeypatch.setenv("FMNIST_DEVICE", "auto")
    assert resources.device() == ("cpu" if NO_GPU else "cuda")
    monkeypatch.setenv("FMNIST_DEVICE", "tpu")
    with pytest.raises(ValueError, match="auto, cpu, cuda"):
        resources.device()


@pytest.mark.skipif(not NO_GPU, reason="this machine has a GPU")
def test_asking_for_a_missing_gpu_says_so(monkeypatch):
    monkeypatch.setenv("FMNIST_DEVICE", "cuda")
    with pytest.raises(RuntimeError, match="sees no CUDA GPU"):
        resources.device()


GPU_SKIP = pytest.mark.skipif(NO_GPU, reason="no CUDA GPU on this machine (torch.cuda."
                              "is_available() is False): the GPU path cannot run here")


@GPU_SKIP
def test_the_cnn_trains_on_the_gpu():
    import numpy as np

    from fmnist_lib.compute import networks
    rng = np.random.default_rng(0)
    images, labels = rng.integers(0, 256, (200, 28, 28), dtype=np.uint8), np.arange(200) % 10
    trained = networks.train_cnn(images, labels, epochs=1, seed=0, device="cuda")
    assert all(t.device.type == "cpu" for t in trained["state"].values())


@GPU_SKIP
def test_boosting_uses_the_gpu_only_with_a_cuda_build_of_xgboost():
    import numpy as np

    from fmnist_lib.compute import boosting
    on_gpu = resources.Resources(1, "cuda")
    assert on_gpu.boosting_device == ("cuda" if resources.xgboost_has_cuda() else "cpu")
    rng = np.random.default_rng(0)
    X, labels = rng.normal(size=(200, 5)), np.arange(200) % 10
    model = boosting.booster(2, 0.3, 1, 5, seed=0, device=on_gpu.boosting_device).fit(X, labels)
    assert model.predict(X).shape == (200,)


def test_the_gpu_check_stops_with_its_reason_without_a_gpu(monkeypatch):
    from fmnist_lib.tools import gpu_check
    monkeypatch.setenv("FMNIST_DEVICE", "cpu")
    with pytest.raises(SystemExit, match="no CUDA GPU in use"):
        gpu_check.main([])


def test_descriptions(monkeypatch):
    assert resources.Resources(2, "cpu").describe() == "2 local cores, CPU"
    assert resources.Resources(2, "cpu").boosting_device == "cpu"
    monkeypatch.setattr(resources, "xgboost_has_cuda", lambda: True)
    assert resources.Resources(1, "cuda").describe() == "1 local core, a CUDA GPU"
    assert resources.Resources(1, "cuda").boosting_device == "cuda"
    monkeypatch.setattr(resources, "xgboost_has_cuda", lambda: False)
    assert (resources.Resources(1, "cuda").describe()
            == "1 local core, a CUDA GPU (xgboost on the CPU)")
    assert resources.Resources(1, "cuda").boosting_device == "cpu"
    assert (resources.Resources(2, "cpu", "tcp://10.0.0.1:8786", 8).describe()
            == "the Dask cluster at tcp://10.0.0.1:8786: 8 workers, CPU")


def test_cnn_weights_do_not_depend_on_the_machine(monkeypatch):
    """The CNN trains on a fixed thread count, whatever the cores or FMNIST_JOBS."""
    import numpy as np

    from fmnist_lib.compute import networks
    rng = np.random.default_rng(1)
    images, labels = rng.integers(0, 256, (300, 28, 28), dtype=np.uint8), np.arange(300) % 10
    runs = []
    for jobs in ("1", "2"):
        monkeypatch.setenv("FMNIST_JOBS", jobs)
        runs.append(networks.train_cnn(images, labels, epochs=1, seed=0)["state"])
    assert all(torch.equal(runs[0][k], runs[1][k]) for k in runs[0])


# --- a whole chapter with 1 worker, 2 workers and a Dask cluster: the same results ------

# what chapter 4 computes from its timings (the central claim's speed-up half)
FROM_TIMINGS = ("speed_ratio", "speed_verdict", "speed_meaning", "central_verdict")


def numbers(results: dict) -> dict:
    """A results file without what may differ between runs: timings, what is computed
    from them, and the machine."""
    return {k: v for k, v in results.items()
            if "seconds" not in k and k != "ran_on" and k not in FROM_TIMINGS}


def build_chapter(root, monkeypatch, **env) -> dict:
    for name in ("FMNIST_JOBS", "FMNIST_DASK_SCHEDULER"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    builder = Builder(copy_project(root), log=lambda message: None)
    builder.execute({"profile": "quick"}, only=["04_knn"])
    return json.loads((builder.build / "results" / "04_knn.json").read_text())


@pytest.mark.book
def test_a_chapter_gives_the_same_results_on_1_worker_every_core_and_a_dask_cluster(
        built_book, tmp_path, monkeypatch):
    from distributed import LocalCluster
    every_core = json.loads((built_book / "_build" / "results" / "04_knn.json").read_text())
    one = build_chapter(tmp_path / "one", monkeypatch, FMNIST_JOBS="1")
    # two worker processes on this machine, reachable on loopback only, no dashboard
    with LocalCluster(n_workers=2, threads_per_worker=1, host="127.0.0.1",
                      dashboard_address=None, processes=True) as cluster:
        address = cluster.scheduler_address
        dask = build_chapter(tmp_path / "dask", monkeypatch, FMNIST_DASK_SCHEDULER=address)
    cores = len(os.sched_getaffinity(0))
    assert one["ran_on"] == "1 local core, CPU"
    assert every_core["ran_on"] == f"{cores} local {'core' if cores == 1 else 'cores'}, CPU"
    assert dask["ran_on"] == f"the Dask cluster at {address}: 2 workers, CPU"
    print("chapter 4, quick profile:", json.dumps(numbers(one), sort_keys=True))
    assert numbers(one) == numbers(every_core) == numbers(dask)


# --- a named scheduler is checked before any chapter ------------------------------------

def test_an_unreachable_scheduler_is_named_within_seconds(monkeypatch):
    import socket
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]      # closed again: nobody listens there
    monkeypatch.setenv("FMNIST_DASK_SCHEDULER", f"tcp://127.0.0.1:{port}")
    with pytest.raises(RuntimeError) as err:
        resources.check_scheduler()
    assert str(err.value) == (f"the Dask scheduler tcp://127.0.0.1:{port} is not reachable "
                              f"(Connection refused within 5 s): start it (`dask scheduler`) or "
                              f"correct --scheduler / FMNIST_DASK_SCHEDULER")
    with socket.socket() as listening:
        listening.bind(("127.0.0.1", 0))
        listening.listen()
        monkeypatch.setenv("FMNIST_DASK_SCHEDULER", f"127.0.0.1:{listening.getsockname()[1]}")
        resources.check_scheduler()   # answers: no error


@pytest.mark.parametrize("address, endpoint", [
    ("tcp://10.0.0.5:8786", ("10.0.0.5", 8786)), ("10.0.0.5:9000", ("10.0.0.5", 9000)),
    ("tcp://scheduler", ("scheduler", 8786)), ("tls://[::1]:8786", ("::1", 8786)),
    ("ucx://10.0.0.5:13337", None),
])
def test_scheduler_addresses(address, endpoint):
    assert resources.scheduler_endpoint(address) == endpoint


def test_a_malformed_scheduler_address_is_refused():
    with pytest.raises(ValueError, match=r"Dask scheduler address 'tcp://host:port': give it as "
                                         r"tcp://HOST:PORT, e.g. tcp://10.0.0.5:8786"):
        resources.scheduler_endpoint("tcp://host:port")

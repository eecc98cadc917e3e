"""Where the work runs: this machine's cores, a Dask cluster when one is named, a GPU when
there is one. Read in one place from the environment the build passes to its kernels:

- ``FMNIST_JOBS``: worker processes (default: every core this process may use);
- ``FMNIST_DASK_SCHEDULER``: a ``dask.distributed`` scheduler address (``tcp://host:8786``);
  the parallel work (joblib: grid searches, learning curves, resampled fits, the boosting
  search) then runs on its workers. Without it nothing of Dask is imported;
- ``FMNIST_DEVICE``: ``auto`` (default: CUDA when torch sees a GPU), ``cpu`` or ``cuda``,
  for the convolutional network, and for the boosting when xgboost is built with CUDA
  (the locked ``xgboost-cpu`` is not: ``Resources.boosting_device``).

Each process does its linear algebra on one BLAS thread, so workers × threads never exceed
the cores; the numbers do not depend on the number of workers (tests/test_resources.py).
"""
from __future__ import annotations

import os
import socket
from dataclasses import dataclass

import joblib
from threadpoolctl import threadpool_limits

from .memo import code_fingerprint

DEVICES = ("auto", "cpu", "cuda")
SCHEDULER_TIMEOUT = 5.0   # seconds to reach a named Dask scheduler before the build gives up
DASK_PORT = 8786          # Dask's default scheduler port


def n_jobs() -> int:
    """``$FMNIST_JOBS``, else the cores this process may run on."""
    value = os.environ.get("FMNIST_JOBS", "").strip()
    if not value:
        return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    if not value.isdigit() or int(value) < 1:
        raise ValueError(f"FMNIST_JOBS={value!r}: give a whole number of worker processes, "
                         f"at least 1 (or unset it to use every core)")
    return int(value)


def scheduler() -> str | None:
    """The Dask scheduler named by ``$FMNIST_DASK_SCHEDULER``, or None."""
    return os.environ.get("FMNIST_DASK_SCHEDULER", "").strip() or None


def scheduler_endpoint(address: str) -> tuple[str, int] | None:
    """(host, port) of a ``tcp://`` or ``tls://`` scheduler address (``host:port`` alone
    means tcp; the port defaults to Dask's 8786); None for other transports."""
    scheme, separator, rest = address.partition("://")
    if not separator:
        scheme, rest = "tcp", address
    if scheme not in ("tcp", "tls"):
        return None
    host, colon, port = rest.rstrip("/").rpartition(":")
    if not colon or "]" in port:   # no port given ("tcp://host", "[::1]")
        host, port = rest.rstrip("/"), str(DASK_PORT)
    host = host.strip("[]")
    if not host or not port.isdigit():
        raise ValueError(f"Dask scheduler address {address!r}: give it as tcp://HOST:PORT, "
                         f"e.g. tcp://10.0.0.5:8786 (--scheduler or FMNIST_DASK_SCHEDULER)")
    return host, int(port)


def check_scheduler(timeout: float = SCHEDULER_TIMEOUT) -> None:
    """With a scheduler named, Dask must be installed (the ``cluster`` extra) and the
    scheduler reachable within ``timeout`` seconds: said at the start of a build, not in
    every chapter's first cell (where Dask's own client waits 30 s)."""
    address = scheduler()
    if address is None:
        return
    try:
        import distributed  # noqa: F401  (optional: the `cluster` extra)
    except ImportError:
        raise RuntimeError(f"a Dask scheduler is named ({address}) but Dask is not "
                           f"installed: run `make setup` (it installs the whole lock, Dask "
                           f"included)") from None
    endpoint = scheduler_endpoint(address)
    if endpoint is None:
        return   # another transport (ucx, inproc): Dask's client checks it
    try:
        socket.create_connection(endpoint, timeout=timeout).close()
    except OSError as err:
        why = "no answer" if isinstance(err, TimeoutError) else (err.strerror or str(err))
        raise RuntimeError(f"the Dask scheduler {address} is not reachable ({why} within "
                           f"{timeout:g} s): start it (`dask scheduler`) or correct "
                           f"--scheduler / FMNIST_DASK_SCHEDULER") from None


def workers_for(threads_each: int) -> int | None:
    """How many tasks of ``threads_each`` threads (e.g. xgboost fits) run side by side on
    the local cores: the cores shared out, at least one; None on a Dask cluster (as many as
    its workers take: a worker process runs one task per thread it was started with)."""
    if scheduler() is not None:
        return None
    return max(1, n_jobs() // max(1, threads_each))


def fit_threads() -> int:
    """Threads for one fit's own parallelism (a forest's trees, a kNN's queries) in this
    process: every local core (``n_jobs()``) in a chapter's own process, one in a joblib
    worker, whose siblings use the other cores, and one with a Dask cluster named (its
    tasks run one thread each; the chapter's process leaves the work to the cluster)."""
    backend, _ = joblib.parallel.get_active_backend()
    return 1 if backend.nesting_level > 0 or scheduler() is not None else n_jobs()


def device() -> str:
    """``cpu`` or ``cuda``, from ``$FMNIST_DEVICE`` (auto|cpu|cuda; default auto)."""
    wanted = os.environ.get("FMNIST_DEVICE", "auto").strip() or "auto"
    if wanted not in DEVICES:
        raise ValueError(f"FMNIST_DEVICE={wanted!r}: choose one of {', '.join(DEVICES)}")
    if wanted == "cpu":
        return "cpu"
    import torch  # late: torch takes seconds to load, and only this answer needs it
    if torch.cuda.is_available():
        return "cuda"
    if wanted == "cuda":
        raise RuntimeError("FMNIST_DEVICE=cuda but torch sees no CUDA GPU (this book installs "
                           "the CPU build of torch); use --device cpu or auto")
    return "cpu"


def processor(cpuinfo: str | None = None) -> str:
    """This machine's processor as /proc/cpuinfo names it, with its family and model
    (e.g. "AMD EPYC, family 23 model 1": a virtual machine's model name can be as short as
    that, and the family tells a first-generation EPYC from a later one); the architecture
    (``platform.machine()``) where there is no /proc/cpuinfo. ``cpuinfo``: that file's text
    (for tests)."""
    import platform
    if cpuinfo is None:
        try:
            with open("/proc/cpuinfo") as stream:
                cpuinfo = stream.read()
        except OSError:
            return platform.machine() or "unknown processor"
    fields = {}
    for line in cpuinfo.splitlines():
        key, _, value = line.partition(":")
        fields.setdefault(key.strip(), value.strip())   # the first processor's
    name = fields.get("model name") or platform.machine() or "unknown processor"
    if fields.get("cpu family") and fields.get("model"):
        return f"{name}, family {fields['cpu family']} model {fields['model']}"
    return name


def xgboost_has_cuda() -> bool:
    import xgboost  # late, as torch above
    return bool(xgboost.build_info().get("USE_CUDA"))


@dataclass(frozen=True)
class Resources:
    jobs: int
    device: str
    scheduler: str | None = None
    workers: int = 0

    @property
    def boosting_device(self) -> str:
        """The device for xgboost: ``cuda`` only when xgboost itself was built with CUDA.
        The locked ``xgboost-cpu`` was not, so on a GPU machine the CNN uses the GPU and
        the boosting stays on the CPU (and gives the CPU's numbers)."""
        return "cuda" if self.device == "cuda" and xgboost_has_cuda() else "cpu"

    def describe(self) -> str:
        """E.g. "2 local cores, CPU" or "the Dask cluster at tcp://…: 8 workers, CPU"."""
        device = "CPU"
        if self.device == "cuda":
            device = ("a CUDA GPU" if self.boosting_device == "cuda"
                      else "a CUDA GPU (xgboost on the CPU)")
        if self.scheduler:
            return f"the Dask cluster at {self.scheduler}: {self.workers} workers, {device}"
        return f"{self.jobs} local {'core' if self.jobs == 1 else 'cores'}, {device}"


def use() -> Resources:
    """Configure this process for the chapter's parallel work and return what it runs on.

    One BLAS and OpenMP thread here (threadpoolctl; the boosting lifts the OpenMP limit for
    its fits, :func:`fmnist_lib.compute.boosting.on_threads`); joblib's default worker count set to
    ``n_jobs()`` (its loky workers get one BLAS thread each); with a scheduler, joblib's
    Dask backend on that cluster, after checking that every worker runs this code."""
    threadpool_limits(1)
    jobs, address = n_jobs(), scheduler()
    if address is None:
        # the worker count only: scikit-learn keeps choosing threads or processes per task
        joblib.parallel_config(n_jobs=jobs)
        return Resources(jobs, device())
    from distributed import Client  # optional: only with a scheduler (`cluster` extra)
    client = Client(address, set_as_default=True)
    check_workers(client)
    joblib.parallel_config(backend="dask", n_jobs=-1)
    workers = len(client.scheduler_info(n_workers=-1)["workers"])
    return Resources(jobs, device(), address, workers)


def check_workers(client) -> None:
    """Every worker must compute with the same code and package versions as this process:
    the memo cache is keyed by them (fmnist_lib.runtime.memo.code_fingerprint)."""
    here = code_fingerprint()
    theirs = client.run(code_fingerprint)
    different = sorted(worker for worker, fingerprint in theirs.items() if fingerprint != here)
    if different:
        raise RuntimeError(f"Dask workers {', '.join(different)} run other code or package "
                           f"versions than this build: install the same commit and "
                           f"requirements.lock there")


def in_parallel(function, calls: list, threads_each: int = 1) -> list:
    """``function(*args)`` for each ``args`` in ``calls`` on joblib's workers (local cores,
    or the Dask cluster that ``use`` named), as many side by side as the cores hold tasks of
    ``threads_each`` threads (:func:`workers_for`); results in the order of ``calls``."""
    workers = workers_for(threads_each) if threads_each > 1 else None
    return joblib.Parallel(n_jobs=workers)(joblib.delayed(function)(*args) for args in calls)

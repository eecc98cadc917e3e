"""Progress lines for the person running a long step, never for the book's pages.

Inside a chapter executed by the build, ``$FMNIST_PROGRESS`` names a file that the build
tails and prints on its own terminal (and in CI logs) with the chapter's name and elapsed
time. Anywhere else (a notebook opened in JupyterLab, a script) the lines go to stderr.
"""
from __future__ import annotations

import contextlib
import os
import sys
import time


def report(message: str) -> None:
    """One progress line, e.g. ``report("boosting: stage 1, depth 3 done (41 s)")``."""
    path = os.environ.get("FMNIST_PROGRESS")
    if path:
        with open(path, "a", encoding="utf-8") as stream:
            stream.write(message.rstrip("\n") + "\n")
    else:
        print(message, file=sys.stderr, flush=True)


@contextlib.contextmanager
def step(name: str):
    """Report the start and the end (with seconds) of a named step."""
    start = time.perf_counter()
    report(f"{name} ...")
    yield
    report(f"{name}: done in {time.perf_counter() - start:.0f} s")

"""``fmnist-book``: the book's command (installed into ``.venv/bin`` with the project).

    fmnist-book build   [--profile quick|paper|full] [build options]
    fmnist-book chapter NAME [NAME ...] [build options]   (the names first)
    fmnist-book pdf     [--profile ...] [build options]
    fmnist-book prune

Each command is the build driver (``python -m fmnist_lib.build``) with its options:
``chapter 04`` is ``--only 04``, ``pdf`` is ``--pdf`` (the PDF, then the HTML book that offers
it), ``prune`` is ``--prune``; every other option goes to the driver as it is
(``fmnist-book build --help`` lists them).
"""
from __future__ import annotations

import argparse
import itertools
import sys

from . import driver

COMMANDS = {
    "build": ("execute the chapters that changed and build the HTML book", []),
    "chapter": ("re-execute the chapters named (a number or name: 04, 04_knn) and rebuild "
                "the HTML book", None),
    "pdf": ("build the PDF book (XeLaTeX), then the HTML book that offers it", ["--pdf"]),
    "prune": ("remove the memo folders of superseded code (_build/cache/<fingerprint>)",
              ["--prune"]),
}


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="fmnist-book", description="Execute the chapters and build the Fashion-MNIST book.",
        epilog="Options after a command are the build driver's: fmnist-book build --help")
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (text, _) in COMMANDS.items():
        commands.add_parser(name, help=text, description=text, add_help=False,
                            usage="fmnist-book chapter NAME [NAME ...] [build options]"
                            if name == "chapter" else None)
    return top


def driver_arguments(argv: list[str]) -> list[str]:
    """The driver's arguments for the ``fmnist-book`` arguments ``argv`` (SystemExit with
    the usage line on an unknown command, or a chapter command without a name)."""
    if argv[:1] and argv[0] in COMMANDS and {"-h", "--help"} & set(argv[1:]):
        return ["--help"]   # the driver's options
    top = parser()
    args, rest = top.parse_known_args(argv)
    fixed = COMMANDS[args.command][1]
    if fixed is not None:
        return [*fixed, *rest]
    names = list(itertools.takewhile(lambda word: not word.startswith("-"), rest))
    if not names:
        top.error("chapter needs the chapters first: fmnist-book chapter 04 [build options]")
    return [word for name in names for word in ("--only", name)] + rest[len(names):]


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    return driver.main(driver_arguments(argv))


if __name__ == "__main__":
    sys.exit(main())

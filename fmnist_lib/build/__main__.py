"""``python -m fmnist_lib.build``: execute the chapters and build the book."""
import sys

from .driver import main

sys.exit(main())

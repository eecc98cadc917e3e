"""Where the work runs: cores, a Dask cluster or a GPU (``resources``), progress lines
(``progress``), and the memo cache keyed by the fingerprint of ``compute/`` (``memo``).
Imports nothing else of the library."""

"""Fashion-MNIST: find, download, verify and parse the four IDX files.

``$FMNIST_DATA_DIR``, when set, is the only source: a folder that is missing, empty or
incomplete is an error naming it, never a reason to use another copy. Otherwise sources
are tried in order: the Debian package ``dataset-fashion-mnist``
(``/usr/share/datasets/fashion-mnist``); a per-user cache directory. When none holds the
files they are downloaded into the cache. Every payload is checked against the SHA-256 of
its *decompressed* bytes and parsed with full validation; a file that is present but bad
is an error (a ``DataError`` naming the file and the fix), never skipped.

The verified copy (``verified-<fingerprint>.npz`` in the cache) only speeds up later loads:
when it cannot be written (a full or read-only cache) the data is read from the original
files, and that is said once.
"""
from __future__ import annotations

import functools
import gzip
import hashlib
import os
import tempfile
import urllib.request
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..runtime.progress import report

CLASS_NAMES = (
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
    "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
)

# SHA-256 of the decompressed payloads (Debian re-compressed the .gz files, so the
# upstream MD5s of the archives do not match; the contents do).
FILES = {
    "train-images": ("train-images-idx3-ubyte", 47_040_016,
                     "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888"),
    "train-labels": ("train-labels-idx1-ubyte", 60_008,
                     "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9"),
    "test-images": ("t10k-images-idx3-ubyte", 7_840_016,
                    "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b"),
    "test-labels": ("t10k-labels-idx1-ubyte", 10_008,
                    "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34"),
}
SHA256 = {FILES[k][0]: FILES[k][2] for k in FILES}
MIRROR = "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"
DEBIAN_DIR = Path("/usr/share/datasets/fashion-mnist")
FIX = ("Reinstall the data (`make data`, or `apt-get install --reinstall "
       "dataset-fashion-mnist`), or point FMNIST_DATA_DIR at a good copy.")


class DataError(RuntimeError):
    """The data set is missing, corrupt or malformed; the message says what to do."""


class DataNotFound(DataError):
    """No source holds the data set (a download can still fetch it)."""


# "off": do not write the verified copy (the build sets it for its kernels when it has
# found, and said once, that the cache folder cannot take it)
VERIFIED_COPY = "FMNIST_VERIFIED_COPY"


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "fmnist-book"


def user_data_dir() -> Path | None:
    """``$FMNIST_DATA_DIR`` as an absolute path (a relative one from the current folder:
    the build resolves it once and passes the absolute path to its kernels), or None."""
    value = os.environ.get("FMNIST_DATA_DIR", "").strip()
    return Path(value).absolute() if value else None


def candidate_dirs() -> list[tuple[str, Path]]:
    """The places searched for the IDX files, in order: ``$FMNIST_DATA_DIR`` alone when it
    is set."""
    if user_data_dir() is not None:
        return [("FMNIST_DATA_DIR", user_data_dir())]
    return [("Debian package dataset-fashion-mnist", DEBIAN_DIR), ("user cache", cache_dir())]


def _user_dir_files(directory: Path, stems: list[str]) -> dict[str, Path]:
    """The four files in ``$FMNIST_DATA_DIR``, or a DataError saying what is wrong with it."""
    setting = f"FMNIST_DATA_DIR={os.environ['FMNIST_DATA_DIR'].strip()}"
    if directory != Path(os.environ["FMNIST_DATA_DIR"].strip()):
        setting += f" (that is {directory})"
    names = ", ".join(f"{s}[.gz]" for s in stems)
    fix = (f"Point FMNIST_DATA_DIR at the folder holding {names}, or unset it to use the "
           f"Debian package dataset-fashion-mnist or the verified download.")
    if not directory.is_dir():
        problem = "is not a folder" if directory.exists() else "does not exist"
        raise DataError(f"{setting} {problem}. {fix}")
    found = {stem: _locate(directory, stem) for stem in stems}
    missing = [s for s in stems if not found[s]]
    if len(missing) == len(stems):
        raise DataError(f"{setting} holds none of the Fashion-MNIST files. {fix}")
    if missing:
        raise DataError(f"{setting} holds only part of Fashion-MNIST: missing "
                        f"{', '.join(missing)}. {fix}")
    return found


def _locate(directory: Path, stem: str) -> Path | None:
    for name in (stem, stem + ".gz"):
        if (directory / name).is_file():
            return directory / name
    return None


def find_data_files(download: bool = True, mirror: str = MIRROR,
                    opener=urllib.request.urlopen) -> dict[str, Path]:
    """Map each IDX stem to its file, from the first source that holds all four.

    A source holding some but not all four files is an error (except the cache,
    which a download completes). With none, downloads into the cache.
    """
    stems = [spec[0] for spec in FILES.values()]
    if user_data_dir() is not None:
        return _user_dir_files(user_data_dir(), stems)
    for label, directory in candidate_dirs():
        found = {stem: _locate(directory, stem) for stem in stems}
        present = [s for s in stems if found[s]]
        if len(present) == len(stems):
            return found
        if present and directory != cache_dir():
            missing = ", ".join(s for s in stems if not found[s])
            raise DataError(f"{directory} ({label}) holds only part of Fashion-MNIST: "
                            f"missing {missing}. {FIX}")
    if not download:
        raise DataNotFound("Fashion-MNIST not found in " +
                        "; ".join(str(d) for _, d in candidate_dirs()) + ". " + FIX)
    target = cache_dir()
    for stem in stems:
        if not _locate(target, stem):
            download_file(stem, target, mirror=mirror, opener=opener)
    return {stem: _locate(target, stem) for stem in stems}


def download_file(stem: str, target: Path, mirror: str = MIRROR,
                  opener=urllib.request.urlopen, expected_sha256: str | None = None) -> Path:
    """Download ``stem.gz`` into ``target`` atomically, verified before it lands.

    Any failure (network, truncated archive, checksum) leaves nothing behind.
    """
    target.mkdir(parents=True, exist_ok=True)
    url = mirror.rstrip("/") + "/" + stem + ".gz"
    final = target / (stem + ".gz")
    expected = expected_sha256 or SHA256[stem]
    fd, tmp = tempfile.mkstemp(dir=target, prefix=f".{stem}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as out, opener(url) as response:
            while chunk := response.read(1 << 20):
                out.write(chunk)
        try:
            payload = gzip.decompress(Path(tmp).read_bytes())
        except (OSError, EOFError) as err:
            raise DataError(f"download of {url} is not a complete gzip file ({err}); "
                            "try again later, or install dataset-fashion-mnist.") from err
        if hashlib.sha256(payload).hexdigest() != expected:
            raise DataError(f"download of {url} has the wrong SHA-256; try again later, "
                            "or install dataset-fashion-mnist.")
        os.replace(tmp, final)
    except DataError:
        raise
    except Exception as err:
        raise DataError(f"could not download {url}: {err}. Without internet access, "
                        "install dataset-fashion-mnist or set FMNIST_DATA_DIR.") from err
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return final


def read_payload(path: Path) -> bytes:
    path = Path(path)
    try:
        raw = path.read_bytes()
    except PermissionError as err:
        raise DataError(f"{path}: permission denied, this user cannot read it. Give it read "
                        f"permission (chmod a+r {path}) or point FMNIST_DATA_DIR at a "
                        f"readable copy.") from err
    except OSError as err:
        raise DataError(f"{path}: cannot read it ({err.strerror or err}). {FIX}") from err
    if path.suffix != ".gz":
        return raw
    try:
        return gzip.decompress(raw)
    except (OSError, EOFError, zlib.error) as err:   # zlib: a damaged deflate stream
        raise DataError(f"{path}: cannot decompress ({err}); the file is truncated or "
                        f"corrupt. {FIX}") from err


def parse_idx(payload: bytes, name: str, ndim: int) -> np.ndarray:
    """Parse an unsigned-byte IDX payload of ``ndim`` dimensions, validating all of it."""
    if len(payload) < 4 + 4 * ndim:
        raise DataError(f"{name}: only {len(payload)} bytes, too short for an IDX header. {FIX}")
    if payload[0] != 0 or payload[1] != 0:
        raise DataError(f"{name}: bad magic number {payload[:4].hex()} (an IDX file starts "
                        f"with two zero bytes). {FIX}")
    if payload[2] != 0x08:
        raise DataError(f"{name}: element type 0x{payload[2]:02x}, expected 0x08 "
                        f"(unsigned byte). {FIX}")
    if payload[3] != ndim:
        raise DataError(f"{name}: {payload[3]} dimensions, expected {ndim}. {FIX}")
    dims = tuple(int.from_bytes(payload[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim))
    if ndim == 3 and dims[1:] != (28, 28):
        raise DataError(f"{name}: images of {dims[1]}x{dims[2]} pixels, expected 28x28. {FIX}")
    body = payload[4 + 4 * ndim:]
    expected = int(np.prod(dims))
    if len(body) != expected:
        raise DataError(f"{name}: payload of {len(body)} bytes, but the header's dimensions "
                        f"{dims} need {expected}; the file is truncated or corrupt. {FIX}")
    return np.frombuffer(body, dtype=np.uint8).reshape(dims)


def read_idx(path: Path, ndim: int, expected_sha256: str | None = None) -> np.ndarray:
    payload = read_payload(path)
    if expected_sha256 and hashlib.sha256(payload).hexdigest() != expected_sha256:
        raise DataError(f"{path}: SHA-256 of the decompressed payload does not match the "
                        f"published Fashion-MNIST file; it is corrupt or a different file. {FIX}")
    return parse_idx(payload, str(path), ndim)


def read_split(images_path: Path, labels_path: Path, verify: bool = True):
    """Images (n×28×28 uint8) and labels (n int64) of one split, cross-checked."""
    sha = (lambda p: SHA256.get(Path(p).name.removesuffix(".gz"))) if verify else (lambda p: None)
    images = read_idx(images_path, 3, sha(images_path))
    labels = read_idx(labels_path, 1, sha(labels_path))
    if labels.size and labels.max() > 9:
        raise DataError(f"{labels_path}: label {int(labels.max())} outside 0-9. {FIX}")
    if len(images) != len(labels):
        raise DataError(f"{images_path} has {len(images)} images but {labels_path} has "
                        f"{len(labels)} labels. {FIX}")
    return images, labels.astype(np.int64)


@dataclass(frozen=True)
class FashionMNIST:
    train_images: np.ndarray
    train_labels: np.ndarray
    test_images: np.ndarray
    test_labels: np.ndarray
    class_names: tuple = CLASS_NAMES

    def stratified_subset(self, n: int, seed: int):
        """Images and labels of an exactly class-balanced training sample of size n."""
        idx = stratified_indices(self.train_labels, n, seed)
        return self.train_images[idx], self.train_labels[idx]


def _fingerprint(files: dict[str, Path]) -> str:
    h = hashlib.sha256()
    for stem in sorted(files):
        st = files[stem].stat()
        h.update(f"{files[stem].resolve()}|{st.st_size}|{st.st_mtime_ns}".encode())
    return h.hexdigest()[:16]


def data_fingerprint() -> str:
    """Identifies the data files in use (path, size, time); 'absent' when no source holds
    them (a chapter downloads them). A source that is bad (an ``FMNIST_DATA_DIR`` that is
    missing or incomplete, a partial Debian folder) is a DataError."""
    try:
        return _fingerprint(find_data_files(download=False))
    except DataNotFound:
        return "absent"


def verified_copy_path(files: dict[str, Path]) -> Path:
    return cache_dir() / f"verified-{_fingerprint(files)}.npz"


def _read_verified(path: Path) -> FashionMNIST | None:
    """The verified copy, or None when there is none or it is damaged (then the original
    files are verified again and the copy rewritten)."""
    if not path.exists():
        return None
    try:
        with np.load(path) as z:
            return FashionMNIST(z["xtr"], z["ytr"], z["xte"], z["yte"])
    except (OSError, EOFError, ValueError, KeyError, zipfile.BadZipFile, zlib.error) as err:
        report(f"the verified copy of the data {path} is unreadable ({err}): verifying "
               f"the original files again")
        return None


def verified_copy_problem() -> str | None:
    """Why the verified copy of the data cannot be written in the cache folder (full,
    read-only, not ours), or None when it can or is already there. Downloads aside."""
    try:
        files = find_data_files(download=False)
    except DataError:
        return None   # no data yet: the download says what is wrong
    target = verified_copy_path(files)
    if target.exists():
        return None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=target.parent) as probe:
            os.write(probe.fileno(), b"\0" * 4096)
    except OSError as err:
        return f"{target.parent}: {err.strerror or err}"
    return None


@functools.lru_cache(maxsize=1)
def load_fashion_mnist() -> FashionMNIST:
    """The whole data set, verified; later loads read a verified .npz copy (~0.1 s)
    when it could be saved."""
    files = find_data_files()
    verified = verified_copy_path(files)
    data = _read_verified(verified)
    if data is not None:
        return data
    xtr, ytr = read_split(files["train-images-idx3-ubyte"], files["train-labels-idx1-ubyte"])
    xte, yte = read_split(files["t10k-images-idx3-ubyte"], files["t10k-labels-idx1-ubyte"])
    if os.environ.get(VERIFIED_COPY) != "off":
        try:
            _save_atomic(verified, xtr=xtr, ytr=ytr, xte=xte, yte=yte)
        except OSError as err:
            # once per process: the load is memoised
            report(f"could not save the verified copy of the data in {verified.parent} "
                   f"({err.strerror or err}): going on from the original files, verified "
                   f"on every load (free space there or make it writable to save time)")
    return FashionMNIST(xtr, ytr, xte, yte)


def _save_atomic(path: Path, **arrays) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".npz.part")
    try:
        with os.fdopen(fd, "wb") as out:
            np.savez(out, **arrays)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def stratified_indices(labels: np.ndarray, n: int, seed: int) -> np.ndarray:
    """Sorted indices of ``n // k`` random items of each of the ``k`` classes."""
    labels = np.asarray(labels)
    if labels.ndim != 1 or not len(labels):
        raise ValueError(f"labels: expected a non-empty 1-D array of class labels, got shape "
                         f"{labels.shape}")
    classes, counts = np.unique(labels, return_counts=True)
    if not isinstance(n, (int, np.integer)) or isinstance(n, bool) or n <= 0:
        raise ValueError(f"n must be a positive integer, got {n!r}")
    if n % len(classes):
        raise ValueError(f"n={n} is not a multiple of the {len(classes)} classes, so no "
                         "exactly balanced sample exists")
    per_class = n // len(classes)
    if per_class > counts.min():
        raise ValueError(f"n={n} needs {per_class} per class but the smallest class has "
                         f"{counts.min()}")
    rng = np.random.default_rng(seed)
    picks = [rng.choice(np.flatnonzero(labels == c), per_class, replace=False) for c in classes]
    return np.sort(np.concatenate(picks))

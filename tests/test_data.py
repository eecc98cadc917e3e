"""fmnist_lib.compute.data: IDX parsing and validation, discovery, checksums, download, subsets."""
import gzip
import hashlib
import http.server
import os
import re
import subprocess
import sys
import tempfile
import threading
import zlib
from functools import partial
from pathlib import Path

import numpy as np
import pytest
from conftest import fill, idx_bytes, tiny_split, write_dataset

from fmnist_lib.compute import data
from fmnist_lib.compute.data import DataError

# --- IDX parsing -----------------------------------------------------------------------

def test_parse_good_images_and_labels(tmp_path):
    images, labels = tiny_split(20)
    (tmp_path / "img").write_bytes(idx_bytes(images))
    (tmp_path / "lab.gz").write_bytes(gzip.compress(idx_bytes(labels)))
    got_images, got_labels = data.read_split(tmp_path / "img", tmp_path / "lab.gz", verify=False)
    assert got_images.dtype == np.uint8 and got_images.shape == (20, 28, 28)
    np.testing.assert_array_equal(got_images, images)
    assert got_labels.dtype == np.int64
    np.testing.assert_array_equal(got_labels, labels)


@pytest.mark.parametrize("payload, message", [
    (idx_bytes(np.zeros((2, 28, 28)), magic=b"\x01\x00"), "bad magic number"),
    (idx_bytes(np.zeros((2, 28, 28)), dtype_code=0x0D), "element type 0x0d"),
    (idx_bytes(np.zeros((2, 28))), "2 dimensions, expected 3"),
    (idx_bytes(np.zeros((2, 27, 28))), "27x28 pixels"),
    (idx_bytes(np.zeros((2, 28, 28)))[:-5], "truncated"),
    (idx_bytes(np.zeros((2, 28, 28))) + b"\x00", "payload of 1569 bytes"),
    (b"\x00\x00\x08", "too short"),
])
def test_parse_rejects_malformed_images(tmp_path, payload, message):
    path = tmp_path / "train-images-idx3-ubyte"
    path.write_bytes(payload)
    with pytest.raises(DataError, match=message) as err:
        data.read_idx(path, 3)
    assert str(path) in str(err.value) and "FMNIST_DATA_DIR" in str(err.value)


def test_labels_outside_0_9_rejected(tmp_path):
    images, labels = tiny_split(3)
    labels[1] = 10
    (tmp_path / "i").write_bytes(idx_bytes(images))
    (tmp_path / "l").write_bytes(idx_bytes(labels))
    with pytest.raises(DataError, match="label 10 outside 0-9"):
        data.read_split(tmp_path / "i", tmp_path / "l", verify=False)


def test_image_and_label_counts_must_agree(tmp_path):
    images, labels = tiny_split(5)
    (tmp_path / "i").write_bytes(idx_bytes(images))
    (tmp_path / "l").write_bytes(idx_bytes(labels[:4]))
    with pytest.raises(DataError, match="has 5 images but .* has 4 labels"):
        data.read_split(tmp_path / "i", tmp_path / "l", verify=False)


def test_truncated_gzip_is_an_error(tmp_path):
    path = tmp_path / "train-labels-idx1-ubyte.gz"
    path.write_bytes(gzip.compress(idx_bytes(np.arange(100, dtype=np.uint8) % 10))[:-10])
    with pytest.raises(DataError, match="cannot decompress"):
        data.read_idx(path, 1)


def test_checksum_mismatch_names_the_file(tmp_path):
    write_dataset(tmp_path)   # real file names, synthetic contents
    with pytest.raises(DataError, match="SHA-256") as err:
        data.read_split(tmp_path / "t10k-images-idx3-ubyte", tmp_path / "t10k-labels-idx1-ubyte")
    assert "t10k-images-idx3-ubyte" in str(err.value)


# --- discovery order -------------------------------------------------------------------

def test_discovery_prefers_env_then_debian_then_cache(isolated_sources, monkeypatch):
    env_dir, deb_dir = isolated_sources / "env", isolated_sources / "debian"
    cache = data.cache_dir()
    for d in (env_dir, deb_dir, cache):
        write_dataset(d, compress=d == deb_dir)
    monkeypatch.setenv("FMNIST_DATA_DIR", str(env_dir))
    assert set(p.parent for p in data.find_data_files(download=False).values()) == {env_dir}
    monkeypatch.delenv("FMNIST_DATA_DIR")
    found = data.find_data_files(download=False)
    assert set(p.parent for p in found.values()) == {deb_dir}
    assert all(p.suffix == ".gz" for p in found.values())
    for p in deb_dir.iterdir():
        p.unlink()
    assert set(p.parent for p in data.find_data_files(download=False).values()) == {cache}


def test_partial_source_is_an_error_not_skipped(isolated_sources, monkeypatch):
    env_dir = isolated_sources / "env"
    write_dataset(env_dir)
    write_dataset(data.cache_dir())
    (env_dir / "train-labels-idx1-ubyte").unlink()
    monkeypatch.setenv("FMNIST_DATA_DIR", str(env_dir))
    with pytest.raises(DataError, match="missing train-labels-idx1-ubyte"):
        data.find_data_files(download=False)


def test_nothing_found_without_download(isolated_sources):
    with pytest.raises(DataError, match="not found"):
        data.find_data_files(download=False)


# --- download --------------------------------------------------------------------------

@pytest.fixture
def mirror(tmp_path):
    """A local HTTP server standing in for the official mirror."""
    root = tmp_path / "mirror"
    root.mkdir()
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *a: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield root, f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def test_download_success(tmp_path, mirror):
    root, url = mirror
    payload = idx_bytes(np.arange(50, dtype=np.uint8) % 10)
    (root / "train-labels-idx1-ubyte.gz").write_bytes(gzip.compress(payload))
    target = tmp_path / "cache"
    path = data.download_file("train-labels-idx1-ubyte", target, mirror=url,
                              expected_sha256=hashlib.sha256(payload).hexdigest())
    assert path == target / "train-labels-idx1-ubyte.gz"
    assert [p.name for p in target.iterdir()] == [path.name]
    assert data.read_idx(path, 1).shape == (50,)


def test_download_failure_leaves_nothing(tmp_path, mirror):
    _, url = mirror   # file absent: HTTP 404
    target = tmp_path / "cache"
    with pytest.raises(DataError, match="could not download .*train-labels"):
        data.download_file("train-labels-idx1-ubyte", target, mirror=url)
    assert list(target.iterdir()) == []


def test_partial_download_leaves_nothing(tmp_path, mirror):
    root, url = mirror
    payload = gzip.compress(idx_bytes(np.arange(5000, dtype=np.uint8) % 10))
    (root / "train-labels-idx1-ubyte.gz").write_bytes(payload[: len(payload) // 2])
    target = tmp_path / "cache"
    with pytest.raises(DataError, match="not a complete gzip file"):
        data.download_file("train-labels-idx1-ubyte", target, mirror=url)
    assert list(target.iterdir()) == []


def test_download_with_wrong_checksum_leaves_nothing(tmp_path, mirror):
    root, url = mirror
    (root / "train-labels-idx1-ubyte.gz").write_bytes(gzip.compress(b"not the real file"))
    target = tmp_path / "cache"
    with pytest.raises(DataError, match="wrong SHA-256"):
        data.download_file("train-labels-idx1-ubyte", target, mirror=url)
    assert list(target.iterdir()) == []


def test_connection_error_from_opener(tmp_path):
    def offline(url):
        raise OSError("network unreachable")
    with pytest.raises(DataError, match="network unreachable"):
        data.download_file("t10k-labels-idx1-ubyte", tmp_path, opener=offline)
    assert list(tmp_path.iterdir()) == []


def test_find_downloads_into_cache_when_nothing_found(isolated_sources, mirror, monkeypatch):
    root, url = mirror
    checksums = write_dataset(root, compress=True)
    monkeypatch.setattr(data, "SHA256", checksums)
    found = data.find_data_files(mirror=url)
    assert set(p.parent for p in found.values()) == {data.cache_dir()}
    xtr, ytr = data.read_split(found["train-images-idx3-ubyte"], found["train-labels-idx1-ubyte"])
    assert xtr.shape == (30, 28, 28) and ytr.shape == (30,)


# --- stratified subsets ----------------------------------------------------------------

LABELS = np.repeat(np.arange(10), 50)


def test_stratified_subset_exact_counts_and_determinism():
    idx = data.stratified_indices(LABELS, 120, seed=3)
    assert len(idx) == 120 and len(set(idx)) == 120
    np.testing.assert_array_equal(np.bincount(LABELS[idx]), [12] * 10)
    np.testing.assert_array_equal(idx, data.stratified_indices(LABELS, 120, seed=3))
    assert not np.array_equal(idx, data.stratified_indices(LABELS, 120, seed=4))


@pytest.mark.parametrize("n, message", [
    (125, "not a multiple of the 10 classes"), (0, "positive integer"),
    (-10, "positive integer"), (10.0, "positive integer"), (510, "smallest class has 50"),
])
def test_stratified_subset_bad_n(n, message):
    with pytest.raises(ValueError, match=message):
        data.stratified_indices(LABELS, n, seed=0)


# --- the real data (installed by `make data` / .ci/run) --------------------------------

def test_real_data_shapes_and_balance():
    fm = data.load_fashion_mnist()
    assert fm.train_images.shape == (60000, 28, 28) and fm.train_images.dtype == np.uint8
    assert fm.test_images.shape == (10000, 28, 28)
    np.testing.assert_array_equal(np.bincount(fm.train_labels), [6000] * 10)
    np.testing.assert_array_equal(np.bincount(fm.test_labels), [1000] * 10)
    x, y = fm.stratified_subset(10_010, seed=101)
    assert x.shape == (10_010, 28, 28)
    np.testing.assert_array_equal(np.bincount(y), [1001] * 10)
    assert len(fm.class_names) == 10 and fm.class_names[9] == "Ankle boot"


# --- no silent fallback, every fault a DataError naming the file ------------------------

NAMES = ("train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz], "
         "t10k-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz]")
POINT = (f"Point FMNIST_DATA_DIR at the folder holding {NAMES}, or unset it to use the Debian "
         f"package dataset-fashion-mnist or the verified download.")


@pytest.mark.parametrize("make, problem", [
    (lambda d: None, "does not exist"),
    (lambda d: d.mkdir(), "holds none of the Fashion-MNIST files"),
    (lambda d: d.write_text("not a folder"), "is not a folder"),
], ids=["missing", "empty", "a-file"])
def test_a_bad_data_folder_is_an_error_never_a_fallback(isolated_sources, monkeypatch, make,
                                                         problem):
    write_dataset(isolated_sources / "debian")   # a good copy elsewhere, not to be used
    folder = isolated_sources / "mine"
    make(folder)
    monkeypatch.setenv("FMNIST_DATA_DIR", str(folder))
    for look in (lambda: data.find_data_files(download=False), data.find_data_files,
                 data.data_fingerprint):
        with pytest.raises(DataError) as err:
            look()
        assert str(err.value) == f"FMNIST_DATA_DIR={folder} {problem}. {POINT}"


def test_a_relative_data_folder_is_resolved_from_the_current_folder(isolated_sources,
                                                                    monkeypatch):
    write_dataset(isolated_sources / "mine")
    monkeypatch.chdir(isolated_sources)
    monkeypatch.setenv("FMNIST_DATA_DIR", "mine")
    found = data.find_data_files(download=False)
    assert {p.parent for p in found.values()} == {isolated_sources / "mine"}
    monkeypatch.setenv("FMNIST_DATA_DIR", "typo")
    with pytest.raises(DataError) as err:
        data.find_data_files(download=False)
    assert str(err.value) == (f"FMNIST_DATA_DIR=typo (that is {isolated_sources / 'typo'}) "
                              f"does not exist. {POINT}")


def test_a_damaged_deflate_stream_is_a_data_error_naming_the_file(tmp_path):
    path = tmp_path / "t10k-labels-idx1-ubyte.gz"
    archive = bytearray(gzip.compress(idx_bytes(np.arange(5000, dtype=np.uint8) % 10)))
    archive[10] ^= 0xFF   # the first byte of the deflate stream
    path.write_bytes(bytes(archive))
    with pytest.raises(DataError) as err:
        data.read_idx(path, 1)
    assert isinstance(err.value.__cause__, zlib.error)
    assert re.fullmatch(rf"{re.escape(str(path))}: cannot decompress \(Error -3 while "
                        rf"decompressing data: [^)]+\); the file is truncated or corrupt\. "
                        rf"{re.escape(data.FIX)}", str(err.value)), str(err.value)


def test_an_unreadable_file_is_reported_as_a_permission_problem(tmp_path):
    # root reads any file: as root, the read runs in a child that drops to `nobody` first
    with tempfile.TemporaryDirectory() as folder:
        os.chmod(folder, 0o755)
        path = Path(folder) / "t10k-labels-idx1-ubyte"
        path.write_bytes(idx_bytes(np.arange(10, dtype=np.uint8)))
        path.chmod(0)
        read = ("import os, sys\nfrom fmnist_lib.compute import data\n"
                "if os.geteuid() == 0:\n    os.setgid(65534)\n    os.setuid(65534)\n"
                "try:\n    data.read_idx(sys.argv[1], 1)\nexcept data.DataError as err:\n"
                "    print(err)\n")
        run = subprocess.run([sys.executable, "-c", read, str(path)], capture_output=True,
                             text=True, timeout=120)
    assert run.stdout == (f"{path}: permission denied, this user cannot read it. Give it read "
                          f"permission (chmod a+r {path}) or point FMNIST_DATA_DIR at a "
                          f"readable copy.\n"), run.stderr


@pytest.fixture
def synthetic(isolated_sources, monkeypatch, tmp_path):
    """The synthetic data set in FMNIST_DATA_DIR, its checksums the published ones, the
    progress lines in a file; the memoised load forgotten before and after."""
    monkeypatch.setattr(data, "SHA256", write_dataset(isolated_sources / "mine"))
    monkeypatch.setenv("FMNIST_DATA_DIR", str(isolated_sources / "mine"))
    monkeypatch.setenv("FMNIST_PROGRESS", str(tmp_path / "progress.log"))
    data.load_fashion_mnist.cache_clear()
    yield tmp_path / "progress.log"
    data.load_fashion_mnist.cache_clear()


@pytest.mark.parametrize("state, reason", [("full", "No space left on device"),
                                           ("read-only", "Read-only file system")])
def test_the_data_loads_when_its_verified_copy_cannot_be_saved(synthetic, isolated_sources,
                                                               tmpfs, state, reason):
    cache = tmpfs(isolated_sources / "cache", "64k")   # XDG_CACHE_HOME
    (cache / "fmnist-book").mkdir()
    if state == "full":
        fill(cache)
    else:   # root writes into any folder: only a read-only mount refuses it
        subprocess.run(["mount", "-o", "remount,ro", str(cache)], check=True)
    loaded = data.load_fashion_mnist()
    images, labels = tiny_split(30, 1)
    np.testing.assert_array_equal(loaded.train_images, images)
    np.testing.assert_array_equal(loaded.train_labels, labels)
    data.load_fashion_mnist()
    assert synthetic.read_text() == (
        f"could not save the verified copy of the data in {cache}/fmnist-book ({reason}): "
        f"going on from the original files, verified on every load (free space there or make "
        f"it writable to save time)\n")
    left = [p.name for p in cache.rglob("*") if p.is_file()]
    assert left == (["filler"] if state == "full" else [])   # nothing partial


def test_a_damaged_verified_copy_is_replaced(synthetic):
    first = data.load_fashion_mnist()
    verified = data.verified_copy_path(data.find_data_files(download=False))
    with open(verified, "r+b") as stream:
        stream.truncate(1000)
    data.load_fashion_mnist.cache_clear()
    again = data.load_fashion_mnist()
    np.testing.assert_array_equal(again.test_images, first.test_images)
    assert synthetic.read_text() == (f"the verified copy of the data {verified} is unreadable "
                                     f"(File is not a zip file): verifying the original files "
                                     f"again\n")
    with np.load(verified) as copy:   # rewritten
        np.testing.assert_array_equal(copy["xte"], first.test_images)


@pytest.mark.parametrize("labels", [np.zeros((3, 3)), np.array([])])
def test_stratified_indices_needs_one_label_per_item(labels):
    with pytest.raises(ValueError, match=r"labels: expected a non-empty 1-D array of class "
                                         r"labels, got shape \((3, 3|0,)\)"):
        data.stratified_indices(labels, 10, 0)

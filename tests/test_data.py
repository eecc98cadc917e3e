"""fmnist_lib.compute.data: IDX parsing and validation, discovery, checksums, download, subsets."""
import gzip
import hashlib
import http.server
import threading
from functools import partial

import numpy as np
import pytest
from conftest import idx_bytes, tiny_split, write_dataset

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

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from data_loaders.load import Source, load_files
from tests.conftest import copy_store, streamlit_env

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ROOT = Path(__file__).resolve().parents[2]
USERS = """
[pengguna."admin@bbgp-jabar.id"]
peran = "admin"

[pengguna."wali.bandung@bbgp-jabar.id"]
peran = "wali_wilayah"
kabkota = ["32.04"]

[pengguna."wali.bogor@bbgp-jabar.id"]
peran = "wali_wilayah"
kabkota = ["32.01"]
"""


@pytest.fixture(scope="session")
def fixture_store(store_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small store loaded through the real loader from the CSVs in fixtures/ (built once)."""
    path = copy_store(store_template, tmp_path_factory.mktemp("toko"))
    sources = [Source.from_path(p) for p in sorted(FIXTURES.glob("*.csv"))]
    load_files(path, sources)
    return path


@pytest.fixture
def loaded_store(fixture_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy per test: the upload test writes to it."""
    path = tmp_path / "kombel.duckdb"
    shutil.copyfile(fixture_store, path)
    monkeypatch.setenv("KOMBEL_DB", str(path))
    return path


@pytest.fixture
def empty_db(empty_store: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A store with the schema and nothing loaded; the sample data is switched off."""
    path = empty_store
    monkeypatch.setenv("KOMBEL_DB", str(path))
    monkeypatch.setenv("KOMBEL_SAMPLE", "0")
    return path


@pytest.fixture(autouse=True)
def app_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Fresh caches, a users file, and a loopback address (as .streamlit/config.toml ships)."""
    users = tmp_path / "pengguna.toml"
    users.write_text(USERS, encoding="utf-8")
    monkeypatch.setenv("KOMBEL_PENGGUNA", str(users))
    with streamlit_env(monkeypatch):
        yield

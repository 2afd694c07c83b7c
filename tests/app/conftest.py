from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import streamlit as st
from streamlit import config as st_config

from data_loaders.load import Source, load_files
from tests.conftest import copy_store

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


@pytest.fixture(scope="session", autouse=True)
def no_component_scan() -> None:
    """AppTest scans every installed package for custom components on each new app (~2 s each);
    a server does it once at start-up and this app uses none, so skip it to keep the suite fast."""
    from streamlit.components.v2.component_manager import BidiComponentManager

    BidiComponentManager.discover_and_register_components = lambda self, **kwargs: None


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
    monkeypatch.chdir(ROOT)
    st.cache_data.clear()
    st.cache_resource.clear()
    saved = {k: st_config.get_option(k) for k in ("server.address", "client.showErrorDetails")}
    st_config.set_option("server.address", "127.0.0.1")
    st_config.set_option("client.showErrorDetails", "full")
    yield
    for k, v in saved.items():
        st_config.set_option(k, v)

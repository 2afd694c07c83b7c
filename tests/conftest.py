from __future__ import annotations

import contextlib
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from store import app_state  # noqa: E402
from store.database import ensure_store  # noqa: E402


def copy_store(template: Path, directory: Path, name: str = "kombel.duckdb") -> Path:
    """A private copy of a store and its app state: building the schema costs far more than copying the files."""
    path = directory / name
    shutil.copyfile(template, path)
    if app_state.app_path(template).exists():
        shutil.copyfile(app_state.app_path(template), app_state.app_path(path))
    return path


@pytest.fixture(scope="session")
def store_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One empty store (schema + wilayah) per session; tests work on copies."""
    path = tmp_path_factory.mktemp("template") / "kombel.duckdb"
    ensure_store(path)
    return path


@pytest.fixture
def empty_store(store_template: Path, tmp_path: Path) -> Path:
    """A fresh store with the schema and the wilayah reference table, nothing loaded."""
    return copy_store(store_template, tmp_path)


@contextlib.contextmanager
def streamlit_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Where AppTest runs a page: the repo as cwd, fresh caches, a loopback address (as
    .streamlit/config.toml ships), full error details, and no scan for custom components
    (AppTest rescans every installed package per app, ~2 s; this app uses none)."""
    import streamlit as st
    from streamlit import config as st_config
    from streamlit.components.v2.component_manager import BidiComponentManager

    monkeypatch.setattr(BidiComponentManager, "discover_and_register_components", lambda self, **kwargs: None)
    monkeypatch.chdir(ROOT)
    st.cache_data.clear()
    st.cache_resource.clear()
    saved = {k: st_config.get_option(k) for k in ("server.address", "client.showErrorDetails")}
    st_config.set_option("server.address", "127.0.0.1")
    st_config.set_option("client.showErrorDetails", "full")
    try:
        yield
    finally:
        for k, v in saved.items():
            st_config.set_option(k, v)

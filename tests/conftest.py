"""Fixtures of every level: the session's empty store and copies of it, a tiny hand-made store, and the
environment AppTest runs a page in. The stores loaded from tests/fixtures/<dataset> (shared by several
levels) are fixtures of their dataset's module, registered here."""
from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from store.database import ensure_store
from tests.support import ROOT, TinyStore, copy_store, new_store

pytest_plugins = ["tests.fixtures.penggerak", "tests.fixtures.refleksi", "tests.fixtures.security"]
# No background warming of the caches after a load (ui/data.py hangatkan): tests start it themselves.
os.environ.setdefault("KOMBEL_HANGAT", "0")


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


@pytest.fixture
def tiny(store_template: Path, tmp_path: Path) -> Iterator[TinyStore]:
    """An empty store of this test's own, to `tiny.build(fill)` with rows and then read (`tiny.run`, `tiny.con`)."""
    store = new_store(store_template, tmp_path)
    yield store
    store.close()


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

"""Cached access to the store: one read-only connection per store version, query results per parameters.

A load by another process replaces the store file, which changes `data_version`; the next
run then opens the new file and every cached result keyed by the old version goes stale.
"""
from __future__ import annotations

import logging
import os
import threading
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from store import database
from queries import __version__
from queries.runner import Filters, default_period, run_query
from queries.scope import ADMIN, Scope
from queries.snapshot import build_snapshot

log = logging.getLogger(__name__)
SAMPLE_ENV = "KOMBEL_SAMPLE"
_sample_lock = threading.Lock()
_sample_failed: set[str] = set()  # stores whose sample load failed: do not retry on every run


def _key(x: Filters | Scope) -> str:
    return repr(x)


# No on_release close: an evicted connection may still be mid-query in a session that started on that
# version (two loads during one page run); it closes itself once the last cursor is garbage-collected.
@st.cache_resource(max_entries=2, show_spinner=False)
def connection(path: str, version: str) -> duckdb.DuckDBPyConnection:
    return database.open_readonly(Path(path))


# Bounded by count and age (st.cache_data has no size bound): an hour frees what idle sessions and old filter
# combinations left behind. Lists that grow with the country must not come through here whole: pages fetch
# a screenful (a bound `batas`) and downloads query uncached (e.g. pages/kualitas_data.py).
@st.cache_data(max_entries=300, ttl="1h", show_spinner=False, hash_funcs={Filters: _key, Scope: _key})
def cached_query(path: str, version: str, name: str, filters: Filters, scope: Scope,
                 extra: tuple[tuple[str, object], ...]) -> pd.DataFrame:
    return query(path, version, name, filters, scope, extra)


def query(path: str, version: str, name: str, filters: Filters, scope: Scope,
          extra: tuple[tuple[str, object], ...]) -> pd.DataFrame:
    """Uncached: for one-off large results (a full download) that must not sit in the cache."""
    return run_query(database.cursor(connection(path, version)), name, filters, scope, dict(extra) or None)


@st.cache_data(max_entries=100, show_spinner=False, hash_funcs={Scope: _key})
def cached_default_period(path: str, version: str, scope: Scope) -> tuple[date, date]:
    return default_period(database.cursor(connection(path, version)), scope)


def snapshot(path: str, version: str, filters: Filters, scope: Scope, diperbarui_pada: str | None) -> bytes:
    """Every table for these filters and this scope, zipped (built only when the button is clicked)."""
    return build_snapshot(database.cursor(connection(path, version)), filters, scope,
                          diperbarui_pada=diperbarui_pada, app_version=__version__)


def sample_enabled() -> bool:
    return os.environ.get(SAMPLE_ENV, "1").strip() != "0"


@st.cache_resource(max_entries=4, show_spinner=False)
def _ensured(path: str, version: str | None) -> str:
    """Create or migrate the store once per file version (the check opens the file: ~40 ms a run)."""
    database.ensure_store(Path(path))
    return database.data_version(Path(path))


def open_store() -> tuple[Path, str]:
    """Create the store if needed and, on a first start with nothing loaded, load the sample data."""
    path = database.db_path(None)
    if database.data_version(path) is None:
        database.ensure_store(path)
    version = _ensured(str(path), database.data_version(path))
    if sample_enabled() and str(path) not in _sample_failed and _is_empty(path, version):
        with _sample_lock:  # two sessions starting together load once
            version = database.data_version(path)
            if _is_empty(path, version):
                _load_sample(path)
                version = database.data_version(path)
    return path, version


def _is_empty(path: Path, version: str) -> bool:
    today = date.today()
    info = cached_query(str(path), version, "data_info", Filters(today, today), ADMIN, ())
    return info.empty or int(info.iloc[0]["jumlah_berkas"] or 0) == 0


def _load_sample(path: Path) -> None:
    from sample.generate import ensure_sample_store

    bar = st.progress(0.0, text="Menyiapkan data contoh untuk pertama kali…")

    def progress(fraction: float, pesan: str) -> None:
        bar.progress(min(max(float(fraction), 0.0), 1.0), text=f"Memuat data contoh: {pesan}")

    try:
        ensure_sample_store(path, progress)
    except Exception:  # a failed sample load must not block the app: the store stays empty
        log.exception("sample load failed")
        _sample_failed.add(str(path))
        st.warning("Data contoh tidak dapat dimuat. Dasbor ditampilkan tanpa data; admin dapat mengunggah data "
                   "di halaman Unggah Data.")
    finally:
        bar.empty()

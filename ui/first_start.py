"""The writes a run may need before it reads anything: create or migrate the store file, and on a first start
with nothing loaded, load the sample data (progress bar; the pages then show the DATA CONTOH notice).

The guard (ui/guard.py `require_scope`) calls both steps, in this order, before `ui.data.open_store`; reading the
store (ui/data.py) never writes. `KOMBEL_SAMPLE=0` switches the sample load off.
"""
from __future__ import annotations

import logging
import os
import threading
from datetime import date
from pathlib import Path

import streamlit as st

from queries.runner import Filters
from queries.scope import ADMIN
from store import database
from ui import data

log = logging.getLogger(__name__)
SAMPLE_ENV = "KOMBEL_SAMPLE"
_sample_lock = threading.Lock()
_sample_failed: set[str] = set()  # stores whose sample load failed: do not retry on every run


def sample_enabled() -> bool:
    return os.environ.get(SAMPLE_ENV, "1").strip() != "0"


@st.cache_resource(max_entries=4, show_spinner=False)
def _ensured(path: str, version: str | None) -> str:
    """Create or migrate the store once per file version (the check opens the file: ~40 ms a run)."""
    database.ensure_store(Path(path))
    return database.data_version(Path(path))


def create_or_migrate_store() -> Path:
    """The store's path, after creating it (schema + wilayah) or migrating it to the current schema if needed."""
    path = database.db_path(None)
    if database.data_version(path) is None:
        database.ensure_store(path)
    _ensured(str(path), database.data_version(path))
    return path


def load_sample_if_empty(path: Path) -> None:
    """On a first start (no file loaded yet), load the sample data into the store, with a progress bar."""
    if not sample_enabled() or str(path) in _sample_failed or not _is_empty(path):
        return
    with _sample_lock:  # two sessions starting together load once
        if _is_empty(path):
            _load_sample(path)


def _is_empty(path: Path) -> bool:
    today = date.today()
    info = data.cached_query(str(path), data.open_store()[1], "data_info", Filters(today, today), ADMIN, ())
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

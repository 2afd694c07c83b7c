"""Cached, read-only access to the store: one read-only connection per store version, query results per
parameters. Writes live elsewhere (ui/first_start.py creates the store; edits/ and the loader change it).

A load by another process replaces the store file, and an edit replaces the app's state file (store.app_state);
either changes the version `open_store` returns, so the next run opens the new files and every cached result
keyed by the old version goes stale.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from queries import __version__
from queries.runner import Filters, PageRequest, default_period, page_batches, run_page, run_query, schemas
from queries.scope import Scope
from queries.snapshot import build_snapshot
from store import app_state, database
from ui.ringkas_cetak import build_brief


def _key(x: Filters | Scope) -> str:
    return repr(x)


# No on_release close: an evicted connection may still be mid-query in a session that started on that
# version (two loads during one page run); it closes itself once the last cursor is garbage-collected.
@st.cache_resource(max_entries=2, show_spinner=False)
def connection(path: str, version: str) -> duckdb.DuckDBPyConnection:
    return database.open_readonly(Path(path))


def cached_query(path: str, version: str, name: str, filters: Filters, scope: Scope,
                 extra: tuple[tuple[str, object], ...]) -> pd.DataFrame:
    """A query's result, cached per parameters and per the version of what the query reads: a query that reads
    no table of the app's state (`app.…`) is keyed by the data version alone, so an edit (a mapping, a draft)
    leaves every other cached figure in place, and a load still makes all of them stale."""
    data_version = version if "app" in schemas(name) else version.partition("|")[0]
    return _cached_query(path, data_version, name, filters, scope, extra, version)


# Bounded by count and age (st.cache_data has no size bound): an hour frees what idle sessions and old filter
# combinations left behind. Lists that grow with the country must not come through here whole: pages fetch
# a screenful (a bound `batas`) and downloads query uncached (e.g. pages/kualitas_data.py).
# `_connection_version` (not hashed: a leading underscore) only picks the connection to run on.
@st.cache_data(max_entries=300, ttl="1h", show_spinner=False, hash_funcs={Filters: _key, Scope: _key})
def _cached_query(path: str, data_version: str, name: str, filters: Filters, scope: Scope,
                  extra: tuple[tuple[str, object], ...], _connection_version: str) -> pd.DataFrame:
    return query(path, _connection_version, name, filters, scope, extra)


def query(path: str, version: str, name: str, filters: Filters, scope: Scope,
          extra: tuple[tuple[str, object], ...]) -> pd.DataFrame:
    """Uncached: for one-off large results (a full download) that must not sit in the cache."""
    return run_query(database.cursor(connection(path, version)), name, filters, scope, dict(extra) or None)


def cached_page(path: str, version: str, name: str, filters: Filters, scope: Scope,
                extra: tuple[tuple[str, object], ...], request: PageRequest) -> tuple[pd.DataFrame, int]:
    """One page of a list and its total (queries.runner.run_page), cached like `cached_query`: a page is a
    screenful, so a cache entry stays small however long the list is."""
    data_version = version if "app" in schemas(name) else version.partition("|")[0]
    return _cached_page(path, data_version, name, filters, scope, extra, request, version)


@st.cache_data(max_entries=300, ttl="1h", show_spinner=False,
               hash_funcs={Filters: _key, Scope: _key, PageRequest: _key})
def _cached_page(path: str, data_version: str, name: str, filters: Filters, scope: Scope,
                 extra: tuple[tuple[str, object], ...], request: PageRequest,
                 _connection_version: str) -> tuple[pd.DataFrame, int]:
    return run_page(database.cursor(connection(path, _connection_version)), name, filters, scope,
                    dict(extra) or None, request)


def batches(path: str, version: str, name: str, filters: Filters, scope: Scope,
            extra: tuple[tuple[str, object], ...], request: PageRequest, batch_rows: int):
    """Uncached: every row of the list, in frames of `batch_rows` (a download streamed to a file)."""
    return page_batches(database.cursor(connection(path, version)), name, filters, scope, dict(extra) or None,
                        request, batch_rows)


@st.cache_data(max_entries=100, show_spinner=False, hash_funcs={Scope: _key})
def cached_default_period(path: str, version: str, scope: Scope) -> tuple[date, date]:
    return default_period(database.cursor(connection(path, version)), scope)


def snapshot(path: str, version: str, filters: Filters, scope: Scope, diperbarui_pada: str | None) -> bytes:
    """Every table for these filters and this scope, zipped (built only when the button is clicked)."""
    return build_snapshot(database.cursor(connection(path, version)), filters, scope,
                          diperbarui_pada=diperbarui_pada, app_version=__version__)


def ringkas_cetak(path: str, version: str, filters: Filters, scope: Scope, diperbarui_pada: str | None,
                  data_contoh: bool) -> bytes:
    """The printable brief (ui/ringkas_cetak.py) for these filters and this scope, built only on click."""
    return build_brief(database.cursor(connection(path, version)), filters, scope,
                       diperbarui_pada=diperbarui_pada, data_contoh=data_contoh)


def open_store() -> tuple[Path, str]:
    """The store's path and the version of what a read sees, the key of the connection and of every cached
    result. Never writes: the guard first runs ui/first_start.py, which creates the store and, on a first start,
    loads the sample data.

    The version covers both files a read attaches: the loaded data (replaced by a load) and the app's own
    state (replaced by every edit: a mapping, the programme plan, a report draft, the lexicon), so the rerun
    after an edit reads the new state rather than a connection or a cached result from before it."""
    path = database.db_path(None)
    data = database.data_version(path)
    if data is None:
        raise FileNotFoundError(f"Penyimpanan data {path} belum dibuat (lihat ui/first_start.py).")
    return path, f"{data}|{app_state.version(path) or '-'}"

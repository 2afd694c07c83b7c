"""Cached, read-only access to the store: one read-only connection per data version, query results per
parameters. Writes live elsewhere (ui/first_start.py creates the store; edits/ and the loader change it).

A load by another process replaces the store file, and an edit replaces the app's state file (store.app_state);
either changes the version `open_store` returns ("data|app"). A new data version opens a new connection and makes
every cached result stale; a new app version only re-attaches the app's state on the same connection and makes
stale what reads it (queries.runner.schemas: `app` in it) — a contact logged keeps every other figure and list.
"""
from __future__ import annotations

import logging
import os
import threading
import time
from collections import OrderedDict
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from queries import __version__
from queries.runner import (
    Filters,
    Hasil,
    PageRequest,
    bind_params,
    page_batches,
    period_from_info,
    run_page,
    run_query,
    schemas,
)
from queries.scope import ADMIN, Scope
from queries.snapshot import build_snapshot
from store import app_state, database
from ui.ringkas_cetak import build_brief


def _key(x: Filters | Scope) -> str:
    return repr(x)


def _wilayah(scope: Scope) -> str:
    """What a query reads of a scope: its region (queries.runner.bind_params binds only that, and the scoped views
    follow from it). So every admin and pimpinan login shares the results the warmer computed as ADMIN."""
    return repr(scope.kabkota)


class _Opened:
    """The read connection of one DATA version, its materialised lists (queries.runner.Hasil), and the app's state
    attached as `app`. An edit (a contact logged, a theme corrected) replaces only the app's state: the next run
    asking for the newer app version re-attaches it here (store.database.attach_app) and the connection, its data
    and every list that reads no `app.` table stay. The attached app version only moves forward (the file as it is
    now), so a result is never older than the version it is cached under."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.app = app_state.version(path) or "-"  # read BEFORE opening: what is attached is this or newer
        self.con = database.open_readonly(path)
        self.hasil = Hasil(self.con, app_version=self.app)
        self._lock = threading.Lock()

    def at_least(self, app: str) -> _Opened:
        """Re-attach the app's state if a run saw a version other than the attached one and the file moved on."""
        if app and app != self.app:
            with self._lock:
                if (app_state.version(self.path) or "-") != self.app:
                    self.app = database.attach_app(self.con, self.path, replace=True)
                    self.hasil.set_app_version(self.app)
        return self


# No on_release close: an evicted connection may still be mid-query in a session that started on that
# version (two loads during one page run); it closes itself once the last cursor is garbage-collected.
# Its materialised lists (queries.runner.Hasil) live and go with it: a new data version starts with none.
@st.cache_resource(max_entries=2, show_spinner=False)
def _store(path: str, data_version: str) -> _Opened:
    return _Opened(Path(path))


def _opened(path: str, version: str) -> tuple[duckdb.DuckDBPyConnection, Hasil]:
    """The connection of `version` ("data|app", or a data version alone) and its lists, with the app's state of
    that version or newer attached."""
    data_version, _, app = version.partition("|")
    opened = _store(path, data_version).at_least(app)
    return opened.con, opened.hasil


def connection(path: str, version: str) -> duckdb.DuckDBPyConnection:
    return _opened(path, version)[0]


def results(path: str, version: str) -> Hasil:
    """The materialised lists of the connection of this version."""
    return _opened(path, version)[1]


# --- Frames: a small LRU bounded by bytes -----------------------------------------------------------------------
# st.cache_data bounds by entries only: 300 entries of a few large frames reached gigabytes. Here the total of
# DataFrame.memory_usage(deep=True) stays under KOMBEL_CACHE_MB (default 256), least recently used out, an
# hour at most per entry. Keys hold the version of what the query reads, so a load makes every entry stale.
# The LRU itself is a cache_resource: st.cache_resource.clear() (tests, bench's cold runs) empties it too.
CACHE_ENV = "KOMBEL_CACHE_MB"
CACHE_MB = 256
CACHE_TTL_S = 3600.0


def _size(value: object) -> int:
    if isinstance(value, pd.DataFrame):
        return int(value.memory_usage(index=True, deep=True).sum())
    if isinstance(value, tuple):
        return sum(_size(v) for v in value) + 64
    return 64


def _copy(value: object) -> object:
    """A fresh frame per caller (as st.cache_data gave): a page may change what it got."""
    if isinstance(value, pd.DataFrame):
        return value.copy()
    if isinstance(value, tuple):
        return tuple(_copy(v) for v in value)
    return value


class Frames:
    """Results by key, total bytes bounded, least recently used out; thread-safe."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.bytes = 0
        self._lock = threading.Lock()
        self._items: OrderedDict[tuple, tuple[object, int, float]] = OrderedDict()

    def get(self, key: tuple) -> object | None:
        with self._lock:
            item = self._items.get(key)
            if item is None:
                return None
            if time.monotonic() - item[2] > CACHE_TTL_S:
                self._drop(key)
                return None
            self._items.move_to_end(key)
        return _copy(item[0])

    def put(self, key: tuple, value: object, size: int | None = None) -> None:
        """`size`: the value's bytes where _size cannot tell."""
        size = _size(value) if size is None else size
        if size > self.max_bytes:
            return  # larger than the whole cache: not kept
        with self._lock:
            if key in self._items:
                self._drop(key)
            self._items[key] = (_copy(value), size, time.monotonic())
            self.bytes += size
            while self.bytes > self.max_bytes:
                self._drop(next(iter(self._items)))

    def _drop(self, key: tuple) -> None:
        self.bytes -= self._items.pop(key)[1]

    def __contains__(self, key: tuple) -> bool:
        with self._lock:
            return key in self._items

    def __len__(self) -> int:
        return len(self._items)


@st.cache_resource(show_spinner=False)
def frames() -> Frames:
    return Frames(int(float(os.environ.get(CACHE_ENV, "").strip() or CACHE_MB) * 1024 * 1024))


def cached(key: tuple, compute, size=None):
    """`compute()`'s value from the shared cache, computed and kept on a miss; `size(value)` its bytes where _size
    cannot tell (a chart, ui/charts.py)."""
    cache = frames()
    found = cache.get(key)
    if found is not None:
        return found
    value = compute()
    cache.put(key, value, size=size(value) if size else None)
    return _copy(value)


def cached_query(path: str, version: str, name: str, filters: Filters, scope: Scope,
                 extra: tuple[tuple[str, object], ...]) -> pd.DataFrame:
    """A query's result, cached per parameters and per the version of what the query reads: a query that reads
    no table of the app's state (`app.…`) is keyed by the data version alone, so an edit (a mapping, a draft)
    leaves every other cached figure in place, and a load still makes all of them stale."""
    data_version = version if "app" in schemas(name) else version.partition("|")[0]
    return _cached_query(path, data_version, name, filters, scope, extra, version)


# Bounded by bytes and age (see Frames). Lists that grow with the country must not come through here whole:
# pages fetch a screenful (cached_page) and downloads query uncached (e.g. pages/kualitas_data.py).
# `connection_version` (not in the key) only picks the connection to run on.
def _cached_query(path: str, data_version: str, name: str, filters: Filters, scope: Scope,
                  extra: tuple[tuple[str, object], ...], connection_version: str) -> pd.DataFrame:
    key = _query_key(path, data_version, name, filters, scope, extra)
    return cached(key, lambda: query(path, connection_version, name, filters, scope, extra))


def _query_key(path: str, data_version: str, name: str, filters: Filters, scope: Scope,
               extra: tuple[tuple[str, object], ...]) -> tuple:
    return ("query", path, data_version, name, _key(filters), _wilayah(scope), repr(extra))


def query(path: str, version: str, name: str, filters: Filters, scope: Scope,
          extra: tuple[tuple[str, object], ...]) -> pd.DataFrame:
    """Uncached: for one-off large results (a full download) that must not sit in the cache. A list already
    materialised on the connection, or one a summary includes, is read from there (queries.runner.Hasil)."""
    con, hasil = _opened(path, version)
    return run_query(database.cursor(con), name, filters, scope, dict(extra) or None, hasil=hasil)


def cached_page(path: str, version: str, name: str, filters: Filters, scope: Scope,
                extra: tuple[tuple[str, object], ...], request: PageRequest) -> tuple[pd.DataFrame, int]:
    """One page of a list and its total (queries.runner.run_page), cached like `cached_query`: a page is a
    screenful, so a cache entry stays small however long the list is."""
    data_version = version if "app" in schemas(name) else version.partition("|")[0]
    return _cached_page(path, data_version, name, filters, scope, extra, request, version)


def _cached_page(path: str, data_version: str, name: str, filters: Filters, scope: Scope,
                 extra: tuple[tuple[str, object], ...], request: PageRequest,
                 connection_version: str) -> tuple[pd.DataFrame, int]:
    """A page read from the list materialised on the connection: the list is computed once per parameters,
    then every page, sort, search and count of it is a scan of that table."""
    key = ("page", path, data_version, name, _key(filters), _wilayah(scope), repr(extra), _key(request))

    def compute() -> tuple[pd.DataFrame, int]:
        con, hasil = _opened(path, connection_version)
        return run_page(database.cursor(con), name, filters, scope, dict(extra) or None, request, hasil=hasil)
    return cached(key, compute)


def batches(path: str, version: str, name: str, filters: Filters, scope: Scope,
            extra: tuple[tuple[str, object], ...], request: PageRequest, batch_rows: int):
    """Uncached: every row of the list, in frames of `batch_rows` (a download streamed to a file), read from the
    list materialised on the connection."""
    con, hasil = _opened(path, version)
    return page_batches(database.cursor(con), name, filters, scope, dict(extra) or None, request, batch_rows,
                        hasil=hasil)


def cached_default_period(path: str, version: str, scope: Scope) -> tuple[date, date]:
    """The default period of the scope's region, per data version (an edit of the app's state does not change it)
    and per day (it ends on the last complete week)."""
    return _default_period(path, version.partition("|")[0], _wilayah(scope), date.today(), scope, version)


@st.cache_data(max_entries=100, show_spinner=False)
def _default_period(path: str, data_version: str, wilayah: str, today: date, _scope: Scope,
                    _version: str) -> tuple[date, date]:
    """From data_info, run once: the guard then asks data_info for the period found (the header's figures), so the
    same frame is cached under that key too (data_info reads no period; it was run twice per page run)."""
    info = _cached_query(path, data_version, "data_info", Filters(today, today), _scope, (), _version)
    dari, sampai = period_from_info(info, today)
    key = _query_key(path, data_version, "data_info", Filters(dari, sampai), _scope, ())
    if key not in frames():
        frames().put(key, info)
    return dari, sampai


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
    version = f"{data}|{app_state.version(path) or '-'}"
    hangatkan(path, version)  # start-up with a store, or a version another process wrote: warm it once
    return path, version


# --- Warm after load ---------------------------------------------------------------------------------------------
# After a load (and at start-up with a store) a background thread computes what the pages' default views ask first
# — admin scope, the default period, no filter — so the first visitor finds the summaries in the frame cache and
# the long lists materialised on the connection (a page of them is then a scan). In the pages' order of use; it
# stops as soon as a newer version of the store exists, never holds a lock a session needs (a session asking for
# a list being warmed waits for that one computation instead of repeating it), and swallows every error (a page
# that meets the same error shows its own message). KOMBEL_HANGAT=0 turns it off (the tests, a bench's cold runs).
HANGAT_ENV = "KOMBEL_HANGAT"
# ("q", name): the query's result into the frame cache; ("l", name): the list materialised (its pages are scans).
HANGAT = (
    ("q", "data_info"), ("q", "kabkota_options"),
    ("q", "headline"), ("q", "weekly_trend"), ("q", "progress_kabkota"),  # Ringkasan
    ("q", "weekly_rule_sebaran"), ("l", "weekly_rule_followup"),  # Aturan Mingguan
    ("q", "penggerak_eligibility_ringkas"), ("q", "penggerak_ranking_ringkas"),  # Penggerak (materialises both lists)
    ("q", "activity_frequency"), ("q", "activity_breakdown"), ("q", "registrations_trend"),  # Aktivitas
    ("l", "activity_per_community"),
    ("l", "ikm_tanpa_komunitas"),  # Ringkasan, Wilayah
)
_log = logging.getLogger(__name__)
_hangat_lock = threading.Lock()
_hangat: dict[str, tuple[str, threading.Thread]] = {}  # store path -> the version warmed and its thread


def hangat_aktif() -> bool:
    return os.environ.get(HANGAT_ENV, "1").strip() not in ("0", "", "false", "tidak")


def hangatkan(path: Path, version: str | None = None, *, paksa: bool = False) -> threading.Thread | None:
    """Start warming `version` of the store at `path` (default: its current version) in the background, once per
    DATA version (a load, a restore; not an edit of the app's state); returns the thread (None when off or already
    started). `paksa`: even when KOMBEL_HANGAT is off."""
    if not (paksa or hangat_aktif()):
        return None
    path = Path(path)
    if version is None:
        data = database.data_version(path)
        if data is None:
            return None
        version = f"{data}|{app_state.version(path) or '-'}"
    with _hangat_lock:
        started = _hangat.get(str(path))
        if started and _data_of(started[0]) == _data_of(version):  # an edit of the app's state changes no figure
            return None
        thread = threading.Thread(target=_warm, args=(path, version), name="kombel-hangat", daemon=True)
        _hangat[str(path)] = (version, thread)
    thread.start()
    return thread


def _data_of(version: str) -> str:
    return version.partition("|")[0]


def _still_current(path: Path, version: str) -> str | None:
    """The store's version now while its data is the one being warmed (an edit of the app's state meanwhile
    does not stop the warmer: the next step reads it), else None."""
    with _hangat_lock:
        started = _hangat.get(str(path))
    data = database.data_version(path)
    if not started or _data_of(started[0]) != _data_of(version) or data != _data_of(version):
        return None
    return f"{data}|{app_state.version(path) or '-'}"


def _warm(path: Path, version: str) -> list[str]:
    """The steps of HANGAT for `version`, stopping when a newer version exists; the names done (tests)."""
    done: list[str] = []
    try:
        p = str(path)
        dari, sampai = cached_default_period(p, version, ADMIN)
        filters = Filters(dari, sampai)
        for kind, name in HANGAT:
            now = _still_current(path, version)
            if now is None:
                _log.info("hangat: versi %s sudah diganti, berhenti", version)
                break
            if kind == "q":
                cached_query(p, now, name, filters, ADMIN, ())
            else:
                con, hasil = _opened(p, now)
                cur = database.cursor(con)
                hasil.table(cur, name, ADMIN, bind_params(name, filters, ADMIN))
            done.append(name)
    except Exception:  # noqa: BLE001 — never crash the server; a page meeting the same error explains it
        _log.warning("hangat: gagal memanaskan %s", version, exc_info=True)
    return done

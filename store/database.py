"""Where the data store lives, how it is read and how a load writes it.

The data store (`data/kombel.duckdb`) holds what comes from files; the app's own state sits beside it
(store.app_state). Both are copy-on-write files (store.cow): readers attach them read-only and reopen when
their version changes; a load writes a private copy and swaps it in atomically under the store's lock.
"""
from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import duckdb

from store import app_state, cow
from store.meta import schema_version, set_meta
from store.schema import SCHEMA_VERSION, ensure_schema

DEFAULT_DB = Path(__file__).resolve().parent.parent / "data" / "kombel.duckdb"
DB_ENV = "KOMBEL_DB"


def db_path(explicit: str | os.PathLike | None = None) -> Path:
    """`--db` wins, then $KOMBEL_DB, then data/kombel.duckdb."""
    return Path(explicit or os.environ.get(DB_ENV) or DEFAULT_DB).resolve()


def data_version(path: Path) -> str | None:
    """Changes whenever a load replaces the data store; None when there is no store yet."""
    return cow.file_version(path)


def open_readonly(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only view of the data as it is now (catalog `db`, the default) and of the app's state
    (catalog `app`; empty tables when its file does not exist yet), with the bounded settings of
    `cow.readonly_config`.

    ATTACH from an in-memory connection rather than `duckdb.connect(path)`: DuckDB caches
    database instances per path within a process, so a plain connect would keep serving
    the replaced file for as long as any old connection is alive.
    Callers take a `cursor()` per thread and run `use db` on it (see `cursor`).
    """
    con = duckdb.connect(":memory:", config=cow.readonly_config())
    try:
        _attach_readonly(con, path, "db", SCHEMA_VERSION)
        app = app_state.app_path(path)
        if app.exists():
            _attach_readonly(con, app, "app", app_state.SCHEMA_VERSION)
        else:  # nothing done in the app yet (or a store copied without it): its tables, empty
            con.execute("attach ':memory:' as app")
            con.execute("use app")
            app_state.ensure_schema(con)
        con.execute("use db")
    except BaseException:
        con.close()
        raise
    return con


def _attach_readonly(con: duckdb.DuckDBPyConnection, path: Path, catalog: str, supported: int) -> None:
    """Attach `path` as `catalog`; a missing, unreadable or corrupt file, or one written by a newer version
    (whose tables the queries would misread), ends in the matching cow.StoreError."""
    with cow.translated(path, writing=False):
        con.execute(f"attach ? as {catalog} (read_only)", [str(path)])
        con.execute(f"use {catalog}")
        found = schema_version(con)
    if found > supported:
        raise cow.too_new(path, found, supported)


def cursor(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    cur = con.cursor()
    cur.execute("use db")
    return cur


@contextlib.contextmanager
def write_transaction(path: Path, lock_timeout: float = 120.0) -> Iterator[duckdb.DuckDBPyConnection]:
    """Yield a read-write connection on a private copy of the data store, with the app's state attached
    read-only as `app`; commit = atomic swap on clean exit. Any exception discards the copy and leaves the
    store exactly as it was."""
    path = Path(path)
    with cow.write_copy(path, lock_timeout, _before_commit) as con:
        found = schema_version(con)
        if found > SCHEMA_VERSION:  # its tables are not the ones this code writes
            raise cow.too_new(path, found, SCHEMA_VERSION, writing=True)
        # Under the data store's lock (the order edits use too), after the data store proved readable:
        # a refused store does not get an app's state created beside it.
        app_state.ensure(path)
        if found in (1, 2):  # the edit tables moved to the app's state in version 3
            app_state.import_from_data_store(con, path)
        ensure_schema(con)
        con.execute("attach ? as app (read_only)", [str(app_state.app_path(path))])
        yield con


def _before_commit(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("detach app")
    set_meta(con, "data_version", uuid.uuid4().hex)
    set_meta(con, "diperbarui_pada", datetime.now().isoformat(timespec="seconds"))


def ensure_store(path: Path) -> None:
    """Create the store (schema + wilayah) and the app's state, or migrate them, if needed."""
    if path.exists():
        ro = open_readonly(path)
        try:
            current = schema_version(ro)
        finally:
            ro.close()
        if current == SCHEMA_VERSION:
            app_state.ensure(path)
            return
    with write_transaction(path):
        pass

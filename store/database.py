"""Where the data store lives, how it is read and how a load writes it.

The data store (`data/kombel.duckdb`) holds what comes from files; the app's own state sits beside it
(store.app_state). Both are copy-on-write files (store.cow): readers attach them read-only and reopen when
their version changes; a load writes a private copy and swaps it in atomically under the store's lock.
Every write of the data store keeps the file it replaces as a version (store.versions), which `restore` brings
back.
"""
from __future__ import annotations

import contextlib
import contextvars
import os
import threading
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import duckdb

from store import app_state, cow, versions
from store.meta import get_meta, schema_version, set_meta
from store.schema import SCHEMA_VERSION, ensure_schema

DEFAULT_DB = Path(__file__).resolve().parent.parent / "data" / "kombel.duckdb"
DB_ENV = "KOMBEL_DB"
# Who the writes of this thread/context are for, recorded with the version they keep ("cli (root)", an email).
_ACTOR: contextvars.ContextVar[str] = contextvars.ContextVar("kombel_pelaku", default="")


def set_actor(who: str) -> None:
    """Record `who` with the versions the writes of the current context keep (a page run, a CLI process)."""
    _ACTOR.set(who)


@contextlib.contextmanager
def acting_as(who: str) -> Iterator[None]:
    token = _ACTOR.set(who)
    try:
        yield
    finally:
        _ACTOR.reset(token)


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
    The connection `ensure_store` opened for its check is handed over when neither file changed since
    (a new DuckDB instance and two ATTACHes: ~50 ms at national scale, once per page run after a load).
    """
    with _spare_lock:
        spare = _spare.pop(Path(path), None)
    if spare is not None:
        if spare[0] == _identity(Path(path)):
            return spare[1]
        spare[1].close()
    return _open(Path(path))


# store path -> ((data version, app version) before it was opened, the connection ensure_store checked with)
_spare: dict[Path, tuple[tuple, duckdb.DuckDBPyConnection]] = {}
_spare_lock = threading.Lock()


def _identity(path: Path) -> tuple[str | None, str | None]:
    return data_version(path), app_state.version(path)


def _open(path: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(":memory:", config=cow.readonly_config())
    try:
        _attach_readonly(con, path, "db", SCHEMA_VERSION)
        attach_app(con, path)
        con.execute("use db")
    except BaseException:
        con.close()
        raise
    return con


def attach_app(con: duckdb.DuckDBPyConnection, path: Path, *, replace: bool = False) -> str:
    """Attach the app's state of the data store at `path`, as it is now, as catalog `app` of `con`, and return its
    version (app_state.version, '-' before the file exists) read BEFORE attaching: what is attached is that version
    or a newer one, never older.

    `replace` (ui/data.py, after an edit: the connection, its data and its materialised lists stay): ATTACH OR
    REPLACE swaps it in one step, so a query already running finishes on the old one and no query ever finds `app`
    missing. DuckDB ignores an ATTACH OR REPLACE of the path already attached (even with the file replaced), so the
    new file is attached through a hard link of its own name (removed at once; the open file stays readable), named
    like store.cow's temporary copies so a writer sweeps one left by a killed process."""
    version = app_state.version(path) or "-"
    app = app_state.app_path(path)
    if version == "-":  # nothing done in the app yet (or a store copied without it): its tables, empty
        con.execute(f"attach {'or replace ' if replace else ''}':memory:' as app")
        con.execute("use app")
        app_state.ensure_schema(con)
        con.execute("use db")
    elif not replace:
        _attach_readonly(con, app, "app", app_state.SCHEMA_VERSION)
    else:
        link = app.with_name(f".{app.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
        try:
            os.link(app, link)
        except OSError:  # no hard links here (or a read-only folder): detach first, `app` missing for a moment
            con.execute("detach database if exists app")
            _attach_readonly(con, app, "app", app_state.SCHEMA_VERSION)
        else:
            try:
                _attach_readonly(con, app, "app", app_state.SCHEMA_VERSION, source=link)
            finally:
                link.unlink(missing_ok=True)
    return version


def _attach_readonly(con: duckdb.DuckDBPyConnection, path: Path, catalog: str, supported: int,
                     source: Path | None = None) -> None:
    """Attach `path` (or `source`, a link to it, replacing `catalog`) as `catalog`; a missing, unreadable or corrupt
    file, or one written by a newer version (whose tables the queries would misread), ends in the matching
    cow.StoreError."""
    with cow.translated(path, writing=False):
        con.execute(f"attach {'or replace ' if source else ''}? as {catalog} (read_only)", [str(source or path)])
        found = _schema_of(con, catalog)
    if found > supported:
        raise cow.too_new(path, found, supported)


def _schema_of(con: duckdb.DuckDBPyConnection, catalog: str) -> int:
    """store.meta.schema_version of an attached catalog, read directly (information_schema costs ~15 ms a call
    on a national store, several per page run)."""
    try:
        row = con.execute(f"select nilai from {catalog}.meta where kunci = 'schema_version'").fetchall()
    except duckdb.CatalogException:  # no meta table: a store older than versioning, or an empty file
        return 0
    return int(row[0][0]) if row else 0


def cursor(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    cur = con.cursor()
    cur.execute("use db")
    return cur


@contextlib.contextmanager
def write_transaction(path: Path, lock_timeout: float = 120.0,
                      tindakan: str | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """Yield a read-write connection on a private copy of the data store, with the app's state attached
    read-only as `app`; commit = atomic swap on clean exit, the replaced file kept as a version (who, which
    files, rows per table, the step `tindakan` — a versions.TINDAKAN key, else inferred: store.versions). Any
    exception discards the copy and leaves the store exactly as it was."""
    path = Path(path)
    keeper = versions.Keeper(path)
    if tindakan:
        keeper.record.update(tindakan=tindakan)
    before: dict = {}
    with cow.write_copy(path, lock_timeout, lambda con: _before_commit(con, keeper, before), lock_folder=True,
                        keeper=keeper) as con:
        found = schema_version(con)
        if found > SCHEMA_VERSION:  # its tables are not the ones this code writes
            raise cow.too_new(path, found, SCHEMA_VERSION, writing=True)
        # Under the data store's lock (the order edits use too), after the data store proved readable:
        # a refused store does not get an app's state created beside it.
        app_state.ensure(path)
        with contextlib.suppress(OSError):  # one written before files were owner-only, or copied in by hand
            os.chmod(app_state.app_path(path), 0o600)
        if found in (1, 2):  # the edit tables moved to the app's state in version 3
            app_state.import_from_data_store(con, path)
        ensure_schema(con)
        before.update(counts=_counts(con), berkas=_berkas(con), versi_skema=found)
        con.execute("attach ? as app (read_only)", [str(app_state.app_path(path))])
        yield con


def _before_commit(con: duckdb.DuckDBPyConnection, keeper: versions.Keeper, before: dict) -> None:
    with contextlib.suppress(duckdb.Error):  # not attached in a restore
        con.execute("detach app")
    set_meta(con, "data_version", uuid.uuid4().hex)
    set_meta(con, "diperbarui_pada", before.get("diperbarui_pada") or datetime.now().isoformat(timespec="seconds"))
    after = _counts(con)
    old_counts = before.get("counts") or {}
    new_files = sorted(_berkas(con) - before.get("berkas", set()))
    found = before.get("versi_skema")
    tindakan = keeper.record.get("tindakan") or (
        "muat" if new_files else "migrasi" if found and found < SCHEMA_VERSION else "ubah")
    keeper.record.update(
        oleh=_ACTOR.get(), tindakan=tindakan, versi_skema=found,
        berkas=[{"nama": f[0], "sha256": f[1], "jenis_data": f[2], "ditambah": f[3]} for f in new_files],
        perubahan_baris={t: after.get(t, 0) - old_counts.get(t, 0) for t in sorted({*after, *old_counts})
                         if t != "meta" and after.get(t, 0) != old_counts.get(t, 0)},
        baris_ditambah=sum(f[3] for f in new_files) if new_files else None,
    )


def _counts(con: duckdb.DuckDBPyConnection, catalog: str | None = None) -> dict[str, int]:
    """Rows per table (DuckDB answers count(*) from its metadata: milliseconds at national scale)."""
    where = "current_database()" if catalog is None else f"'{catalog}'"
    prefix = "" if catalog is None else f"{catalog}."
    tables = con.execute(f"select table_name from duckdb_tables() where database_name = {where} "
                         "and schema_name = 'main'").fetchall()
    return {t: con.execute(f'select count(*) from {prefix}"{t}"').fetchone()[0] for (t,) in tables}


def _berkas(con: duckdb.DuckDBPyConnection) -> set[tuple]:
    """The files recorded as loaded (table berkas), to tell which ones a write added."""
    with contextlib.suppress(duckdb.CatalogException):
        return set(con.execute("select sumber_file, sha256, jenis_data, ditambah, dimuat_pada::varchar "
                               "from berkas").fetchall())
    return set()


def restore(path: Path, wanted: str, lock_timeout: float = 120.0) -> versions.Version:
    """Make version `wanted` (an id or its number, store.versions.find) the data store again.

    The store it replaces is kept as a version first (a restore is undone like a load); a version from an
    older schema is migrated forward; a damaged version is refused (verified before use). The app's state
    (kombel.app.duckdb: mappings, drafts, lexicon versions) is neither read nor written."""
    path = Path(path)
    version = versions.find(path, wanted)
    keeper = versions.Keeper(path)
    keeper.record.update(tindakan="pulihkan", dipulihkan_dari=version.id)
    before: dict = {}
    with cow.write_copy(path, lock_timeout, lambda con: _before_commit(con, keeper, before), lock_folder=True,
                        keeper=keeper, source=version.path) as con:
        found = schema_version(con)
        if found > SCHEMA_VERSION:
            raise cow.too_new(version.path, found, SCHEMA_VERSION, writing=True)
        before.update(counts=_current_counts(con, path), versi_skema=None)
        with contextlib.suppress(duckdb.Error):
            before["berkas"] = _berkas(con)  # the version's own files are not "added" by the restore
        ensure_schema(con)  # an older version's tables, as this code reads them
        # The data is as of that version: the pages' "Data per" shows its time (a new data_version is stamped).
        with contextlib.suppress(duckdb.Error):
            before["diperbarui_pada"] = get_meta(con, "diperbarui_pada")
    return version


def _current_counts(con: duckdb.DuckDBPyConnection, path: Path) -> dict[str, int]:
    """Rows per table of the store a restore replaces ({} when it cannot be read: restoring is then the fix)."""
    if not path.exists():
        return {}
    try:
        con.execute("attach ? as sekarang (read_only)", [str(path)])
    except duckdb.Error:
        return {}
    try:
        return _counts(con, "sekarang")
    except duckdb.Error:
        return {}
    finally:
        con.execute("detach sekarang")


def ensure_store(path: Path, after_migration: Callable[[duckdb.DuckDBPyConnection], object] | None = None) -> None:
    """Create the store (schema + wilayah) and the app's state, or migrate them, if needed. `after_migration`
    runs in the same transaction when the schema changed: what a migration cannot do from store/ alone (e.g.
    classify the topics a new table derives from the loaded rows, data_loaders/topik.py)."""
    if path.exists():
        before = _identity(path)
        ro = _open(path)
        try:
            current = _schema_of(ro, "db")
            app_current = _schema_of(ro, "app") if before[1] is not None else None
        except BaseException:
            ro.close()
            raise
        if current == SCHEMA_VERSION and app_current == app_state.SCHEMA_VERSION:
            with _spare_lock:  # the next open_readonly of this store takes it (see there)
                old = _spare.pop(path, None)
                _spare[path] = (before, ro)
            if old is not None:
                old[1].close()
            return
        ro.close()
        if current == SCHEMA_VERSION:
            app_state.ensure(path)
            return
    with write_transaction(path) as con:
        if after_migration is not None:
            after_migration(con)

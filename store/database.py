"""Where the store lives and how processes share it.

DuckDB lets only one process open a database file while it is written — no other
process may even read it then. So the store is copy-on-write:

* Readers (the dashboard, the query CLI) never hold a write connection. They attach
  the file read-only and reopen when `data_version` (the file's identity) changes.
* A load takes an exclusive lock file, copies the store to a private temporary file,
  writes there, checkpoints, fsyncs and `os.replace`s it over the store. The rename is
  atomic: a reader, or a process killed at any point, sees the store before or after
  the load, never between. Readers already open keep reading the old inode.
* A second load waits for the lock (up to `lock_timeout` seconds) and then fails with
  a clear message instead of losing an update.
"""
from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import tempfile
import time
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import duckdb

from store.meta import schema_version, set_meta
from store.schema import SCHEMA_VERSION, ensure_schema

DEFAULT_DB = Path(__file__).resolve().parent.parent / "data" / "kombel.duckdb"
DB_ENV = "KOMBEL_DB"
MEMORY_ENV = "KOMBEL_DUCKDB_MEMORY"
THREADS_ENV = "KOMBEL_DUCKDB_THREADS"
DEFAULT_MEMORY_LIMIT = "1GB"
DEFAULT_THREADS = 2


class StoreBusy(RuntimeError):
    """Another load holds the store's lock for longer than we were willing to wait."""


def db_path(explicit: str | os.PathLike | None = None) -> Path:
    """`--db` wins, then $KOMBEL_DB, then data/kombel.duckdb."""
    return Path(explicit or os.environ.get(DB_ENV) or DEFAULT_DB).resolve()


def data_version(path: Path) -> str | None:
    """Changes whenever a load replaces the store; None when there is no store yet."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return f"{st.st_ino}-{st.st_mtime_ns}-{st.st_size}"


def readonly_config() -> dict[str, object]:
    """DuckDB settings of every read-only connection, bounded for a small server shared with the loader.

    Without a limit DuckDB may use 80% of RAM for one query (a national `headline` peaked at 3.85 GB);
    with one it spills big joins and sorts to disk instead. Override with $KOMBEL_DUCKDB_MEMORY
    (a DuckDB size, e.g. `2GB`) and $KOMBEL_DUCKDB_THREADS. Insertion order need not be kept:
    every query that returns rows in an order says so with ORDER BY.
    The spill directory is private to the connection (DuckDB removes it on close): two connections
    sharing one would clash on file names, and the default `.tmp` lands in the working directory.
    """
    return {
        "memory_limit": os.environ.get(MEMORY_ENV, "").strip() or DEFAULT_MEMORY_LIMIT,
        "threads": int(os.environ.get(THREADS_ENV, "").strip() or DEFAULT_THREADS),
        "preserve_insertion_order": False,
        "temp_directory": str(Path(tempfile.gettempdir()) / f"kombel-duckdb-{os.getpid()}-{uuid.uuid4().hex[:8]}"),
    }


def open_readonly(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only view of the store as it is now, with the bounded settings of `readonly_config`.

    ATTACH from an in-memory connection rather than `duckdb.connect(path)`: DuckDB caches
    database instances per path within a process, so a plain connect would keep serving
    the replaced file for as long as any old connection is alive.
    Callers take a `cursor()` per thread and run `use db` on it (see `cursor`).
    """
    con = duckdb.connect(":memory:", config=readonly_config())
    con.execute("attach ? as db (read_only)", [str(path)])
    con.execute("use db")
    return con


def cursor(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    cur = con.cursor()
    cur.execute("use db")
    return cur


@contextlib.contextmanager
def _exclusive_lock(path: Path, timeout: float) -> Iterator[None]:
    lock_path = path.with_name(path.name + ".lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a+") as fh:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise StoreBusy(
                        f"Penyimpanan data {path.name} sedang dipakai oleh proses muat lain "
                        f"lebih dari {timeout:.0f} detik. Coba lagi setelah proses itu selesai."
                    ) from None
                time.sleep(0.2)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def write_transaction(path: Path, lock_timeout: float = 120.0) -> Iterator[duckdb.DuckDBPyConnection]:
    """Yield a read-write connection on a private copy; commit = atomic swap on clean exit.

    Any exception discards the copy and leaves the store exactly as it was.
    """
    path = Path(path)
    with _exclusive_lock(path, lock_timeout):
        # Copies left by a process killed mid-load are garbage: nobody else writes under the lock.
        # They include DuckDB's spill directory (`<copy>.tmp/`) when the killed load ran out of memory.
        for stale in path.parent.glob(f".{path.name}.*.tmp*"):
            if stale.is_dir():
                shutil.rmtree(stale, ignore_errors=True)
            else:
                stale.unlink(missing_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
        if path.exists():
            shutil.copyfile(path, tmp)
        con = duckdb.connect(str(tmp))
        try:
            ensure_schema(con)
            yield con
            set_meta(con, "data_version", uuid.uuid4().hex)
            set_meta(con, "diperbarui_pada", datetime.now().isoformat(timespec="seconds"))
            con.execute("checkpoint")
            con.close()
            _fsync(tmp)
            os.replace(tmp, path)
            _fsync(path.parent)
        except BaseException:
            con.close()
            tmp.unlink(missing_ok=True)
            Path(str(tmp) + ".wal").unlink(missing_ok=True)
            raise


def ensure_store(path: Path) -> None:
    """Create the store (schema + wilayah) or migrate it, if needed."""
    if path.exists():
        ro = open_readonly(path)
        try:
            if schema_version(ro) == SCHEMA_VERSION:
                return
        finally:
            ro.close()
    with write_transaction(path):
        pass

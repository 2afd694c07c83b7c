"""Copy-on-write DuckDB files: how several processes share one file that DuckDB lets only one process open
while it is written (no other process may even read it then).

* Readers never hold a write connection: they attach the file read-only (see store.database.open_readonly)
  and reopen when `file_version` (the file's identity) changes.
* A writer takes an exclusive lock, copies the file to a private temporary file, writes there, checkpoints,
  fsyncs and `os.replace`s it over the original. The rename is atomic: a reader, or a process killed at any
  point, sees the file before or after the write, never between. Readers already open keep the old inode.
* A second writer waits for the lock (up to `lock_timeout` seconds), then fails with a clear message
  instead of losing an update.

Both stores use this: the loaded data (store.database) and the app's own state (store.app_state).
"""
from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb

MEMORY_ENV = "KOMBEL_DUCKDB_MEMORY"
THREADS_ENV = "KOMBEL_DUCKDB_THREADS"
DEFAULT_MEMORY_LIMIT = "1GB"
DEFAULT_THREADS = 2


class StoreBusy(RuntimeError):
    """Another writer holds the file's lock for longer than we were willing to wait."""


def file_version(path: Path) -> str | None:
    """Changes whenever a write replaces the file; None when there is no file yet."""
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


@contextlib.contextmanager
def exclusive_lock(path: Path, timeout: float) -> Iterator[None]:
    """The writers' lock of `path` (a `<name>.lock` file beside it)."""
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
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def write_copy(path: Path, lock_timeout: float,
               before_commit: Callable[[duckdb.DuckDBPyConnection], None]) -> Iterator[duckdb.DuckDBPyConnection]:
    """Yield a read-write connection on a private copy of `path`; on clean exit `before_commit(con)` runs,
    then the copy atomically replaces `path`. Any exception discards the copy and leaves `path` as it was."""
    path = Path(path)
    with exclusive_lock(path, lock_timeout):
        # Copies left by a process killed mid-write are garbage: nobody else writes under the lock.
        # They include DuckDB's spill directory (`<copy>.tmp/`) when the killed write ran out of memory.
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
            yield con
            before_commit(con)
            con.execute("checkpoint")
            con.close()
            fsync(tmp)
            os.replace(tmp, path)
            fsync(path.parent)
        except BaseException:
            con.close()
            tmp.unlink(missing_ok=True)
            Path(str(tmp) + ".wal").unlink(missing_ok=True)
            raise

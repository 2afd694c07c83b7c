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
import errno
import fcntl
import os
import re
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


class StoreError(RuntimeError):
    """A store file that cannot be read or written. Its message is for the user (Indonesian): which file, why,
    what to do. The store is as it was and no temporary copy is left behind."""


class StoreBusy(StoreError):
    """Another writer holds the file's lock for longer than we were willing to wait."""


class StoreDiskFull(StoreError):
    """The disk (or quota) holding the store has no room for the private copy a write makes."""


class StoreReadOnly(StoreError):
    """The store's folder or file may not be written (read-only file system, permissions)."""


class StoreUnreadable(StoreError):
    """The store file exists but this process may not read it."""


class StoreMissing(StoreError):
    """There is no store file (or folder) where one must be read."""


class StoreCorrupt(StoreError):
    """The file is not a readable DuckDB database: truncated, overwritten, damaged blocks."""


class StoreTooNew(StoreError):
    """Written by a newer version of the dashboard (schema) or of DuckDB (storage format)."""


_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
_DENIED = {errno.EACCES, errno.EPERM, errno.EROFS}
_ABSENT = {errno.ENOENT, errno.ENOTDIR}
# DuckDB reports OS failures as text (IOException, or a failed commit's TransactionException, or FatalException
# once a failed write has invalidated the database): the strerror it quotes tells the kind.
_FULL_TEXT = ("No space left on device", "Disk quota exceeded", "File too large")
_DENIED_TEXT = ("Read-only file system", "Permission denied", "Operation not permitted")
_ABSENT_TEXT = ("database does not exist", "No such file or directory")
_CORRUPT_TEXT = ("not a valid DuckDB database", "Corrupt database file", "does not match stored checksum",
                 "Could not read enough bytes", "Serialization Error")
_NEWER_TEXT = ("newer version of DuckDB", "database file with version number")
_QUOTED_PATH = re.compile(r'"(/[^"]+)"')


def _place(path: Path) -> str:
    return f"berkas penyimpanan {path} (folder {path.parent})"


def _tidak_berubah(writing: bool) -> str:
    return " Tidak ada data yang berubah." if writing else ""


def disk_full(path: Path, writing: bool = True) -> StoreDiskFull:
    need = ""
    with contextlib.suppress(OSError):
        need = f" (perlu sedikitnya {max(path.stat().st_size / 1e6, 1):.0f} MB ruang kosong untuk salinan sementara)"
    return StoreDiskFull(
        f"Ruang disk penuh: {_place(path)} tidak dapat ditulis. Kosongkan ruang disk di folder itu{need}, "
        f"lalu coba lagi.{_tidak_berubah(writing)}")


def read_only(path: Path, writing: bool = True) -> StoreError:
    if not writing:
        return StoreUnreadable(
            f"Berkas penyimpanan {path} tidak boleh dibaca oleh pengguna yang menjalankan dasbor (izin ditolak). "
            "Minta admin server memberi izin baca pada berkas dan foldernya.")
    return StoreReadOnly(
        f"Folder {path.parent} hanya-baca atau tidak boleh ditulis oleh pengguna ini: berkas penyimpanan "
        f"{path.name} tidak dapat diubah. Beri izin tulis pada folder itu, atau pindahkan penyimpanan ke folder "
        "yang dapat ditulis (--db atau $KOMBEL_DB), lalu coba lagi. Tidak ada data yang berubah.")


def missing(path: Path, writing: bool = False) -> StoreMissing:
    return StoreMissing(
        f"Berkas penyimpanan {path} tidak ditemukan. Periksa lokasinya (--db atau $KOMBEL_DB), atau muat data "
        f"dulu (python -m data_loaders).{_tidak_berubah(writing)}")


def corrupt(path: Path, writing: bool = False) -> StoreCorrupt:
    return StoreCorrupt(
        f"Berkas penyimpanan {path} rusak dan tidak dapat dibaca — pulihkan dari cadangan (salin cadangan terakhir "
        "ke lokasi yang sama), atau pindahkan berkas itu lalu muat ulang semua berkas data."
        f"{_tidak_berubah(writing)}")


def too_new(path: Path, found: int | None = None, supported: int | None = None,
            writing: bool = False) -> StoreTooNew:
    versions = f" (versi skema {found}, versi ini {supported})" if found is not None else ""
    return StoreTooNew(
        f"Berkas penyimpanan {path} dibuat oleh versi dasbor yang lebih baru{versions}. Perbarui dasbor ke "
        f"versi terbaru, lalu coba lagi; berkas itu tidak diubah.{_tidak_berubah(writing)}")


def translate(exc: BaseException, path: Path, *, writing: bool) -> StoreError | None:
    """The StoreError an OS or DuckDB failure on `path` (or its temporary copy) means; None when it is none of
    these kinds (a bug, which must stay visible as itself)."""
    if isinstance(exc, StoreError):
        return None
    path = Path(path)
    if isinstance(exc, OSError):
        if exc.filename is not None and not _ours(str(exc.filename), path):
            return None  # another file (an input, a reference table): not the store's failure
        if exc.errno in _FULL:
            return disk_full(path, writing)
        if exc.errno in _DENIED:
            return read_only(path, writing)
        if exc.errno in _ABSENT and not writing:  # a write creates what is missing
            return missing(path, writing)
        return None
    if not isinstance(exc, duckdb.Error):
        return None
    text = str(exc)
    named = _QUOTED_PATH.findall(text)
    if named and not any(_ours(f, path) for f in named):
        return None
    if any(t in text for t in _FULL_TEXT):
        return disk_full(path, writing)
    if any(t in text for t in _DENIED_TEXT):
        return read_only(path, writing)
    if any(t in text for t in _NEWER_TEXT):
        return too_new(path, writing=writing)
    if any(t in text for t in _CORRUPT_TEXT) or isinstance(exc, duckdb.SerializationException):
        return corrupt(path, writing)
    if not writing and any(t in text for t in _ABSENT_TEXT):
        return missing(path, writing)
    return None


def _ours(name: str, path: Path) -> bool:
    """`name` is the store, a file beside it (its copy, WAL, lock), its folder or one above (being created)."""
    p = Path(name)
    return p.parent == path.parent or p == path.parent or p in path.parent.parents


@contextlib.contextmanager
def translated(path: Path, *, writing: bool) -> Iterator[None]:
    """Raise the StoreError (Indonesian, naming `path`) for an OS or DuckDB failure of the kinds above."""
    try:
        yield
    except (OSError, duckdb.Error) as exc:
        err = translate(exc, path, writing=writing)
        if err is None:
            raise
        raise err from exc


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
    then the copy atomically replaces `path`. Any exception discards the copy and leaves `path` as it was;
    a full disk, a read-only folder, a corrupt file (also one met inside the caller's block) end in the
    matching StoreError."""
    path = Path(path)
    with translated(path, writing=True), exclusive_lock(path, lock_timeout):
        # Copies left by a process killed mid-write are garbage: nobody else writes under the lock.
        # They include DuckDB's spill directory (`<copy>.tmp/`) when the killed write ran out of memory.
        for stale in path.parent.glob(f".{path.name}.*.tmp*"):
            _remove(stale)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
        con = None
        try:
            # Inside the try: a copy cut short by a full disk, or a copy DuckDB refuses, is removed too.
            if path.exists():
                shutil.copyfile(path, tmp)
            con = duckdb.connect(str(tmp))
            yield con
            before_commit(con)
            con.execute("checkpoint")
            con.close()
            fsync(tmp)
            os.replace(tmp, path)
            fsync(path.parent)
        except BaseException:
            if con is not None:
                # Closing a connection whose write failed may fail again (a checkpoint on a full disk).
                with contextlib.suppress(Exception):
                    con.close()
            for leftover in (tmp, Path(f"{tmp}.wal"), Path(f"{tmp}.tmp")):
                _remove(leftover)
            raise


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)

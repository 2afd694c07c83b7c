"""Copy-on-write DuckDB files: how several processes share one file that DuckDB lets only one process open
while it is written (no other process may even read it then).

* Readers never hold a write connection: they attach the file read-only (see store.database.open_readonly)
  and reopen when `file_version` (the file's identity) changes.
* A writer takes an exclusive lock, copies the file to a private temporary file (owner-only, 0600), verifies
  the copy (`verify`: a damaged store is refused, never carried forward), writes there, checkpoints, verifies
  the result, fsyncs and `os.replace`s it over the original (keeping the file it replaces as a version when
  given a store.versions.Keeper). The rename is atomic: a reader, or a process killed at any
  point, sees the file before or after the write, never between. Readers already open keep the old inode.
* A second writer waits for the lock (up to `lock_timeout` seconds), then fails with a clear message
  instead of losing an update. The data store's lock is a kernel lock (flock) on its folder, which cannot be
  deleted or swapped while the store is in it; the app's state keeps a `<name>.lock` file of its own, so an
  edit never waits for a load.

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
from typing import Protocol

import duckdb
import numpy as np

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


def versions_folder(path: Path) -> Path:
    """Where store.versions keeps earlier versions of the store at `path`."""
    return path.with_name(path.name + ".versi")


def _versions_hint(path: Path) -> str:
    with contextlib.suppress(OSError):
        if any(p.suffix == ".duckdb" for p in versions_folder(path).iterdir()):
            return (f" Versi sebelumnya tersimpan: lihat daftarnya dengan python -m data_loaders --db {path} "
                    "--riwayat lalu kembalikan dengan --pulihkan VERSI (atau di halaman Unggah Data, bagian "
                    "Riwayat pemuatan).")
    return ""


def corrupt(path: Path, writing: bool = False, detail: str = "") -> StoreCorrupt:
    return StoreCorrupt(
        f"Berkas penyimpanan {path} rusak dan tidak dapat dibaca{detail} — pulihkan dari cadangan (salin cadangan "
        "terakhir ke lokasi yang sama), atau pindahkan berkas itu lalu muat ulang semua berkas data."
        f"{_versions_hint(path)}{_tidak_berubah(writing)}")


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
    """`name` is the store, a file beside it (its copy, WAL, lock), its folder or one above (being created), or
    its versions folder or a version in it."""
    p = Path(name)
    versions = versions_folder(path)
    return (p.parent == path.parent or p == path.parent or p in path.parent.parents
            or p == versions or p.parent == versions)


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
def exclusive_lock(path: Path, timeout: float, *, folder: bool = True) -> Iterator[float]:
    """The writers' lock of the store at `path`; yields the time (time.time()) it was taken.

    `folder=True` (the data store): flock on the store's folder, opened read-only. The lock belongs to the
    folder's inode, which nobody can delete or swap while the store is in it, so deleting a lock file (there is
    none) cannot let a second writer in. `folder=False` (the app's state): flock on a `<name>.lock` file beside
    it — a separate lock, so an edit never waits for a load. A file system whose folders take no flock (some
    network mounts) falls back to the lock file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if folder:
        fd = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)  # probe only: does this file system lock folders?
                fcntl.flock(fd, fcntl.LOCK_UN)
            except BlockingIOError:
                pass  # someone holds it exclusively: it does
            except OSError:
                os.close(fd)
                fd = -1
            if fd >= 0:
                yield _take(fd, path, timeout)
                return
        finally:
            if fd >= 0:
                os.close(fd)  # closing the last descriptor of the open file releases the lock
    with open(path.with_name(path.name + ".lock"), "a+") as fh:
        yield _take(fh.fileno(), path, timeout)


def _take(fd: int, path: Path, timeout: float) -> float:
    deadline = time.monotonic() + timeout
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return time.time()
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise StoreBusy(
                    f"Penyimpanan data {path.name} sedang dipakai oleh proses muat lain "
                    f"lebih dari {timeout:.0f} detik. Coba lagi setelah proses itu selesai."
                ) from None
            time.sleep(0.05)


def fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class VersionKeeper(Protocol):
    """What write_copy asks of store.versions.Keeper (kept abstract here: versions builds on this module)."""

    def recover(self, path: Path) -> None: ...
    def stage(self, path: Path) -> object: ...
    def commit(self, staged: object) -> None: ...


@contextlib.contextmanager
def write_copy(path: Path, lock_timeout: float,
               before_commit: Callable[[duckdb.DuckDBPyConnection], None], *, lock_folder: bool = False,
               keeper: VersionKeeper | None = None,
               source: Path | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """Yield a read-write connection on a private copy of `path` (or of `source`, a version being restored);
    on clean exit `before_commit(con)` runs, the copy is checkpointed and verified, then it atomically replaces
    `path` — `keeper` first keeping the replaced file as a version. Any exception discards the copy and leaves
    `path` as it was; a full disk, a read-only folder, a corrupt file (the current store is verified before it
    is copied forward; also one met inside the caller's block) end in the matching StoreError.
    `lock_folder`: take the folder lock (the data store), not a lock file (the app's state); see exclusive_lock."""
    path = Path(path)
    with translated(path, writing=True), exclusive_lock(path, lock_timeout, folder=lock_folder) as held_since:
        _remove_stale_copies(path, held_since)
        if keeper is not None:
            keeper.recover(path)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
        origin = path if source is None else Path(source)
        con = None
        try:
            # Inside the try: a copy cut short by a full disk, or a copy DuckDB refuses, is removed too.
            if source is not None and not origin.is_file():
                raise missing(origin, writing=True)
            if origin.exists():
                # Created owner-only before a byte is copied: the store is never readable by other users.
                os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
                shutil.copyfile(origin, tmp)
                verify(tmp, lambda detail: corrupt(origin, writing=True, detail=detail), origin)
            con = duckdb.connect(str(tmp))
            os.chmod(tmp, 0o600)  # a new store, just created by DuckDB with the umask's mode
            yield con
            before_commit(con)
            con.execute("checkpoint")
            con.close()
            verify(tmp, lambda detail: StoreCorrupt(
                f"Salinan baru {_place(path)} gagal diperiksa sebelum dipakai{detail}, sehingga tidak dipakai. "
                "Tidak ada data yang berubah. Coba lagi; bila terulang, periksa disk server."), path)
            fsync(tmp)
            staged = keeper.stage(path) if keeper is not None else None
            os.replace(tmp, path)
            fsync(path.parent)
            if keeper is not None:
                keeper.commit(staged)
        except BaseException:
            if con is not None:
                # Closing a connection whose write failed may fail again (a checkpoint on a full disk).
                with contextlib.suppress(Exception):
                    con.close()
            for leftover in (tmp, Path(f"{tmp}.wal"), Path(f"{tmp}.tmp")):
                _remove(leftover)
            raise


_COPY_NAME = re.compile(r"\.(\d+)\.[0-9a-f]+\.tmp")


def _remove_stale_copies(path: Path, held_since: float) -> None:
    """Remove the private copies (and their WAL and spill folder) of writers that died mid-write.

    Runs only under the store's lock, so no live writer of this store can be writing; still, a copy is removed
    only when it is older than this lock's hold (made before we took the lock) and its writer's process (the
    pid in its name) is gone. A copy of a live process — one that wrote under an older lock scheme, say — is
    left alone: removing it would kill that load."""
    prefix = f".{path.name}"
    for stale in path.parent.glob(f"{prefix}.*.tmp*"):
        m = _COPY_NAME.match(stale.name[len(prefix):])
        pid = int(m[1]) if m else None
        if pid is not None and pid != os.getpid() and _alive(pid):
            continue
        try:
            if stale.stat().st_mtime > held_since:
                continue
        except FileNotFoundError:
            continue
        _remove(stale)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


# --- verification ---------------------------------------------------------------------------------------------
# DuckDB keeps a checksum in the first 8 bytes of each block (and of each of the three 4 KiB headers): a 64-bit
# XOR over every following 8-byte word times 0xbf58476d1ce4e5b9, seeded with 5381 (duckdb/src/common/checksum.cpp).
# It verifies a block only when it reads it, so a block nobody reads (a table no query of the load touches, an
# index) would be copied forward damaged. Reading every column of every table in SQL checks the table data but
# not index blocks, and costs ~8x more at national scale (bench/versions.py); the checksums of every block,
# computed with numpy over the file, cover all of it at about the cost of reading the file.
_HEADER = 4096
_HEADERS = 3 * _HEADER
_MUL = np.uint64(0xBF58476D1CE4E5B9)
_SEED = np.uint64(5381)
_CHUNK_BLOCKS = 32


def _checksums_ok(words: np.ndarray) -> np.ndarray:
    """Per row of `words` (a block each; word 0 = its stored checksum): does the stored checksum match?"""
    with np.errstate(over="ignore"):
        computed = np.bitwise_xor.reduce(words[:, 1:] * _MUL, axis=1) ^ _SEED
    return computed == words[:, 0]


def damaged_blocks(path: Path, block_size: int, total_blocks: int, free_blocks: int = 0) -> list[int] | None:
    """Blocks of the DuckDB file at `path` whose checksum does not match (-1: the file is shorter than its
    blocks); None when this file's headers do not follow the checksum scheme above (a storage format this code
    does not know: the caller then relies on DuckDB's own reads). DuckDB cuts free blocks off the end of the
    file, so up to `free_blocks` may be missing there."""
    present = max(os.path.getsize(path) - _HEADERS, 0) // block_size
    if present < total_blocks - free_blocks:
        return [-1]  # truncated
    total_blocks = min(total_blocks, present)
    with open(path, "rb") as fh:
        head = np.frombuffer(fh.read(_HEADERS), dtype="<u8")
        if head.size * 8 != _HEADERS or not _checksums_ok(head.reshape(3, _HEADER // 8)).all():
            return None
        bad: list[int] = []
        words_per_block = block_size // 8
        buf = np.empty(_CHUNK_BLOCKS * words_per_block, dtype="<u8")
        done = 0
        while done < total_blocks:
            n = min(_CHUNK_BLOCKS, total_blocks - done)
            got = fh.readinto(memoryview(buf[: n * words_per_block]).cast("B"))
            if got < n * block_size:
                return [*bad, -1]  # truncated
            blocks = buf[: n * words_per_block].reshape(n, words_per_block)
            for i in np.flatnonzero(~_checksums_ok(blocks)):
                if blocks[i].any():  # an all-zero block was never written (a hole), not damaged
                    bad.append(done + int(i))
            done += n
    return bad


def verify(path: Path, error: Callable[[str], StoreError], shown: Path | None = None) -> None:
    """Raise `error(detail)` unless the DuckDB file at `path` opens, every table in it can be counted, and every
    block's checksum matches. Reads the file once. `shown`: the file the user knows (`path` may be its private
    copy), named by the other errors (disk, permissions, a newer DuckDB)."""
    shown = Path(shown or path)
    con = duckdb.connect(":memory:")
    try:
        try:
            con.execute("attach ? as periksa (read_only)", [str(path)])
            tables = con.execute(
                "select schema_name, table_name from duckdb_tables() where database_name = 'periksa'").fetchall()
            for schema, table in tables:
                con.execute(f'select count(*) from periksa."{schema}"."{table}"').fetchall()
            block_size, total, free = con.execute(
                "select block_size, total_blocks, free_blocks from pragma_database_size() "
                "where database_name = 'periksa'").fetchone()
        except duckdb.Error as exc:  # unreadable: damaged, unless the OS or a newer DuckDB says otherwise
            err = translate(exc, shown, writing=True)
            if isinstance(err, (StoreDiskFull, StoreReadOnly, StoreTooNew)):
                raise err from exc
            raise error("") from exc
    finally:
        con.close()
    bad = damaged_blocks(path, int(block_size), int(total), int(free))
    if bad:
        shown = ", ".join("akhir berkas hilang" if b < 0 else str(b) for b in bad[:5])
        more = f" dan {len(bad) - 5} lainnya" if len(bad) > 5 else ""
        raise error(f" (blok {shown}{more} tidak cocok dengan checksum-nya)")


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)

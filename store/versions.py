"""Earlier versions of the data store, kept by every write so that a wrong load can be undone.

A write (store.cow.write_copy with a `Keeper`) hard-links the file it is about to replace into a folder beside
the store (`data/kombel.duckdb` -> `data/kombel.duckdb.versi/20250101-120000-0007.duckdb`) just before the swap:
no copy, the old inode simply keeps a second name. Beside each version a JSON record says what replaced it —
when, who, what (a load, a restore, an edit, a schema migration), which files (name + sha256) and how many rows
each table gained or lost. A version is the store as it was BEFORE that step, so restoring it undoes the step
and everything after it; a restore is itself such a step (the store it replaces becomes a version first).

Only the newest `keep_count()` versions stay (default 5, $KOMBEL_VERSI or `--simpan-versi`; 0 keeps none).
Versions are owner-only (0600) like the store. The app's own state (kombel.app.duckdb) is never versioned here
and never touched by a restore.

Crash safety: the link is first made under a pending name (`.<id>.duckdb.baru`, its record `.<id>.json.baru`);
after the swap both are renamed to their final names. A writer killed in between leaves pending files that the
next writer settles under the lock: still the same inode as the store = the swap never happened (removed);
otherwise the swap happened (kept as a version).
"""
from __future__ import annotations

import contextlib
import contextvars
import json
import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from store import cow

ENV = "KOMBEL_VERSI"
DEFAULT_KEEP = 5
_PENDING = ".baru"
_ID = re.compile(r"^(\d{8}-\d{6})-(\d{4,})$")
_KEEP: contextvars.ContextVar[int | None] = contextvars.ContextVar("kombel_versi", default=None)

TINDAKAN = {"muat": "pemuatan berkas", "pulihkan": "pemulihan versi", "migrasi": "pembaruan skema",
            "ubah": "perubahan data", "hapus_contoh": "penghapusan data contoh"}


class VersionNotFound(cow.StoreError):
    """The version asked for is not (or no longer) in the versions folder."""


class BadKeepCount(cow.StoreError):
    """$KOMBEL_VERSI is not a whole number >= 0."""


def folder(db: Path) -> Path:
    """data/kombel.duckdb -> data/kombel.duckdb.versi/"""
    return cow.versions_folder(Path(db))


def keep_count() -> int:
    """How many versions to keep: `keeping(n)` (the CLI's --simpan-versi), else $KOMBEL_VERSI, else 5."""
    chosen = _KEEP.get()
    if chosen is not None:
        return chosen
    text = os.environ.get(ENV, "").strip()
    if not text:
        return DEFAULT_KEEP
    if not text.isdigit():
        raise BadKeepCount(f"Nilai {ENV}={text!r} tidak valid: isi dengan bilangan bulat 0 atau lebih (jumlah versi "
                           f"penyimpanan yang disimpan, bawaan {DEFAULT_KEEP}). Tidak ada data yang berubah.")
    return int(text)


@contextlib.contextmanager
def keeping(count: int) -> Iterator[None]:
    token = _KEEP.set(count)
    try:
        yield
    finally:
        _KEEP.reset(token)


@dataclass(frozen=True)
class Version:
    id: str
    nomor: int
    path: Path
    record: dict
    size: int  # bytes on disk

    @property
    def dibuat_pada(self) -> str:
        return str(self.record.get("dibuat_pada") or "")

    @property
    def oleh(self) -> str:
        return str(self.record.get("oleh") or "(tidak tercatat)")

    @property
    def tindakan(self) -> str:
        return TINDAKAN.get(self.record.get("tindakan"), "perubahan data")

    @property
    def berkas(self) -> list[dict]:
        return list(self.record.get("berkas") or [])

    @property
    def baris_ditambah(self) -> int | None:
        return self.record.get("baris_ditambah")

    @property
    def versi_skema(self) -> int | None:
        return self.record.get("versi_skema")


def _disk(st: os.stat_result) -> int:
    return st.st_blocks * 512 if hasattr(st, "st_blocks") else st.st_size


def list_versions(db: Path) -> list[Version]:
    """The kept versions, newest first. A version whose record is missing or unreadable is still listed."""
    out = []
    with contextlib.suppress(FileNotFoundError, NotADirectoryError):
        for p in folder(db).iterdir():
            m = _ID.match(p.name.removesuffix(".duckdb")) if p.name.endswith(".duckdb") else None
            if m is None:
                continue
            record: dict = {}
            with contextlib.suppress(OSError, ValueError):
                record = json.loads(p.with_suffix(".json").read_text(encoding="utf-8"))
            try:
                size = _disk(p.stat())
            except FileNotFoundError:
                continue  # pruned meanwhile
            out.append(Version(m[0], int(m[2]), p, record if isinstance(record, dict) else {}, size))
    return sorted(out, key=lambda v: v.nomor, reverse=True)


def disk_usage(db: Path) -> int:
    """Bytes the versions folder takes on disk (records included)."""
    total = 0
    with contextlib.suppress(FileNotFoundError, NotADirectoryError):
        for p in folder(db).iterdir():
            with contextlib.suppress(FileNotFoundError):
                total += _disk(p.stat())
    return total


def find(db: Path, wanted: str) -> Version:
    """A version by its id (`20250101-120000-0007`) or its number (`7`)."""
    wanted = wanted.strip()
    for v in list_versions(db):
        if wanted == v.id or (wanted.isdigit() and int(wanted) == v.nomor):
            return v
    ada = ", ".join(v.id for v in list_versions(db)) or "belum ada versi tersimpan"
    raise VersionNotFound(f"Versi '{wanted}' tidak ada di {folder(db)} (ada: {ada}). Lihat daftarnya dengan "
                          f"python -m data_loaders --db {db} --riwayat. Tidak ada data yang berubah.")


def ukuran(n: int) -> str:
    """Bytes as the UI and the CLI show them (Indonesian decimal comma)."""
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("KB", 1e3)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}".replace(".", ",")
    return f"{n} B"


@dataclass
class Keeper:
    """Keeps the file a write replaces (store.cow.write_copy calls `recover`, `stage`, `commit`). The writer
    fills `record` before the swap (who, what, files, row changes)."""

    db: Path
    count: int = field(default_factory=keep_count)
    record: dict = field(default_factory=dict)

    @property
    def folder(self) -> Path:
        return folder(self.db)

    def recover(self, path: Path) -> None:
        """Settle the pending versions of a writer killed around its swap (runs under the store's lock)."""
        with contextlib.suppress(FileNotFoundError, NotADirectoryError):
            for pending in self.folder.glob(f".*.duckdb{_PENDING}"):
                vid = pending.name[1:].removesuffix(f".duckdb{_PENDING}")
                record = self.folder / f".{vid}.json{_PENDING}"
                try:
                    swapped = not path.exists() or not os.path.samefile(pending, path)
                except FileNotFoundError:
                    continue
                if swapped:  # the store moved on: this was its previous version
                    with contextlib.suppress(FileNotFoundError):
                        os.rename(record, self.folder / f"{vid}.json")
                    os.rename(pending, self.folder / f"{vid}.duckdb")
                else:  # killed before the swap: the store is still this file
                    record.unlink(missing_ok=True)
                    pending.unlink()

    def stage(self, path: Path) -> tuple[Path, Path, str] | None:
        """Just before the swap: give the store's current file a pending version name (and write its record).
        Nothing when no version is to be kept."""
        if self.count <= 0 or not path.exists():
            return None
        self.folder.mkdir(mode=0o700, exist_ok=True)
        with contextlib.suppress(OSError):  # made by someone else: still not for other users
            os.chmod(self.folder, 0o700)
        nomor = 1 + max((v.nomor for v in list_versions(self.db)), default=0)
        nomor = max(nomor, 1 + max(self._pending_numbers(), default=0))
        vid = f"{datetime.now():%Y%m%d-%H%M%S}-{nomor:04d}"
        pending = self.folder / f".{vid}.duckdb{_PENDING}"
        pending_record = self.folder / f".{vid}.json{_PENDING}"
        try:
            try:
                os.link(path, pending)  # the old inode gets a second name: no copy
            except OSError:  # a file system without hard links: copy (slower, same result)
                _private_copy(path, pending)
            os.chmod(pending, 0o600)
            record = {"versi": vid, "nomor": nomor, "dibuat_pada": datetime.now().isoformat(timespec="seconds"),
                      **self.record}
            fd = os.open(pending_record, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(record, fh, ensure_ascii=False, indent=1)
        except BaseException:  # before the swap: the write fails as a whole, leaving no half version
            pending_record.unlink(missing_ok=True)
            pending.unlink(missing_ok=True)
            raise
        return pending, pending_record, vid

    def commit(self, staged: tuple[Path, Path, str] | None) -> None:
        """After the swap: the pending names become final and the oldest versions beyond `count` go. Never
        raises (the swap is done; a failure here leaves pending files the next write settles)."""
        if staged is not None:
            pending, pending_record, vid = staged
            with contextlib.suppress(OSError):
                os.rename(pending_record, self.folder / f"{vid}.json")
                os.rename(pending, self.folder / f"{vid}.duckdb")
                cow.fsync(self.folder)
        with contextlib.suppress(OSError):  # also with 0 to keep: the ones kept before go
            self.prune()

    def prune(self) -> None:
        for old in list_versions(self.db)[max(self.count, 0):]:
            old.path.with_suffix(".json").unlink(missing_ok=True)
            old.path.unlink(missing_ok=True)

    def _pending_numbers(self) -> Iterator[int]:
        for p in self.folder.glob(f".*.duckdb{_PENDING}"):
            m = _ID.match(p.name[1:].removesuffix(f".duckdb{_PENDING}"))
            if m:
                yield int(m[2])


def _private_copy(src: Path, dst: Path) -> None:
    fd = os.open(dst, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.close(fd)
    shutil.copyfile(src, dst)

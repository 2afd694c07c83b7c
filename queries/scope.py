"""Who is asking, and which kab/kota they may see (METRICS §8).

The users list starts as a TOML file the deployer edits (default data/pengguna.toml):

    [pengguna."wali.bandung@bbgp-jabar.id"]
    peran = "wali_wilayah"
    kabkota = ["32.04", "32.17"]

Once an admin changes a user on the Pengguna page (edits/users.py), the list lives in the app's state
(store.app_state tables `pengguna`, `riwayat_pengguna`) and the file is no longer read: the first change
imports it. `registry` reads whichever holds the list, cached by the file's and the app state's identity.

A wali's kab/kota must be official codes (data/reference/kabkota.csv, what the store's `wilayah` is built
from). A user whose entry cannot be trusted (an unknown code or role) is left out — refused like a stranger,
never shown more than their codes — and the admins see a warning naming the email and the code on every page.

This module never imports streamlit: the query runner and the CLI use it too.
"""
from __future__ import annotations

import csv
import functools
import os
import threading
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from store import app_state, cow
from store.meta import schema_version
from store.schema import REFERENCE_DIR
from vocab import ADMIN as PERAN_ADMIN
from vocab import PERAN_LABEL, PIMPINAN, ROLES, WALI_WILAYAH

DEFAULT_USERS_FILE = Path(__file__).resolve().parent.parent / "data" / "pengguna.toml"
USERS_ENV = "KOMBEL_PENGGUNA"


@dataclass(frozen=True)
class Scope:
    """`kabkota` None = every kab/kota; a tuple (possibly empty) = only those."""

    email: str
    peran: str
    kabkota: tuple[str, ...] | None

    @property
    def restricted(self) -> bool:
        return self.kabkota is not None

    # Roles (METRICS §8): pages and ui/ ask these, never compare `peran` strings themselves.
    @property
    def is_registered(self) -> bool:
        """A known role (NOBODY and unknown emails are not)."""
        return self.peran in ROLES

    @property
    def is_admin(self) -> bool:
        """Uploads data and fixes quarantined rows with mappings."""
        return self.peran == PERAN_ADMIN

    @property
    def can_edit(self) -> bool:
        """Admin or pimpinan: may edit the theme lexicon and the UPT programme plan and events."""
        return self.peran in (PERAN_ADMIN, PIMPINAN)

    @property
    def is_wali(self) -> bool:
        """A wali wilayah: sees only the kab/kota in `kabkota`."""
        return self.peran == WALI_WILAYAH

    @property
    def peran_label(self) -> str:
        """The role as users read it ('Pimpinan UPT'); the code itself for an unknown role."""
        return PERAN_LABEL.get(self.peran, self.peran)

    def effective_kabkota(self, requested: tuple[str, ...] | list[str] | None) -> list[str] | None:
        """The user's filter intersected with the scope; None means no restriction at all."""
        requested = list(requested or ())
        if self.kabkota is None:
            return requested or None
        if not requested:
            return list(self.kabkota)
        allowed = set(self.kabkota)
        return [k for k in requested if k in allowed]


ADMIN = Scope(email="lokal", peran="admin", kabkota=None)
NOBODY = Scope(email="", peran="tanpa_akses", kabkota=())


class UsersFileError(ValueError):
    """The users list cannot be read at all (invalid TOML, an unreadable app state); the message says why."""


SUMBER_BERKAS, SUMBER_APLIKASI = "berkas", "aplikasi"


@dataclass(frozen=True)
class Users:
    """The users list scope resolution reads: `users` by casefolded email, where it came from (`sumber`:
    the users file, or the app's state once edited on the page), and the entries left out (`ditolak`: email ->
    Indonesian reason naming the email and what is wrong)."""

    users: Mapping[str, Scope]
    sumber: str
    ditolak: Mapping[str, str] = field(default_factory=dict)

    @property
    def peringatan(self) -> list[str]:
        return list(self.ditolak.values())


@functools.cache
def official_kabkota() -> dict[str, str]:
    """Official kab/kota code -> name (the reference the store's `wilayah` table is built from)."""
    with open(REFERENCE_DIR / "kabkota.csv", encoding="utf-8") as f:
        return {r["kode_kabkota"]: r["nama_kabkota"] for r in csv.DictReader(f)}


def unknown_kabkota(codes: object) -> list[str]:
    """The codes in `codes` that are not official kab/kota codes (as written)."""
    known = official_kabkota()
    return [str(c) for c in codes if str(c) not in known]  # type: ignore[attr-defined]


def users_file(explicit: str | os.PathLike | None = None) -> Path:
    return Path(explicit or os.environ.get(USERS_ENV) or DEFAULT_USERS_FILE)


def _entry(email: str, peran: object, kabkota: object, where: str) -> Scope | str:
    """A checked Scope, or the reason (Indonesian) the entry is left out."""
    if peran not in ROLES:
        return (f"{where}: peran '{peran}' untuk {email} tidak dikenal (pilih {', '.join(ROLES)}); "
                f"akun ini tidak diberi akses sampai diperbaiki.")
    if peran != WALI_WILAYAH:
        return Scope(email=email, peran=str(peran), kabkota=None)
    if kabkota is None:
        kabkota = []
    if isinstance(kabkota, str) or not isinstance(kabkota, (list, tuple)):
        return (f"{where}: kabkota untuk {email} harus berupa daftar kode, mis. [\"32.04\"]; "
                f"akun ini tidak diberi akses sampai diperbaiki.")
    salah = unknown_kabkota(kabkota)
    if salah:
        return (f"{where}: kode kab/kota {', '.join(repr(k) for k in salah)} untuk {email} tidak ada di daftar "
                f"kode resmi; akun ini tidak diberi akses sampai diperbaiki.")
    return Scope(email=email, peran=WALI_WILAYAH, kabkota=tuple(dict.fromkeys(str(k) for k in kabkota)))


def read_users_file(path: Path) -> Users:
    """The users file as a list; entries with an unknown role or kab/kota code are left out (`ditolak`).
    A missing file is an empty list; a file that is not valid TOML is refused whole (UsersFileError)."""
    if not path.exists():
        return Users({}, SUMBER_BERKAS)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as e:
        raise UsersFileError(f"Berkas pengguna {path} tidak valid: {e}") from e
    except (OSError, UnicodeDecodeError) as e:
        raise UsersFileError(f"Berkas pengguna {path} tidak dapat dibaca: {e}") from e
    users: dict[str, Scope] = {}
    ditolak: dict[str, str] = {}
    daftar = data.get("pengguna") or {}
    if not isinstance(daftar, dict):
        raise UsersFileError(f"Berkas pengguna {path}: bagian [pengguna] harus berisi tabel per email.")
    for email, entry in daftar.items():
        key = str(email).strip().casefold()
        if not isinstance(entry, dict):
            ditolak[key] = f"{path}: isian untuk {email} harus berupa tabel (peran = ...); akun ini tidak diberi akses."
            continue
        hasil = _entry(key, entry.get("peran"), entry.get("kabkota"), str(path))
        if isinstance(hasil, str):
            ditolak[key] = hasil
        else:
            users[key] = hasil
    return Users(users, SUMBER_BERKAS, ditolak)


def load_users(path: Path) -> dict[str, Scope]:
    """The usable users of the file (see read_users_file)."""
    return dict(read_users_file(path).users)


def read_app_users(db: Path) -> Users | None:
    """The users list kept in the app's state beside the store `db`, or None while it has never been edited
    there (the file decides until then). An unreadable app state is a UsersFileError."""
    path = app_state.app_path(db)
    if not path.exists():
        return None
    con = duckdb.connect(":memory:")
    try:
        with cow.translated(path, writing=False):
            con.execute("attach ? as app (read_only)", [str(path)])
            con.execute("use app")
            if schema_version(con) > app_state.SCHEMA_VERSION:
                raise cow.too_new(path, schema_version(con), app_state.SCHEMA_VERSION)
            has = con.execute("select count(*) from duckdb_tables() where database_name = 'app' "
                              "and table_name = 'riwayat_pengguna'").fetchall()[0][0]
            # The history, not the list, says the page took over: a list emptied on the page stays empty.
            if not has or not con.execute("select count(*) from riwayat_pengguna").fetchall()[0][0]:
                return None
            rows = con.execute("select email, peran, kabkota from pengguna order by email").fetchall()
    except cow.StoreError as e:
        raise UsersFileError(f"Daftar pengguna di {path} tidak dapat dibaca: {e}") from e
    finally:
        con.close()
    users: dict[str, Scope] = {}
    ditolak: dict[str, str] = {}
    for email, peran, kabkota in rows:
        hasil = _entry(email, peran, kabkota, "Daftar pengguna aplikasi")
        if isinstance(hasil, str):
            ditolak[email] = hasil
        else:
            users[email] = hasil
    return Users(users, SUMBER_APLIKASI, ditolak)


def _identity(path: Path) -> tuple[int, int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_ino, st.st_mtime_ns, st.st_size


_cache: dict[tuple, Users] = {}
_cache_lock = threading.Lock()
_CACHE_SIZE = 16


def registry(path: Path, db: Path | None = None) -> Users:
    """The users list in force: the app's state beside store `db` once edited on the page, else the users
    file at `path` (`db` None: the file only). Cached by both files' identity, so a page run costs two stat()
    calls, and an edit or a changed file is seen on the next call."""
    path = Path(path)
    key = (str(path), _identity(path), str(db), app_state.version(Path(db)) if db is not None else None)
    with _cache_lock:
        found = _cache.get(key)
    if found is not None:
        return found
    users = (read_app_users(Path(db)) if db is not None else None) or read_users_file(path)
    with _cache_lock:
        if len(_cache) >= _CACHE_SIZE:
            _cache.clear()
        _cache[key] = users
    return users


def scope_for(email: str | None, path: Path, db: Path | None = None) -> Scope:
    """The scope of a signed-in email; NOBODY for an email not in the users list (or left out of it).
    `db`: the data store whose app state may hold the list (see `registry`)."""
    if not email:
        return NOBODY
    return registry(path, db).users.get(email.strip().casefold(), NOBODY)


def upt_name(path: Path) -> str:
    """The UPT's name for report headers: `[upt] nama = "..."` in the users file, else "UPT".

    A missing or unreadable file gives the default too: a report header is no reason to fail
    (the guard reports an invalid users file where it matters).
    """
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return "UPT"
    nama = (data.get("upt") or {}).get("nama")
    return str(nama).strip() if isinstance(nama, str) and nama.strip() else "UPT"

"""Users managed on the Pengguna page: add, change (role, kab/kota) and remove, each recorded in the history.

The users file (data/pengguna.toml) is the starting list. The first change made here imports it into the app's
state (store.app_state tables `pengguna`, `riwayat_pengguna`, one history row 'diimpor' per user) in the same
write; from then on the app's state is the list queries/scope.py reads and the file is no longer read. The
caller passes the starting list (queries.scope.registry(...).users, which already left out entries with an
unknown role or kab/kota code): this layer does not read the file itself.

A wali wilayah's kab/kota must be official codes (data/reference/kabkota.csv, what the store's `wilayah` is
built from); the list never loses its last admin. Messages are for people (Indonesian).
"""
from __future__ import annotations

import csv
import functools
import re
from collections.abc import Iterable, Mapping
from datetime import datetime
from pathlib import Path

import duckdb

from store import app_state, cow
from store.schema import REFERENCE_DIR
from vocab import ADMIN, PERAN_LABEL, ROLES, WALI_WILAYAH

# (peran, kabkota): kabkota is a tuple of codes for a wali wilayah, None for every other role.
Entry = tuple[str, "tuple[str, ...] | None"]

DIIMPOR, DITAMBAH, DIUBAH, DIHAPUS = "diimpor", "ditambah", "diubah", "dihapus"
# Letters, digits and the few signs addresses use: no Markdown, HTML or spaces can come in through an email.
_EMAIL = re.compile(r"^[a-z0-9][a-z0-9._%+'-]*@[a-z0-9-]+(\.[a-z0-9-]+)+$")


class UserError(ValueError):
    """A change that cannot be stored; the message says why, in Indonesian."""


@functools.cache
def _official() -> dict[str, str]:
    with open(REFERENCE_DIR / "kabkota.csv", encoding="utf-8") as f:
        return {r["kode_kabkota"]: r["nama_kabkota"] for r in csv.DictReader(f)}


def normal_email(email: str) -> str:
    """The stored form of an email (trimmed, casefolded), or UserError naming what was typed."""
    bersih = str(email or "").strip().casefold()
    if not bersih:
        raise UserError("Email pengguna wajib diisi.")
    if not _EMAIL.match(bersih):
        raise UserError(f"'{str(email).strip()}' bukan alamat email yang valid (mis. nama@bbgp-jabar.id).")
    return bersih


def check_entry(peran: str, kabkota: Iterable[str] | None) -> Entry:
    """The entry as stored, or UserError: an unknown role, a wali without kab/kota, an unknown code (named)."""
    if peran not in ROLES:
        raise UserError(f"Peran '{peran}' tidak dikenal. Pilihan: "
                        f"{', '.join(PERAN_LABEL[r] for r in ROLES)}.")
    if peran != WALI_WILAYAH:
        return peran, None
    kode = tuple(dict.fromkeys(str(k).strip() for k in (kabkota or ()) if str(k).strip()))
    if not kode:
        raise UserError("Pilih sedikitnya satu kab/kota untuk wali wilayah.")
    salah = [k for k in kode if k not in _official()]
    if salah:
        raise UserError(f"Kode kab/kota {', '.join(repr(k) for k in salah)} tidak ada di daftar kode resmi; "
                        "pilih kab/kota dari daftar.")
    return peran, tuple(sorted(kode))


def describe(peran: str, kabkota: Iterable[str] | None) -> str:
    """'Wali wilayah: 32.04, 32.17' / 'Admin', as the history shows it."""
    label = PERAN_LABEL.get(peran, peran)
    return f"{label}: {', '.join(kabkota)}" if peran == WALI_WILAYAH and kabkota is not None else label


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


def _take_over(con: duckdb.DuckDBPyConnection, starting: Mapping[str, Entry], oleh: str) -> None:
    """On the first change: the starting list (the users file) becomes the app's list, each user recorded."""
    if con.execute("select count(*) from riwayat_pengguna").fetchall()[0][0]:
        return
    now = _now()
    con.execute("delete from pengguna")
    for email, (peran, kabkota) in sorted(starting.items()):
        kode = list(kabkota) if peran == WALI_WILAYAH and kabkota is not None else None
        con.execute("insert into pengguna values (?, ?, ?, ?, ?)", [email, peran, kode, now, oleh])
        _record(con, now, oleh, email, DIIMPOR, None, describe(peran, kode))


def _record(con: duckdb.DuckDBPyConnection, when: datetime, oleh: str, email: str, tindakan: str,
            sebelum: str | None, sesudah: str | None) -> None:
    con.execute("""
        insert into riwayat_pengguna
        select coalesce(max(urutan), 0) + 1, ?, ?, ?, ?, ?, ? from riwayat_pengguna
    """, [when, oleh, email, tindakan, sebelum, sesudah])


def _current(con: duckdb.DuckDBPyConnection, email: str) -> Entry | None:
    row = next(iter(con.execute("select peran, kabkota from pengguna where email = ?", [email]).fetchall()), None)
    return None if row is None else (row[0], tuple(row[1]) if row[1] is not None else None)


def _keep_an_admin(con: duckdb.DuckDBPyConnection, email: str, had_admin: bool, apa: str) -> None:
    if had_admin and not _has_admin(con):
        raise UserError(f"{email} adalah admin terakhir: {apa} membuat dasbor tanpa admin. Tambahkan admin lain "
                        "dulu. Tidak ada yang berubah.")


def _has_admin(con: duckdb.DuckDBPyConnection) -> bool:
    return bool(con.execute("select count(*) from pengguna where peran = ?", [ADMIN]).fetchall()[0][0])


def _oleh(oleh: str) -> str:
    return str(oleh or "").strip() or "tidak diketahui"


def add_user(db: Path, email: str, peran: str, kabkota: Iterable[str] | None, *, oleh: str,
             starting: Mapping[str, Entry]) -> str:
    """Add a user; returns the confirmation. UserError for a bad entry or an email already listed."""
    email = normal_email(email)
    peran, kode = check_entry(peran, kabkota)
    oleh = _oleh(oleh)
    with app_state.write(Path(db)) as con:
        _take_over(con, starting, oleh)
        if _current(con, email) is not None:
            raise UserError(f"{email} sudah terdaftar; ubah peran atau kab/kotanya di bagian Ubah pengguna.")
        now = _now()
        con.execute("insert into pengguna values (?, ?, ?, ?, ?)",
                    [email, peran, list(kode) if kode is not None else None, now, oleh])
        _record(con, now, oleh, email, DITAMBAH, None, describe(peran, kode))
    return f"{email} ditambahkan sebagai {describe(peran, kode)}."


def change_user(db: Path, email: str, peran: str, kabkota: Iterable[str] | None, *, oleh: str,
                starting: Mapping[str, Entry]) -> str:
    """Change a listed user's role and kab/kota; returns the confirmation. The last admin cannot be demoted."""
    email = normal_email(email)
    peran, kode = check_entry(peran, kabkota)
    oleh = _oleh(oleh)
    with app_state.write(Path(db)) as con:
        _take_over(con, starting, oleh)
        lama = _current(con, email)
        if lama is None:
            raise UserError(f"{email} tidak ada di daftar pengguna.")
        if lama == (peran, kode):
            raise UserError(f"Tidak ada yang berubah: {email} sudah {describe(peran, kode)}.")
        had_admin = _has_admin(con)
        now = _now()
        con.execute("update pengguna set peran = ?, kabkota = ?, diubah_pada = ?, diubah_oleh = ? where email = ?",
                    [peran, list(kode) if kode is not None else None, now, oleh, email])
        _keep_an_admin(con, email, had_admin, "mengubah perannya")
        _record(con, now, oleh, email, DIUBAH, describe(*lama), describe(peran, kode))
    return f"{email} sekarang {describe(peran, kode)}."


def remove_user(db: Path, email: str, *, oleh: str, starting: Mapping[str, Entry]) -> str:
    """Remove a listed user; returns the confirmation. The last admin cannot be removed."""
    email = normal_email(email)
    oleh = _oleh(oleh)
    with app_state.write(Path(db)) as con:
        _take_over(con, starting, oleh)
        lama = _current(con, email)
        if lama is None:
            raise UserError(f"{email} tidak ada di daftar pengguna.")
        had_admin = _has_admin(con)
        con.execute("delete from pengguna where email = ?", [email])
        _keep_an_admin(con, email, had_admin, "menghapusnya")
        _record(con, _now(), oleh, email, DIHAPUS, describe(*lama), None)
    return f"{email} dihapus dari daftar pengguna."


def history(db: Path, batas: int = 500) -> list[dict[str, object]]:
    """The latest changes first (at most `batas`): waktu, oleh, email, tindakan, sebelum, sesudah."""
    path = app_state.app_path(Path(db))
    if not path.exists():
        return []
    con = duckdb.connect(":memory:")
    try:
        with cow.translated(path, writing=False):
            con.execute("attach ? as app (read_only)", [str(path)])
            con.execute("use app")
            if not con.execute("select count(*) from duckdb_tables() where database_name = 'app' "
                               "and table_name = 'riwayat_pengguna'").fetchall()[0][0]:
                return []
            cur = con.execute("""
                select waktu, oleh, email, tindakan, sebelum, sesudah from riwayat_pengguna
                order by urutan desc limit ?
            """, [int(batas)])
            cols = [d[0] for d in cur.description]
            return [dict(zip(cols, r)) for r in cur.fetchall()]
    finally:
        con.close()


def app_list(db: Path) -> dict[str, dict[str, object]]:
    """email -> {diubah_pada, diubah_oleh} of the app's list (empty before the first change)."""
    path = app_state.app_path(Path(db))
    if not path.exists():
        return {}
    con = duckdb.connect(":memory:")
    try:
        with cow.translated(path, writing=False):
            con.execute("attach ? as app (read_only)", [str(path)])
            con.execute("use app")
            if not con.execute("select count(*) from duckdb_tables() where database_name = 'app' "
                               "and table_name = 'pengguna'").fetchall()[0][0]:
                return {}
            rows = con.execute("select email, diubah_pada, diubah_oleh from pengguna").fetchall()
    finally:
        con.close()
    return {e: {"diubah_pada": t, "diubah_oleh": o} for e, t, o in rows}

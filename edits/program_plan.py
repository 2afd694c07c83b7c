"""The UPT's own programme: the editable plan (`rencana_program`, the guide's Lampiran month grid) and single
events typed in on the page (stored as `kegiatan_upt` rows with sumber_file 'input manual').

Both write through the copy-on-write store (one transaction per save). Messages are for people (Indonesian).
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path

import duckdb

from store import database
from vocab import JENIS_KEGIATAN_UPT

INPUT_MANUAL = "input manual"
_BULAN = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


class PlanError(ValueError):
    """Input that cannot be stored; the message says why, in Indonesian."""


def save_plan(db: Path, cells: Iterable[tuple[str, str, int | None]], oleh: str) -> int:
    """Store planned counts per (bulan 'YYYY-MM', jenis_kegiatan); 0 or empty removes the cell.
    Only the given cells change. Returns the number of cells stored with a plan > 0."""
    with database.write_transaction(Path(db)) as con:
        return write_plan(con, cells, oleh)


def write_plan(con: duckdb.DuckDBPyConnection, cells: Iterable[tuple[str, str, int | None]], oleh: str) -> int:
    """`save_plan` inside the caller's transaction."""
    rows = []
    for bulan, jenis, jumlah in cells:
        if not _BULAN.match(str(bulan)):
            raise PlanError(f"Bulan '{bulan}' tidak valid; tulis sebagai TTTT-BB (mis. 2022-08).")
        if jenis not in JENIS_KEGIATAN_UPT:
            raise PlanError(f"Jenis kegiatan '{jenis}' tidak dikenal. Pilihan: {', '.join(JENIS_KEGIATAN_UPT)}.")
        n = 0 if jumlah is None or jumlah != jumlah else int(jumlah)  # NaN from an emptied editor cell
        if n < 0:
            raise PlanError(f"Jumlah rencana {jenis} pada {bulan} tidak boleh negatif.")
        rows.append((str(bulan), jenis, n))
    now = datetime.now().replace(microsecond=0)
    for bulan, jenis, n in rows:
        con.execute("delete from rencana_program where bulan = ? and jenis_kegiatan = ?", [bulan, jenis])
        if n > 0:
            con.execute("insert into rencana_program values (?, ?, ?, ?, ?)", [bulan, jenis, n, now, oleh])
    return sum(1 for *_, n in rows if n > 0)


def add_event(db: Path, *, jenis_kegiatan: str, tanggal: date, nama_kegiatan: str | None = None,
              kode_kabkota: str | None = None, jumlah_peserta: int | None = None) -> str:
    """Store one UPT event typed in on the page; returns its id_kegiatan_upt (the loader's hash, so the same
    event arriving later in an export is recognised as already present)."""
    if jenis_kegiatan not in JENIS_KEGIATAN_UPT:
        raise PlanError(f"Jenis kegiatan '{jenis_kegiatan}' tidak dikenal. Pilihan: {', '.join(JENIS_KEGIATAN_UPT)}.")
    if not isinstance(tanggal, date):
        raise PlanError("Tanggal kegiatan wajib diisi.")
    if jumlah_peserta is not None and jumlah_peserta < 0:
        raise PlanError("Jumlah peserta tidak boleh negatif.")
    nama = (nama_kegiatan or "").strip() or None
    with database.write_transaction(Path(db)) as con:
        if kode_kabkota and not con.execute("select 1 from wilayah where kode_kabkota = ?", [kode_kabkota]).fetchall():
            raise PlanError(f"Kode kab/kota '{kode_kabkota}' tidak ada di daftar resmi.")
        ident = con.execute(
            "select md5(concat_ws('|', ?, coalesce(?, ''), strftime(?::date, '%Y-%m-%d'), coalesce(?, '')))",
            [jenis_kegiatan, nama, tanggal, kode_kabkota or None]).fetchall()[0][0]
        if con.execute("select 1 from kegiatan_upt where id_kegiatan_upt = ?", [ident]).fetchall():
            raise PlanError("Kegiatan yang sama (jenis, nama, tanggal, kab/kota) sudah tercatat.")
        baris = con.execute("select coalesce(max(sumber_baris), 1) + 1 from kegiatan_upt where sumber_file = ?",
                            [INPUT_MANUAL]).fetchall()[0][0]
        con.execute("insert into kegiatan_upt values (?, ?, ?, ?, ?, ?, ?, ?, ?)", [
            ident, jenis_kegiatan, nama, tanggal, kode_kabkota or None, jumlah_peserta, INPUT_MANUAL, baris,
            datetime.now().replace(microsecond=0)])
    return ident

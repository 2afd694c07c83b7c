"""The UPT's own programme: the editable plan (`rencana_program`, the guide's Lampiran month grid) and single
events typed in on the page (`kegiatan_upt_manual`; the queries show them with sumber_file 'input manual').

Both are the app's state (store.app_state): one small write per save. Messages are for people (Indonesian).
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path

from store import app_state, database
from vocab import JENIS_KEGIATAN_UPT

INPUT_MANUAL = "input manual"  # how the queries label events typed in on the page (queries/_kegiatan_upt.sql)
_BULAN = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


class PlanError(ValueError):
    """Input that cannot be stored; the message says why, in Indonesian."""


def save_plan(db: Path, cells: Iterable[tuple[str, str, int | None]], oleh: str) -> int:
    """Store planned counts per (bulan 'YYYY-MM', jenis_kegiatan); 0 or empty removes the cell.
    Only the given cells change. Returns the number of cells stored with a plan > 0."""
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
    with app_state.write(Path(db)) as con:
        for bulan, jenis, n in rows:
            con.execute("delete from rencana_program where bulan = ? and jenis_kegiatan = ?", [bulan, jenis])
            if n > 0:
                con.execute("insert into rencana_program values (?, ?, ?, ?, ?)", [bulan, jenis, n, now, oleh])
    return sum(1 for *_, n in rows if n > 0)


def add_event(db: Path, *, jenis_kegiatan: str, tanggal: date, nama_kegiatan: str | None = None,
              kode_kabkota: str | None = None, jumlah_peserta: int | None = None, oleh: str = "") -> str:
    """Store one UPT event typed in on the page; returns its id_kegiatan_upt (the loader's hash, so the same
    event arriving later in an export is recognised as already present and counted once)."""
    if jenis_kegiatan not in JENIS_KEGIATAN_UPT:
        raise PlanError(f"Jenis kegiatan '{jenis_kegiatan}' tidak dikenal. "
                        f"Pilihan: {', '.join(JENIS_KEGIATAN_UPT)}.")
    if not isinstance(tanggal, date):
        raise PlanError("Tanggal kegiatan wajib diisi.")
    if jumlah_peserta is not None and jumlah_peserta < 0:
        raise PlanError("Jumlah peserta tidak boleh negatif.")
    nama = (nama_kegiatan or "").strip() or None
    database.ensure_store(Path(db))
    ro = database.open_readonly(Path(db))
    try:
        if kode_kabkota and not ro.execute("select 1 from wilayah where kode_kabkota = ?", [kode_kabkota]).fetchall():
            raise PlanError(f"Kode kab/kota '{kode_kabkota}' tidak ada di daftar resmi.")
        ident = ro.execute(
            "select md5(concat_ws('|', ?, coalesce(?, ''), strftime(?::date, '%Y-%m-%d'), coalesce(?, '')))",
            [jenis_kegiatan, nama, tanggal, kode_kabkota or None]).fetchall()[0][0]
        loaded = ro.execute("select 1 from kegiatan_upt where id_kegiatan_upt = ?", [ident]).fetchall()
    finally:
        ro.close()
    with app_state.write(Path(db)) as con:
        if loaded or con.execute("select 1 from kegiatan_upt_manual where id_kegiatan_upt = ?", [ident]).fetchall():
            raise PlanError("Kegiatan yang sama (jenis, nama, tanggal, kab/kota) sudah tercatat.")
        con.execute("insert into kegiatan_upt_manual values (?, ?, ?, ?, ?, ?, ?, ?)", [
            ident, jenis_kegiatan, nama, tanggal, kode_kabkota or None, jumlah_peserta,
            datetime.now().replace(microsecond=0), oleh or "tidak diketahui"])
    return ident

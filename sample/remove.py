""""Hapus data contoh": empty a store that holds only the sample data, without a restart, and remember the choice
so that the next first-start check (ui/first_start.py) does not load the sample again.

The data store is emptied through the ordinary write path (store.database.write_transaction: lock, private copy,
verified swap) and the store it replaces is kept as a version, so Riwayat pemuatan can undo the step. The sample
programme plan (saved as "data contoh" in the app's state) is removed too; plans edited by people stay.
"""
from __future__ import annotations

from pathlib import Path

from sample.generate import FILE_NAMES, SAMPLE_CONTACTS_BY, SAMPLE_FORM_BY
from store import app_state, database
from store.meta import get_meta, set_meta

SAMPLE_REMOVED = "data_contoh_dihapus"  # meta key: "1" once an admin removed the sample from this store
SAMPLE_PLAN_BY = "data contoh"  # rencana_program.diubah_oleh of the sample plan (ensure_sample_store)
_KEPT = ("meta", "wilayah")  # bookkeeping and the official kab/kota list: a fresh store has them too


class NotOnlySample(ValueError):
    """The store holds more than the sample data (or none of it); the message says why, in Indonesian."""


def remove_sample(db: Path) -> int:
    """Empty the store if it holds only the sample data; returns the number of rows removed."""
    db = Path(db)
    removed = 0
    with database.write_transaction(db, tindakan="hapus_contoh") as con:
        if get_meta(con, "data_contoh") != "1":
            raise NotOnlySample("Penyimpanan ini tidak berisi data contoh; tidak ada yang dihapus.")
        others = sorted(r[0] for r in con.execute(
            "select distinct sumber_file from berkas where not list_contains(?, sumber_file)",
            [list(FILE_NAMES)]).fetchall())
        if others:  # emptying would discard the UPT's own files too
            daftar = ", ".join(others[:5]) + (f" dan {len(others) - 5} lainnya" if len(others) > 5 else "")
            raise NotOnlySample(
                f"Data contoh tidak dihapus: penyimpanan ini juga berisi berkas yang Anda muat ({daftar}). "
                "Pulihkan versi sebelum berkas itu dimuat di Riwayat pemuatan, atau muat ulang berkas Anda ke "
                "penyimpanan kosong.")
        tables = [t for (t,) in con.execute(
            "select table_name from duckdb_tables() where database_name = current_database() "
            "and schema_name = 'main' order by table_name").fetchall() if t not in _KEPT]
        for table in tables:
            removed += con.execute(f'select count(*) from "{table}"').fetchone()[0]
            con.execute(f'delete from "{table}"')
        for (key,) in con.execute("select kunci from meta where kunci like 'rollup_ditambahkan_%'").fetchall():
            set_meta(con, key, "0")  # as a fresh store: nothing appended out of order
        con.execute("delete from meta where kunci = 'data_contoh'")
        set_meta(con, SAMPLE_REMOVED, "1")
    with app_state.write(db) as app:
        app.execute("delete from rencana_program where diubah_oleh = ?", [SAMPLE_PLAN_BY])
        app.execute("delete from tanggapan where id_kontak in (select id from kontak where dicatat_oleh = ?)",
                    [SAMPLE_CONTACTS_BY])  # the sample contact log (sample.generate.sample_contacts)
        app.execute("delete from kontak where dicatat_oleh = ?", [SAMPLE_CONTACTS_BY])
        app.execute("delete from formulir_google where diubah_oleh = ?", [SAMPLE_FORM_BY])
    return removed


def sample_removed(db: Path) -> bool:
    """Whether an admin removed the sample data from this store (then it is never loaded again)."""
    con = database.open_readonly(Path(db))
    try:
        return get_meta(con, SAMPLE_REMOVED) == "1"
    finally:
        con.close()

"""Apply one parsed batch to the store — the step a load and a re-applied quarantine share.

`apply_batch` runs the kind's own pipeline (data_loaders/kinds) inside the caller's write transaction, then
drops its staging tables and records the corrections it made. The caller records the quarantine (a load
adds rows; re-applying updates the rows it re-ran) and classifies new reflections once per transaction.
"""
from __future__ import annotations

from collections.abc import Callable

import duckdb
import pandas as pd

from data_loaders.batch import Batch, Counts
from data_loaders.kinds import kegiatan, kegiatan_upt, komunitas, penggerak, refleksi, sekolah, survei_kebutuhan

APPLY: dict[str, Callable[[Batch], Counts]] = {
    "sekolah": sekolah.apply, "penggerak": penggerak.apply, "komunitas": komunitas.apply, "kegiatan": kegiatan.apply,
    "refleksi": refleksi.apply, "kegiatan_upt": kegiatan_upt.apply, "survei_kebutuhan": survei_kebutuhan.apply,
}


def apply_batch(batch: Batch) -> Counts:
    """Insert what the batch's rows can place; rejected rows stay in `batch` (quarantine_rows)."""
    counts = APPLY[batch.kind](batch)
    drop_temporaries(batch.con)
    record_corrections(batch.con, batch)
    return counts


def classify_reflections(con: duckdb.DuckDBPyConnection) -> None:
    # Imported late: the classifier pulls in scikit-learn, which loads without reflections never need.
    from data_loaders.themes import classify_pending

    classify_pending(con)


def drop_temporaries(con: duckdb.DuckDBPyConnection) -> None:
    """Staging tables/views of one file must not leak into the next (nor into the saved store)."""
    for (name,) in con.execute("select view_name from duckdb_views() where temporary and not internal").fetchall():
        con.execute(f'drop view "{name}"')
    for (name,) in con.execute("select table_name from duckdb_tables() where temporary").fetchall():
        con.execute(f'drop table "{name}"')


def record_quarantine(con: duckdb.DuckDBPyConnection, batch: Batch, rows: list[dict]) -> None:
    """Add quarantine entries; the same file, row and reason already quarantined is not added again."""
    if not rows:
        return
    frame = pd.DataFrame(rows)
    frame["jenis_data"], frame["sumber_file"], frame["dimuat_pada"] = batch.kind, batch.sumber_file, batch.now
    con.register("_karantina", frame)
    con.execute("""
        insert into karantina (jenis_data, sumber_file, sumber_baris, kolom, nilai, kode_alasan, alasan,
                               baris_json, dimuat_pada)
        select jenis_data, sumber_file, cast(sumber_baris as integer), kolom, nilai, kode_alasan, alasan,
               baris_json, cast(dimuat_pada as timestamp)
        from _karantina q
        where not exists (select 1 from karantina k
                          where k.sumber_file = q.sumber_file and k.sumber_baris = q.sumber_baris
                            and k.kode_alasan = q.kode_alasan and k.jenis_data = q.jenis_data)
    """)
    con.unregister("_karantina")


def record_corrections(con: duckdb.DuckDBPyConnection, batch: Batch) -> None:
    for k in batch.koreksi:
        con.execute("""
            insert into koreksi
            select ?, ?, ?, ?, ?, ?, ?
            where not exists (select 1 from koreksi where sumber_file = ? and kolom = ? and nilai_asli = ?
                              and nilai_baru = ? and metode = ?)
        """, [batch.sumber_file, k["kolom"], k["nilai_asli"], k["nilai_baru"], k["metode"], k["jumlah_baris"],
              batch.now, batch.sumber_file, k["kolom"], k["nilai_asli"], k["nilai_baru"], k["metode"]])


def resolve_earlier_quarantine(con: duckdb.DuckDBPyConnection, batch: Batch) -> None:
    """Rows of this file quarantined by an earlier load that now went in (e.g. after a new pemetaan)."""
    open_rows = con.execute(
        "select count(*) from karantina where sumber_file = ? and jenis_data = ? and diselesaikan_pada is null",
        [batch.sumber_file, batch.kind]).fetchall()[0][0]
    if not open_rows:
        return
    placed = pd.DataFrame({"sumber_baris": (batch.frame.index[batch.ok.to_numpy()] + 2).astype("int64")})
    con.register("_placed", placed)
    con.execute("""
        update karantina set diselesaikan_pada = ?
        where sumber_file = ? and jenis_data = ? and diselesaikan_pada is null
          and sumber_baris in (select sumber_baris from _placed)
    """, [batch.now, batch.sumber_file, batch.kind])
    con.unregister("_placed")

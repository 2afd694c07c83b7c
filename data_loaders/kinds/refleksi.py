"""Reflection forms (Bab 3, Google Forms, WIDE): one row per submission, one column per prompt ->
one `refleksi` row per non-empty answer, in two-month periods `YYYY-MM/MM`."""
from __future__ import annotations

from datetime import date

import pandas as pd

from data_loaders.batch import PROVENANCE_CASTS, Batch, Counts, provenance, stage
from data_loaders.communities import resolve_community
from data_loaders.headers import KOMPONEN


def periode(d: date) -> str:
    start = d.month if d.month % 2 else d.month - 1
    return f"{d.year}-{start:02d}/{start + 1:02d}"


def apply(batch: Batch) -> Counts:
    answered = [k for k in KOMPONEN if batch.has(k)]
    # The reflection date is `Tanggal Refleksi` when filled, else the submission time (each column read in its
    # own day/month order).
    given = batch.col("tanggal").notna()
    batch.reject(~given & batch.col("waktu_pengisian").isna(), "tanggal" if batch.has("tanggal") else "waktu_pengisian",
                 "nilai_wajib_kosong")
    tanggal = batch.dates("tanggal", where=given) if batch.has("tanggal") else None
    if batch.has("waktu_pengisian"):
        waktu = batch.dates("waktu_pengisian", where=~given)
        tanggal = waktu if tanggal is None else tanggal.where(given, waktu)
    komunitas = resolve_community(batch)
    has_answer = batch.frame[answered].notna().any(axis=1) if answered else pd.Series(False, index=batch.frame.index)
    batch.frame["_jawaban"] = None
    batch.header_of["_jawaban"] = "jawaban refleksi"
    batch.reject(~has_answer, "_jawaban", "nilai_wajib_kosong")
    ok = batch.ok
    wide = pd.DataFrame({"id_komunitas": komunitas[ok], "tanggal": tanggal[ok], **provenance(batch, ok)})
    wide["periode"] = wide["tanggal"].map(periode)
    for k in answered:
        wide[k] = batch.frame.loc[ok, k]
    long = wide.melt(id_vars=["id_komunitas", "tanggal", "periode", *PROVENANCE_CASTS], value_vars=answered,
                     var_name="komponen", value_name="jawaban")
    long = long[long["jawaban"].notna()]
    batch.tick("menyimpan baris")
    stage(batch.con, "_raw", long, {"id_komunitas": "varchar", "tanggal": "date", "periode": "varchar",
                                    "komponen": "varchar", "jawaban": "varchar", **PROVENANCE_CASTS})
    con = batch.con
    con.execute("""
        create or replace temp table _stage as
        select *, row_number() over (partition by id_refleksi order by sumber_baris) = 1
                  and id_refleksi not in (select id_refleksi from refleksi) as baru
        from (
            select md5(concat_ws('|', id_komunitas, strftime(tanggal, '%Y-%m-%d'), komponen, jawaban))
                       as id_refleksi, *
            from _raw
        )
    """)
    con.execute("""
        insert into refleksi
        select id_refleksi, id_komunitas, tanggal, periode, komponen, jawaban, sumber_file, sumber_baris, dimuat_pada
        from _stage where baru
    """)
    added = con.execute("select count(distinct sumber_baris) from _stage where baru").fetchall()[0][0]
    return Counts(ditambah=added, sudah_ada=int(ok.sum()) - added)

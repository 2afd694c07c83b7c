"""Penggerak list (Bab 1 §D): one row per belajar.id email, with the Pelatihan Mandiri topics done with
Aksi Nyata either as one Ya/Tidak column per topic or as one Google-Forms multi-select cell."""
from __future__ import annotations

import pandas as pd

from data_loaders import normalise as nz
from data_loaders.batch import (
    PROVENANCE_CASTS,
    PROVENANCE_COLUMNS,
    Batch,
    Counts,
    keep_known_numbers,
    provenance,
    stage,
    upsert,
)
from data_loaders.headers import TOPIC_COLUMNS


def apply(batch: Batch) -> Counts:
    batch.require("penggerak_email")
    email = nz.map_unique(batch.col("penggerak_email"), nz.clean_email)[0]
    batch.reject(email.notna() & ~email.fillna("").str.contains("@", regex=False), "penggerak_email",
                 "nilai_tidak_dikenal", pd.Series("bukan alamat email", index=email.index))
    kode, _ = batch.kabkota(required=False)
    batch.reject_kabkota(kode)
    akun = batch.parse("akun_belajar_id", nz.parse_bool, reject=False)
    wa = batch.phones("penggerak_wa")
    topics = {}
    if batch.has("topik_aksi_nyata"):
        cell = batch.col("topik_aksi_nyata")
        found, _ = nz.map_unique(cell, nz.topics_in)
        for column in TOPIC_COLUMNS:
            # An empty multi-select cell means no topic was ticked.
            topics[column] = found.map(lambda s, c=column: c in s if isinstance(s, set) else False)
    for column in TOPIC_COLUMNS:
        if batch.has(column):
            topics[column] = batch.parse(column, nz.parse_bool, reject=False)
        topics.setdefault(column, pd.Series([None] * len(batch.frame), index=batch.frame.index, dtype=object))
    ok = batch.ok
    frame = pd.DataFrame({
        "penggerak_email": email[ok], "penggerak_nama": batch.col("penggerak_nama")[ok], "kode_kabkota": kode[ok],
        "akun_belajar_id": akun[ok], **{c: topics[c][ok] for c in TOPIC_COLUMNS}, "penggerak_wa": wa[ok],
        **provenance(batch, ok),
    })
    casts = {"penggerak_email": "varchar", "penggerak_nama": "varchar", "kode_kabkota": "varchar",
             "akun_belajar_id": "boolean", **{c: "boolean" for c in TOPIC_COLUMNS}, "penggerak_wa": "varchar",
             **PROVENANCE_CASTS}
    batch.tick("menyimpan baris")
    stage(batch.con, "_stage", frame, casts)
    keep_known_numbers(batch.con, "penggerak", "penggerak_email", ("penggerak_wa",))
    data = ["penggerak_nama", "kode_kabkota", "akun_belajar_id", *TOPIC_COLUMNS, "penggerak_wa"]
    return upsert(batch.con, "penggerak", "penggerak_email", "_stage", data, PROVENANCE_COLUMNS)

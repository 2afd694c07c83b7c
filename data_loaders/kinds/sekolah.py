"""IKM school list (Bab 2 §A): a registry keyed by NPSN."""
from __future__ import annotations

import pandas as pd

from data_loaders import normalise as nz
from data_loaders.batch import PROVENANCE_CASTS, PROVENANCE_COLUMNS, Batch, Counts, provenance, stage, upsert


def apply(batch: Batch) -> Counts:
    batch.require("npsn")
    npsn = nz.map_unique(batch.col("npsn"), nz.clean_id)[0]
    batch.reject(nz.map_unique(batch.col("npsn"), nz.is_scientific_id)[0].fillna(False), "npsn",
                 "nilai_tidak_dikenal", pd.Series(nz.SCIENTIFIC_ID_DETAIL, index=batch.frame.index))
    kode, _ = batch.kabkota(required=True)
    batch.reject_kabkota(kode)
    jenjang = batch.parse("jenjang", nz.parse_jenjang, reject=False)
    jalur = batch.parse("jalur_ikm", nz.parse_jalur_ikm, reject=False)
    ok = batch.ok
    frame = pd.DataFrame({
        "npsn": npsn[ok], "nama_sekolah": batch.col("nama_sekolah")[ok], "jenjang": jenjang[ok],
        "kode_kabkota": kode[ok], "jalur_ikm": jalur[ok], **provenance(batch, ok),
    })
    batch.tick("menyimpan baris")
    stage(batch.con, "_stage", frame, {"npsn": "varchar", "nama_sekolah": "varchar", "jenjang": "varchar",
                                       "kode_kabkota": "varchar", "jalur_ikm": "varchar", **PROVENANCE_CASTS})
    return upsert(batch.con, "sekolah", "npsn", "_stage",
                  ["nama_sekolah", "jenjang", "kode_kabkota", "jalur_ikm"], PROVENANCE_COLUMNS)

"""Community registry (PMM dashboard export): keyed by `id_komunitas`, or a stable id derived from
kab/kota + normalised name when the export has none."""
from __future__ import annotations

import hashlib

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
from data_loaders.communities import merged_ids
from store import rollup


def derived_id(kode_kabkota: str, nama_normal: str) -> str:
    return "KB-" + hashlib.sha1(f"{kode_kabkota}|{nama_normal}".encode()).hexdigest()[:12]


def apply(batch: Batch) -> Counts:
    batch.require("nama_komunitas")
    npsn = nz.map_unique(batch.col("npsn"), nz.clean_id)[0]
    kode, cands = batch.kabkota(required=True)
    kode = _settle_by_school(batch, kode, cands, npsn)
    batch.reject_kabkota(kode)
    batch.reject(nz.map_unique(batch.col("id_komunitas"), nz.is_scientific_id)[0].fillna(False), "id_komunitas",
                 "nilai_tidak_dikenal", pd.Series(nz.SCIENTIFIC_ID_DETAIL, index=batch.frame.index))
    npsn = batch.parse("npsn", nz.parse_id, reject=False)  # `2.02E+07` names no school: dropped, row kept
    jenis = batch.parse("jenis", nz.parse_jenis)
    terdaftar = batch.dates("tanggal_terdaftar")
    jenjang = batch.parse("jenjang", nz.parse_jenjang, reject=False)
    anggota = batch.counts("jumlah_anggota")
    pmm = batch.parse("terdaftar_pmm", nz.parse_bool, reject=False)
    normal, _ = nz.map_unique(batch.col("nama_komunitas"), nz.normal_text)
    ok = batch.ok
    given = nz.map_unique(batch.col("id_komunitas"), nz.clean_id)[0]
    ids = given.copy()
    missing = ok & ids.isna()
    ids[missing] = [derived_id(k, n) for k, n in zip(kode[missing], normal[missing])]
    # A registration a user merged into another community stays merged: the kept one has its own row.
    merged = ok & ids.isin(list(merged_ids(batch.con)))
    ok = ok & ~merged
    email = batch.parse("penggerak_email", nz.parse_email, reject=False)  # not an address: dropped
    wa = batch.phones("penggerak_wa")
    wa_narahubung = batch.phones("narahubung_wa")
    frame = pd.DataFrame({
        "id_komunitas": ids[ok], "nama_komunitas": batch.col("nama_komunitas")[ok], "nama_normal": normal[ok],
        "jenis": jenis[ok], "npsn": npsn[ok], "kode_kabkota": kode[ok], "jenjang": jenjang[ok],
        "penggerak_nama": batch.col("penggerak_nama")[ok], "penggerak_email": email[ok],
        "jumlah_anggota": anggota[ok], "tanggal_terdaftar": terdaftar[ok], "terdaftar_pmm": pmm[ok],
        "penggerak_wa": wa[ok], "narahubung_wa": wa_narahubung[ok], **provenance(batch, ok),
    })
    casts = {"id_komunitas": "varchar", "nama_komunitas": "varchar", "nama_normal": "varchar", "jenis": "varchar",
             "npsn": "varchar", "kode_kabkota": "varchar", "jenjang": "varchar", "penggerak_nama": "varchar",
             "penggerak_email": "varchar", "jumlah_anggota": "integer", "tanggal_terdaftar": "date",
             "terdaftar_pmm": "boolean", "penggerak_wa": "varchar", "narahubung_wa": "varchar", **PROVENANCE_CASTS}
    batch.tick("menyimpan baris")
    stage(batch.con, "_stage", frame, casts)
    keep_known_numbers(batch.con, "komunitas", "id_komunitas", ("penggerak_wa", "narahubung_wa"))
    data = [c for c in casts if c not in ("id_komunitas", *PROVENANCE_COLUMNS)]
    counts = upsert(batch.con, "komunitas", "id_komunitas", "_stage", data, PROVENANCE_COLUMNS)
    rollup.refresh_penggerak(batch.con, "_stage")  # its penggerak summary, in the same transaction
    counts.sudah_ada += int(merged.sum())
    return counts


def _settle_by_school(batch: Batch, kode: pd.Series, cands: pd.Series, npsn: pd.Series) -> pd.Series:
    """A bare ambiguous kab/kota (`Bandung`) is settled by the kab/kota of the community's school."""
    open_rows = kode.isna() & cands.notna() & npsn.notna()
    if not open_rows.any():
        return kode
    school = dict(batch.con.execute("select npsn, kode_kabkota from sekolah").fetchall())
    settled = [school.get(n) if school.get(n) in c else None for n, c in zip(npsn[open_rows], cands[open_rows])]
    kode = kode.copy()
    kode[open_rows] = settled
    return kode

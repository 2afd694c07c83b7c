"""Community activities (PMM export or Google Forms): one row per meeting, deduplicated on
(community, date, normalised topic) — the same meeting submitted twice counts once, across files too."""
from __future__ import annotations

import pandas as pd

from data_loaders import normalise as nz
from data_loaders import topik
from data_loaders.batch import PROVENANCE_CASTS, Batch, Counts, insert_new, provenance, stage
from data_loaders.communities import resolve_community
from store import rollup

COLUMNS = ["id_kegiatan", "id_komunitas", "tanggal", "durasi_menit", "topik", "bentuk", "moda", "jumlah_peserta",
           "tautan_dokumentasi", "sumber_file", "sumber_baris", "dimuat_pada"]


def apply(batch: Batch) -> Counts:
    batch.require("tanggal")
    tanggal = batch.dates("tanggal")
    komunitas = resolve_community(batch)
    durasi = batch.durations("durasi_menit", komunitas)  # after the community: `2 JP` needs its jenjang
    bentuk = batch.parse("bentuk", nz.parse_bentuk, reject=False)
    moda = batch.parse("moda", nz.parse_moda, reject=False)
    peserta = batch.counts("jumlah_peserta")
    topik_normal, _ = nz.map_unique(batch.col("topik"), nz.normal_text)
    ok = batch.ok
    frame = pd.DataFrame({
        "id_komunitas": komunitas[ok], "tanggal": tanggal[ok], "durasi_menit": durasi[ok],
        "topik": batch.col("topik")[ok], "topik_normal": topik_normal[ok], "bentuk": bentuk[ok], "moda": moda[ok],
        "jumlah_peserta": peserta[ok], "tautan_dokumentasi": batch.col("tautan_dokumentasi")[ok],
        **provenance(batch, ok),
    })
    batch.tick("menyimpan baris")
    # A table, not a view: the hash is computed once for the insert and the rollup refresh, in the same pass
    # as the typing (a second million-row table cost a third of a second).
    stage(batch.con, "_stage", frame, {
        "id_komunitas": "varchar", "tanggal": "date", "durasi_menit": "integer", "topik": "varchar",
        "topik_normal": "varchar", "bentuk": "varchar", "moda": "varchar", "jumlah_peserta": "integer",
        "tautan_dokumentasi": "varchar", **PROVENANCE_CASTS,
    }, derived={"id_kegiatan": "md5(id_komunitas || '|' || strftime(tanggal, '%Y-%m-%d') || '|' || "
                               "coalesce(topik_normal, ''))"})
    added = insert_new(batch.con, "kegiatan", ["id_kegiatan"], "_stage", COLUMNS, within="tanggal", inserted="_baru")
    rollup.add_inserted(batch.con, "_baru")  # merged from the inserted rows, without re-reading kegiatan
    topik.tambah(batch.con, "_stage")  # new topics get their RTL theme in the same transaction
    return Counts(ditambah=added, sudah_ada=int(ok.sum()) - added)

"""UPT programme events (the guide's Lampiran). An attendance export has one row per participant:
rows collapse into one `kegiatan_upt` row per event plus `kehadiran_upt` rows."""
from __future__ import annotations

import pandas as pd

from data_loaders import normalise as nz
from data_loaders.batch import PROVENANCE_CASTS, Batch, Counts, provenance, stage


def apply(batch: Batch) -> Counts:
    batch.require("jenis_kegiatan")
    jenis = batch.parse("jenis_kegiatan", nz.parse_jenis_kegiatan)
    batch.require("tanggal")
    tanggal = batch.dates("tanggal")
    kode, _ = batch.kabkota(required=False)
    batch.reject_kabkota(kode)
    peserta = batch.counts("jumlah_peserta", limit=nz.MAX_EVENT_COUNT)
    email = batch.parse("penggerak_email", nz.parse_email, reject=False)  # not an address: dropped
    ok = batch.ok
    frame = pd.DataFrame({
        "jenis_kegiatan": jenis[ok], "nama_kegiatan": batch.col("nama_kegiatan")[ok], "tanggal": tanggal[ok],
        "kode_kabkota": kode[ok], "jumlah_peserta": peserta[ok], "penggerak_email": email[ok],
        **provenance(batch, ok),
    })
    con = batch.con
    batch.tick("menyimpan baris")
    stage(con, "_raw", frame, {"jenis_kegiatan": "varchar", "nama_kegiatan": "varchar", "tanggal": "date",
                               "kode_kabkota": "varchar", "jumlah_peserta": "integer",
                               "penggerak_email": "varchar", **PROVENANCE_CASTS})
    con.execute("""
        create or replace temp table _stage as
        select md5(concat_ws('|', jenis_kegiatan, coalesce(nama_kegiatan, ''), strftime(tanggal, '%Y-%m-%d'),
                             coalesce(kode_kabkota, ''))) as id_kegiatan_upt, *
        from _raw
    """)
    # A row is new when its attendance (or, without an email, its event) is not in the store yet.
    con.execute("""
        create or replace temp table _rows as
        select s.sumber_baris,
               row_number() over (partition by s.id_kegiatan_upt, s.penggerak_email order by s.sumber_baris) = 1
               and case when s.penggerak_email is null
                        then s.id_kegiatan_upt not in (select id_kegiatan_upt from kegiatan_upt)
                        else not exists (select 1 from kehadiran_upt k where k.id_kegiatan_upt = s.id_kegiatan_upt
                                         and k.penggerak_email = s.penggerak_email) end as baru
        from _stage s
    """)
    con.execute("""
        insert into kegiatan_upt
        select id_kegiatan_upt, any_value(jenis_kegiatan), any_value(nama_kegiatan), any_value(tanggal),
               any_value(kode_kabkota),
               coalesce(max(jumlah_peserta), nullif(count(distinct penggerak_email), 0)),
               any_value(sumber_file), min(sumber_baris), any_value(dimuat_pada)
        from _stage
        where id_kegiatan_upt not in (select id_kegiatan_upt from kegiatan_upt)
        group by id_kegiatan_upt
    """)
    con.execute("""
        insert into kehadiran_upt
        select id_kegiatan_upt, penggerak_email, any_value(sumber_file), min(sumber_baris), any_value(dimuat_pada)
        from _stage s
        where penggerak_email is not null and not exists (
            select 1 from kehadiran_upt k
            where k.id_kegiatan_upt = s.id_kegiatan_upt and k.penggerak_email = s.penggerak_email)
        group by id_kegiatan_upt, penggerak_email
    """)
    # Without a given participant count, an event's count is its attendance (which may grow across files).
    con.execute("""
        update kegiatan_upt u set jumlah_peserta = (
            select count(*) from kehadiran_upt k where k.id_kegiatan_upt = u.id_kegiatan_upt)
        where u.id_kegiatan_upt in (
            select id_kegiatan_upt from _stage group by id_kegiatan_upt
            having max(jumlah_peserta) is null and count(penggerak_email) > 0)
    """)
    added = con.execute("select count(*) from _rows where baru").fetchall()[0][0]
    return Counts(ditambah=added, sudah_ada=int(ok.sum()) - added)

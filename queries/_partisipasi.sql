-- Partial: participation per community in scope (issue 17 item 2; docs/ATURAN.md "Partisipasi"), for
-- partisipasi and partisipasi_kabkota. One row per community of _komunitas (also those without an activity).
-- Parameters: $dari, $sampai (DATE, inclusive), $kabkota (VARCHAR[] or NULL), $jenis, $jenjang (NULL = no filter).
-- * kegiatan: the community's activities dated in the period (already one per community, date and topic: the
--   loader's dedup key); kegiatan_berpeserta: those with jumlah_peserta > 0 (NULL or 0 = not counted);
-- * median_peserta: median jumlah_peserta of the counted activities (the mean of the two middle ones for an even
--   number), NULL when none; jumlah_anggota NULL or 0 = unknown;
-- * persen_partisipasi = 100 * median_peserta / jumlah_anggota, capped at 100 (guests may come, the member count
--   may be stale: peserta_melebihi_anggota says so), NULL when either is unknown;
-- * partisipasi_rendah: persen_partisipasi < 50 with >= 3 counted activities; NULL when that cannot be judged.
with

komunitas_lingkup as (
{{ _komunitas }}
),

kegiatan_periode as (
    select
        g.id_komunitas,
        count(*) as jumlah_kegiatan,
        count(*) filter (where g.jumlah_peserta > 0) as kegiatan_berpeserta,
        median(g.jumlah_peserta) filter (where g.jumlah_peserta > 0) as median_peserta
    from kegiatan as g
    where g.tanggal between $dari::date and $sampai::date
        and g.id_komunitas in (select id_komunitas from komunitas_lingkup)
    group by g.id_komunitas
),

final as (
    select
        k.id_komunitas,
        k.nama_komunitas,
        k.jenis,
        k.kode_kabkota,
        k.kabkota,
        k.jenjang,
        case when a.jumlah_anggota > 0 then a.jumlah_anggota end as jumlah_anggota,
        coalesce(g.jumlah_kegiatan, 0) as jumlah_kegiatan,
        coalesce(g.kegiatan_berpeserta, 0) as kegiatan_berpeserta,
        g.median_peserta
    from komunitas_lingkup as k
    inner join komunitas as a on a.id_komunitas = k.id_komunitas
    left join kegiatan_periode as g on g.id_komunitas = k.id_komunitas
),

rasio as (
    select
        f.*,
        100.0 * f.median_peserta / f.jumlah_anggota as rasio_mentah
    from final as f
)

select
    id_komunitas,
    nama_komunitas,
    jenis,
    kode_kabkota,
    kabkota,
    jenjang,
    jumlah_anggota,
    jumlah_kegiatan,
    kegiatan_berpeserta,
    round(100.0 * kegiatan_berpeserta / nullif(jumlah_kegiatan, 0), 1) as persen_kegiatan_berpeserta,
    round(median_peserta, 1) as median_peserta,
    round(case when rasio_mentah > 100.0 then 100.0 else rasio_mentah end, 1) as persen_partisipasi,  -- least() skips NULL
    rasio_mentah > 100.0 as peserta_melebihi_anggota,
    case
        when kegiatan_berpeserta >= 3 and rasio_mentah is not null then rasio_mentah < 50.0
    end as partisipasi_rendah
from rasio

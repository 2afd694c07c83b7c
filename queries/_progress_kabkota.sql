-- Partial: progress per kab/kota (METRICS §5) plus komunitas_dievaluasi (communities with at least one
-- evaluated week, the denominator of the weekly rule), for progress_kabkota and headline.
-- One row per kab/kota with at least one community or IKM school in scope.
-- Parameters: $dari, $sampai (DATE, inclusive), $kabkota (VARCHAR[] or NULL), $jenis, $jenjang
--   (NULL = no filter), $ambang, $libur (for the weekly rule).
-- Filters: $jenis and $jenjang (the community's own) select communities; school counts use the
-- school's jenjang and ignore $jenis; which school is covered: _sekolah_ikm.
-- komunitas_aktif_4_minggu: >= 1 activity in the 4 complete weeks ending with the period's last
-- complete week, whatever $dari is.
with

aturan as (
{{ _weekly_rule }}
),

aktif_4_minggu as (
{{ _aktif_4_minggu }}
),

refleksi_periode as (
    select distinct
        r.id_komunitas,
        r.periode
    from refleksi as r
    where r.tanggal between $dari::date and $sampai::date
),

per_komunitas as (
    select
        a.kode_kabkota,
        count(*) as jumlah_komunitas,
        count(*) filter (where a.jenis = 'dalam_sekolah') as komunitas_dalam_sekolah,
        count(*) filter (where a.jenis = 'antar_sekolah') as komunitas_antar_sekolah,
        count(*) filter (where a.jenis = 'daring_pmm') as komunitas_daring_pmm,
        count(*) filter (where a.terdaftar_pmm) as terdaftar_pmm,
        count(*) filter (where a4.id_komunitas is not null) as komunitas_aktif_4_minggu,
        count(*) filter (where a.minggu_dievaluasi > 0) as komunitas_dievaluasi,
        avg(100.0 * a.minggu_terpenuhi / nullif(a.minggu_dievaluasi, 0)) filter (where a.minggu_dievaluasi > 0)
            as rata_persen_terpenuhi,
        count(*) filter (where a.memenuhi_aturan) as komunitas_memenuhi_aturan
    from aturan as a
    left join aktif_4_minggu as a4 on a4.id_komunitas = a.id_komunitas
    group by a.kode_kabkota
),

refleksi_kabkota as (
    select
        k.kode_kabkota,
        count(*) as jumlah_refleksi
    from refleksi_periode as r
    inner join aturan as k on k.id_komunitas = r.id_komunitas
    group by k.kode_kabkota
),

ikm as (
{{ _sekolah_ikm }}
),

per_sekolah as (
    select
        s.kode_kabkota,
        count(*) as sekolah_ikm,
        count(*) filter (where s.berkombel) as sekolah_ikm_dengan_kombel
    from ikm as s
    group by s.kode_kabkota
),

kabkota_lingkup as (
    select kode_kabkota from per_komunitas
    union
    select kode_kabkota from per_sekolah
),

final as (
    select
        kl.kode_kabkota,
        w.kabkota,
        w.kode_provinsi,
        w.provinsi,
        coalesce(pk.jumlah_komunitas, 0) as jumlah_komunitas,
        coalesce(pk.komunitas_dalam_sekolah, 0) as komunitas_dalam_sekolah,
        coalesce(pk.komunitas_antar_sekolah, 0) as komunitas_antar_sekolah,
        coalesce(pk.komunitas_daring_pmm, 0) as komunitas_daring_pmm,
        coalesce(pk.terdaftar_pmm, 0) as terdaftar_pmm,
        coalesce(pk.komunitas_aktif_4_minggu, 0) as komunitas_aktif_4_minggu,
        coalesce(pk.komunitas_dievaluasi, 0) as komunitas_dievaluasi,
        round(100.0 * pk.komunitas_aktif_4_minggu / nullif(pk.jumlah_komunitas, 0), 1) as persen_aktif_4_minggu,
        round(pk.rata_persen_terpenuhi, 1) as rata_persen_terpenuhi,
        coalesce(pk.komunitas_memenuhi_aturan, 0) as komunitas_memenuhi_aturan,
        coalesce(ps.sekolah_ikm, 0) as sekolah_ikm,
        coalesce(ps.sekolah_ikm_dengan_kombel, 0) as sekolah_ikm_dengan_kombel,
        round(100.0 * ps.sekolah_ikm_dengan_kombel / nullif(ps.sekolah_ikm, 0), 1) as persen_cakupan_ikm,
        coalesce(rk.jumlah_refleksi, 0) as jumlah_refleksi
    from kabkota_lingkup as kl
    left join wilayah as w on w.kode_kabkota = kl.kode_kabkota
    left join per_komunitas as pk on pk.kode_kabkota = kl.kode_kabkota
    left join per_sekolah as ps on ps.kode_kabkota = kl.kode_kabkota
    left join refleksi_kabkota as rk on rk.kode_kabkota = kl.kode_kabkota
)

select
    kode_kabkota,
    kabkota,
    kode_provinsi,
    provinsi,
    jumlah_komunitas,
    komunitas_dalam_sekolah,
    komunitas_antar_sekolah,
    komunitas_daring_pmm,
    terdaftar_pmm,
    komunitas_aktif_4_minggu,
    komunitas_dievaluasi,
    persen_aktif_4_minggu,
    rata_persen_terpenuhi,
    komunitas_memenuhi_aturan,
    sekolah_ikm,
    sekolah_ikm_dengan_kombel,
    persen_cakupan_ikm,
    jumlah_refleksi
from final

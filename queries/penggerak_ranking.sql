-- penggerak_ranking: "aktif belajar dan berbagi" (Bab 2 §B.6, METRICS §7), to choose participants for
-- offline upgrading. One row per penggerak in scope (queries/_penggerak.sql), best first.
-- Parameters: $dari, $sampai (DATE, inclusive), $kabkota (VARCHAR[] or NULL), $jenis, $jenjang, $ambang,
--   $libur (as weekly_rule), and the weights $bobot_kegiatan, $bobot_berbagi, $bobot_aturan, $bobot_upt,
--   $bobot_pengimbasan (DOUBLE; negative counts as 0; all 0 = no score; default 1 each, so the CLI and
--   snapshots give the equal-weight ranking).
-- @default bobot_kegiatan: 1.0
-- @default bobot_berbagi: 1.0
-- @default bobot_aturan: 1.0
-- @default bobot_upt: 1.0
-- @default bobot_pengimbasan: 1.0
--
-- Components, over the communities in scope the penggerak leads (komunitas.penggerak_email):
--   kegiatan_difasilitasi   activities of those communities dated in the period
--   kegiatan_berbagi        of which bentuk = 'berbagi praktik baik'
--   rata_persen_terpenuhi   mean unrounded weekly-rule ratio x 100 of those communities with
--                           minggu_dievaluasi > 0 (queries/weekly_rule.sql); NULL when none
--   kegiatan_upt_dihadiri   distinct UPT events (kegiatan_upt) dated in the period they attended (kehadiran_upt)
--   sudah_mengimbaskan      pengimbasan (Bab 2 §B.8.c): attended a 'peningkatan kapasitas luring' event dated on
--                           or before $sampai, and since (after the first such event, up to $sampai) facilitated
--                           at least one activity in a community they lead; NULL when they attended none
-- Normalised to 0..1 over the penggerak in scope: n_x = x / max(x) (0 when max = 0); n_aturan = mean % / 100;
-- n_pengimbasan = 1 if sudah_mengimbaskan else 0.
-- skor = 100 x (Σ bobot_i x n_i) / (Σ bobot_i), one decimal (NULL when every weight is 0).
-- peringkat = rank by skor (ties share a rank); ties are listed by more activities, then name.
with

penggerak_lingkup as (
{{ _penggerak }}
),

komunitas_lingkup as (
{{ _komunitas }}
),

aturan as (
{{ weekly_rule }}
),

komunitas_penggerak as (
    select
        lower(trim(k.penggerak_email)) as penggerak_email,
        k.id_komunitas
    from komunitas_lingkup as k
    where nullif(trim(k.penggerak_email), '') is not null
),

kegiatan_penggerak as (
    select
        kp.penggerak_email,
        count(*) filter (where g.tanggal between $dari::date and $sampai::date) as kegiatan_difasilitasi,
        count(*) filter (where g.tanggal between $dari::date and $sampai::date
                         and g.bentuk = 'berbagi praktik baik') as kegiatan_berbagi
    from komunitas_penggerak as kp
    inner join kegiatan as g on g.id_komunitas = kp.id_komunitas
    group by kp.penggerak_email
),

aturan_penggerak as (
    select
        kp.penggerak_email,
        avg(100.0 * a.minggu_terpenuhi / a.minggu_dievaluasi) filter (where a.minggu_dievaluasi > 0)
            as rata_persen_terpenuhi
    from komunitas_penggerak as kp
    inner join aturan as a on a.id_komunitas = kp.id_komunitas
    group by kp.penggerak_email
),

hadir_upt as (
    select
        h.penggerak_email,
        count(distinct u.id_kegiatan_upt) filter (where u.tanggal between $dari::date and $sampai::date)
            as kegiatan_upt_dihadiri,
        min(u.tanggal) filter (where u.jenis_kegiatan = 'peningkatan kapasitas luring'
                               and u.tanggal <= $sampai::date) as ikut_luring_pada
    from kehadiran_upt as h
    inner join kegiatan_upt as u on u.id_kegiatan_upt = h.id_kegiatan_upt
    group by h.penggerak_email
),

imbas as (
    select
        kp.penggerak_email,
        count(*) as kegiatan_setelah_luring
    from komunitas_penggerak as kp
    inner join hadir_upt as h on h.penggerak_email = kp.penggerak_email
    inner join kegiatan as g on g.id_komunitas = kp.id_komunitas
    where g.tanggal > h.ikut_luring_pada and g.tanggal <= $sampai::date
    group by kp.penggerak_email
),

komponen as (
    select
        p.penggerak_email,
        p.penggerak_nama,
        p.kode_kabkota,
        p.kabkota,
        p.jumlah_komunitas,
        coalesce(k.kegiatan_difasilitasi, 0) as kegiatan_difasilitasi,
        coalesce(k.kegiatan_berbagi, 0) as kegiatan_berbagi,
        a.rata_persen_terpenuhi,
        coalesce(h.kegiatan_upt_dihadiri, 0) as kegiatan_upt_dihadiri,
        h.ikut_luring_pada,
        case when h.ikut_luring_pada is not null then coalesce(i.kegiatan_setelah_luring, 0) end
            as kegiatan_setelah_luring,
        p.layak_daftar_pmm,
        p.memenuhi_kriteria_umum
    from penggerak_lingkup as p
    left join kegiatan_penggerak as k on k.penggerak_email = p.penggerak_email
    left join aturan_penggerak as a on a.penggerak_email = p.penggerak_email
    left join hadir_upt as h on h.penggerak_email = p.penggerak_email
    left join imbas as i on i.penggerak_email = p.penggerak_email
),

normal as (
    select
        c.*,
        c.kegiatan_setelah_luring > 0 as sudah_mengimbaskan,
        coalesce(c.kegiatan_difasilitasi / nullif(max(c.kegiatan_difasilitasi) over (), 0), 0) as n_kegiatan,
        coalesce(c.kegiatan_berbagi / nullif(max(c.kegiatan_berbagi) over (), 0), 0) as n_berbagi,
        coalesce(c.rata_persen_terpenuhi / 100.0, 0) as n_aturan,
        coalesce(c.kegiatan_upt_dihadiri / nullif(max(c.kegiatan_upt_dihadiri) over (), 0), 0) as n_upt,
        case when c.kegiatan_setelah_luring > 0 then 1.0 else 0.0 end as n_pengimbasan
    from komponen as c
),

bobot as (
    select
        greatest($bobot_kegiatan::double, 0) as kegiatan,
        greatest($bobot_berbagi::double, 0) as berbagi,
        greatest($bobot_aturan::double, 0) as aturan,
        greatest($bobot_upt::double, 0) as upt,
        greatest($bobot_pengimbasan::double, 0) as pengimbasan
),

skor as (
    select
        n.*,
        round(100.0 * (b.kegiatan * n.n_kegiatan + b.berbagi * n.n_berbagi + b.aturan * n.n_aturan
                       + b.upt * n.n_upt + b.pengimbasan * n.n_pengimbasan)
              / nullif(b.kegiatan + b.berbagi + b.aturan + b.upt + b.pengimbasan, 0), 1) as skor
    from normal as n, bobot as b
),

final as (
    select
        rank() over (order by skor desc nulls last) as peringkat,
        penggerak_email,
        penggerak_nama,
        kode_kabkota,
        kabkota,
        jumlah_komunitas,
        kegiatan_difasilitasi,
        kegiatan_berbagi,
        round(rata_persen_terpenuhi, 1) as rata_persen_terpenuhi,
        kegiatan_upt_dihadiri,
        ikut_luring_pada,
        kegiatan_setelah_luring,
        sudah_mengimbaskan,
        round(n_kegiatan, 3) as n_kegiatan,
        round(n_berbagi, 3) as n_berbagi,
        round(n_aturan, 3) as n_aturan,
        round(n_upt, 3) as n_upt,
        n_pengimbasan,
        skor,
        layak_daftar_pmm,
        memenuhi_kriteria_umum
    from skor
)

select
    peringkat,
    penggerak_email,
    penggerak_nama,
    kode_kabkota,
    kabkota,
    jumlah_komunitas,
    kegiatan_difasilitasi,
    kegiatan_berbagi,
    rata_persen_terpenuhi,
    kegiatan_upt_dihadiri,
    ikut_luring_pada,
    kegiatan_setelah_luring,
    sudah_mengimbaskan,
    n_kegiatan,
    n_berbagi,
    n_aturan,
    n_upt,
    n_pengimbasan,
    skor,
    layak_daftar_pmm,
    memenuhi_kriteria_umum
from final
order by peringkat, kegiatan_difasilitasi desc, penggerak_nama, penggerak_email

-- penggerak_ranking: "aktif belajar dan berbagi" (Bab 2 §B.6, METRICS §7), to choose participants for
-- offline upgrading. One row per penggerak in scope (queries/_penggerak_eligibility.sql), best first.
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
--                           minggu_dievaluasi > 0 (the weekly rule, _weekly_rule); NULL when none; shown to one
--                           decimal rounded half up on the exact mean (n_aturan likewise to three)
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
    -- the eligibility list itself: on a page it is read from its materialised result (queries/runner.py Hasil)
{{ penggerak_eligibility }}
),

komunitas_lingkup as (
{{ _komunitas }}
),

aturan as (
{{ _weekly_rule }}
),

komunitas_penggerak as materialized (
    -- materialized: three CTEs read it, and inlining would trim every email three times
    select
        penggerak_email,
        id_komunitas
    from (
        select
            lower(trim(k.penggerak_email)) as penggerak_email,
            k.id_komunitas
        from komunitas_lingkup as k
    )
    where penggerak_email <> ''  -- = nullif(trim(email), '') is not null, without trimming twice
),

hadir_upt as (
    -- (id_kegiatan_upt, penggerak_email) is kehadiran_upt's key: counting rows counts distinct events
    select
        h.penggerak_email,
        count(*) filter (where u.tanggal between $dari::date and $sampai::date) as kegiatan_upt_dihadiri,
        min(u.tanggal) filter (where u.jenis_kegiatan = 'peningkatan kapasitas luring'
                               and u.tanggal <= $sampai::date) as ikut_luring_pada
    from kehadiran_upt as h
    inner join kegiatan_upt as u on u.id_kegiatan_upt = h.id_kegiatan_upt
    group by h.penggerak_email
),

luring_komunitas as (
    -- the communities whose penggerak attended a luring event (one row per community)
    select
        kp.id_komunitas,
        h.ikut_luring_pada
    from komunitas_penggerak as kp
    inner join hadir_upt as h on h.penggerak_email = kp.penggerak_email
    where h.ikut_luring_pada is not null
),

kegiatan_komunitas as (
    -- per community before meeting the penggerak: whole months from kegiatan_bulanan, the months cut by $dari or
    -- $sampai from kegiatan (two plain date ranges, as in queries/_kegiatan_bulan.sql)
    select
        id_komunitas,
        sum(jumlah_kegiatan) as kegiatan_difasilitasi,
        sum(jumlah_berbagi) as kegiatan_berbagi
    from (
        select b.id_komunitas, b.jumlah_kegiatan, b.jumlah_berbagi
        from kegiatan_bulanan as b
        where b.bulan >= (date_trunc('month', $dari::date - 1) + interval 1 month)::date
            and b.bulan < date_trunc('month', $sampai::date + 1)::date
        union all
        select g.id_komunitas, 1, case when g.bentuk = 'berbagi praktik baik' then 1 else 0 end
        from kegiatan as g
        where g.tanggal between $dari::date
            and least($sampai::date, (date_trunc('month', $dari::date - 1) + interval 1 month)::date - 1)
        union all
        select g.id_komunitas, 1, case when g.bentuk = 'berbagi praktik baik' then 1 else 0 end
        from kegiatan as g
        where g.tanggal between greatest((date_trunc('month', $dari::date - 1) + interval 1 month)::date,
                                         date_trunc('month', $sampai::date + 1)::date)
            and $sampai::date
    )
    where id_komunitas in (select id_komunitas from komunitas_penggerak)
    group by id_komunitas
),

minggu_luring as (
    -- the weeks up to the last whole one before $sampai of the communities of luring attendees
    select
        m.id_komunitas,
        m.minggu,
        m.jumlah_kegiatan,
        m.tanggal_pertama,
        m.tanggal_terakhir,
        l.ikut_luring_pada
    from kegiatan_mingguan as m
    inner join luring_komunitas as l on l.id_komunitas = m.id_komunitas
    where m.minggu < date_trunc('week', $sampai::date + 1)::date
        and m.tanggal_terakhir > l.ikut_luring_pada
),

imbas_komunitas as (
    -- activities after the first luring event, up to $sampai: a week whose first activity is after the event
    -- counts whole (kegiatan_mingguan); the one week holding activities on both sides of it, and the week cut by
    -- $sampai, are read from kegiatan
    select
        id_komunitas,
        sum(jumlah) as kegiatan_setelah_luring
    from (
        select w.id_komunitas, w.jumlah_kegiatan as jumlah
        from minggu_luring as w
        where w.tanggal_pertama > w.ikut_luring_pada
        union all
        select g.id_komunitas, 1
        from kegiatan as g
        inner join minggu_luring as w
            on w.id_komunitas = g.id_komunitas and g.tanggal > w.ikut_luring_pada and g.tanggal < w.minggu + 7
        where w.tanggal_pertama <= w.ikut_luring_pada
            and g.tanggal < date_trunc('week', $sampai::date + 1)::date
        union all
        select g.id_komunitas, 1
        from kegiatan as g
        inner join luring_komunitas as l on l.id_komunitas = g.id_komunitas
        where g.tanggal between date_trunc('week', $sampai::date + 1)::date and $sampai::date
            and g.tanggal > l.ikut_luring_pada
    )
    group by id_komunitas
),

per_penggerak as (
    -- the per-community activity counts meet the penggerak in one join and one group-by
    select
        kp.penggerak_email,
        sum(kk.kegiatan_difasilitasi)::bigint as kegiatan_difasilitasi,
        sum(kk.kegiatan_berbagi)::bigint as kegiatan_berbagi,
        sum(ik.kegiatan_setelah_luring)::bigint as kegiatan_setelah_luring
    from komunitas_penggerak as kp
    left join kegiatan_komunitas as kk on kk.id_komunitas = kp.id_komunitas
    left join imbas_komunitas as ik on ik.id_komunitas = kp.id_komunitas
    group by kp.penggerak_email
),

aturan_penggerak as (
    -- The mean in integer arithmetic: a DOUBLE avg depends on the order rows arrive in (threads), and
    -- the rounding showed it (an exact mean of 56.25 came out 56.2 or 56.3 from run to run). Each
    -- ratio x 100 is floored at 1e-24; adding n makes jumlah_skala / n an upper bound less than 1e-24
    -- above the true mean, so persepuluh_persen (the mean in tenths, half up) is exact unless a mean
    -- lies within 1e-24 below a .x5 boundary; the unrounded DOUBLE feeds n_aturan and skor.
    select
        penggerak_email,
        jumlah_skala / nullif(n_dievaluasi, 0) / 1e24 as rata_persen_terpenuhi,
        (jumlah_skala // nullif(n_dievaluasi, 0) + '50000000000000000000000'::hugeint)
            // '100000000000000000000000'::hugeint as persepuluh_persen
    from (
        select
            kp.penggerak_email,
            count(*) filter (where a.minggu_dievaluasi > 0) as n_dievaluasi,
            -- nullif: DuckDB may evaluate the expression of a FILTERed aggregate for the rows the filter leaves
            -- out, and an integer division by 0 raises (a community with no evaluated week; docs/ATURAN.md)
            sum(a.minggu_terpenuhi::hugeint * '100000000000000000000000000'::hugeint
                // nullif(a.minggu_dievaluasi, 0)::hugeint)
                filter (where a.minggu_dievaluasi > 0)
                + count(*) filter (where a.minggu_dievaluasi > 0) as jumlah_skala
        from komunitas_penggerak as kp
        inner join aturan as a on a.id_komunitas = kp.id_komunitas
        group by kp.penggerak_email
    )
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
        a.persepuluh_persen,
        coalesce(h.kegiatan_upt_dihadiri, 0) as kegiatan_upt_dihadiri,
        h.ikut_luring_pada,
        case when h.ikut_luring_pada is not null then coalesce(k.kegiatan_setelah_luring, 0) end
            as kegiatan_setelah_luring,
        p.layak_daftar_pmm,
        p.memenuhi_kriteria_umum
    from penggerak_lingkup as p
    left join per_penggerak as k on k.penggerak_email = p.penggerak_email
    left join aturan_penggerak as a on a.penggerak_email = p.penggerak_email
    left join hadir_upt as h on h.penggerak_email = p.penggerak_email
),

maksimum as (
    -- one aggregate row instead of three max() over () windows
    select
        max(kegiatan_difasilitasi) as kegiatan_difasilitasi,
        max(kegiatan_berbagi) as kegiatan_berbagi,
        max(kegiatan_upt_dihadiri) as kegiatan_upt_dihadiri
    from komponen
),

normal as (
    select
        c.*,
        c.kegiatan_setelah_luring > 0 as sudah_mengimbaskan,
        coalesce(c.kegiatan_difasilitasi / nullif(m.kegiatan_difasilitasi, 0), 0) as n_kegiatan,
        coalesce(c.kegiatan_berbagi / nullif(m.kegiatan_berbagi, 0), 0) as n_berbagi,
        coalesce(c.rata_persen_terpenuhi / 100.0, 0) as n_aturan,
        coalesce(c.kegiatan_upt_dihadiri / nullif(m.kegiatan_upt_dihadiri, 0), 0) as n_upt,
        case when c.kegiatan_setelah_luring > 0 then 1.0 else 0.0 end as n_pengimbasan
    from komponen as c
    cross join maksimum as m
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
        round(persepuluh_persen / 10.0, 1) as rata_persen_terpenuhi,
        kegiatan_upt_dihadiri,
        ikut_luring_pada,
        kegiatan_setelah_luring,
        sudah_mengimbaskan,
        round(n_kegiatan, 3) as n_kegiatan,
        round(n_berbagi, 3) as n_berbagi,
        round(coalesce(persepuluh_persen / 1000.0, 0), 3) as n_aturan,
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

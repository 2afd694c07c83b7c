-- weekly_rule: the weekly-meeting rule per community (METRICS §3). One row per community in scope.
-- Parameters: $dari, $sampai (DATE, inclusive), $kabkota (VARCHAR[] or NULL), $jenis, $jenjang
--   (NULL = no filter), $ambang (threshold %, default 100), $libur (DATE[] of holiday weeks).
-- Holiday weeks are neither evaluated nor counted, and the streak skips them.
with

komunitas_lingkup as (
{{ _komunitas }}
),

minggu_komunitas as (
{{ _minggu_komunitas }}
),

minggu_dinilai as (
    -- evaluated weeks only, numbered from the most recent one
    select
        id_komunitas,
        minggu,
        terpenuhi,
        terpenuhi_tanpa_durasi,
        row_number() over (partition by id_komunitas order by minggu desc) as urutan_dari_akhir
    from minggu_komunitas
    where not libur
),

rekap as (
    select
        id_komunitas,
        count(*) as minggu_dievaluasi,
        count(*) filter (where terpenuhi) as minggu_terpenuhi,
        count(*) filter (where terpenuhi_tanpa_durasi) as minggu_tanpa_durasi,
        max(minggu) filter (where not terpenuhi) as minggu_terakhir_gagal,
        count(*) filter (where urutan_dari_akhir <= 2 and not terpenuhi) as gagal_dua_terakhir
    from minggu_dinilai
    group by id_komunitas
),

beruntun as (
    -- met weeks after the last missed one = the streak ending at the last evaluated week
    select
        d.id_komunitas,
        count(*) as minggu_beruntun
    from minggu_dinilai as d
    inner join rekap as r on r.id_komunitas = d.id_komunitas
    where r.minggu_terakhir_gagal is null or d.minggu > r.minggu_terakhir_gagal
    group by d.id_komunitas
),

final as (
    select
        k.id_komunitas,
        k.nama_komunitas,
        k.jenis,
        k.kode_kabkota,
        k.kabkota,
        coalesce(r.minggu_dievaluasi, 0) as minggu_dievaluasi,
        coalesce(r.minggu_terpenuhi, 0) as minggu_terpenuhi,
        coalesce(r.minggu_tanpa_durasi, 0) as minggu_tanpa_durasi,
        round(100.0 * r.minggu_terpenuhi / r.minggu_dievaluasi, 1) as persen_terpenuhi,
        100.0 * r.minggu_terpenuhi / r.minggu_dievaluasi >= $ambang::double as memenuhi_aturan,
        coalesce(b.minggu_beruntun, 0) as minggu_beruntun,
        coalesce(r.gagal_dua_terakhir = least(r.minggu_dievaluasi, 2), false) as berisiko
    from komunitas_lingkup as k
    left join rekap as r on r.id_komunitas = k.id_komunitas
    left join beruntun as b on b.id_komunitas = k.id_komunitas
)

select
    id_komunitas,
    nama_komunitas,
    jenis,
    kode_kabkota,
    kabkota,
    minggu_dievaluasi,
    minggu_terpenuhi,
    minggu_tanpa_durasi,
    persen_terpenuhi,
    memenuhi_aturan,
    minggu_beruntun,
    berisiko
from final
order by kode_kabkota, nama_komunitas, id_komunitas

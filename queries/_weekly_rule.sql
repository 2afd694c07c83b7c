-- Partial: the weekly-meeting rule per community in scope (METRICS §3), one row per community, with
-- what the follow-up list and the progress table need besides the weekly_rule columns.
-- Parameters: $dari, $sampai, $kabkota, $jenis, $jenjang, $ambang, $libur.
-- The met weeks of a community are one bitstring: bit i = the i-th most recent evaluated week was met
-- (bit 0 = the period's last evaluated week; holiday weeks have no bit, so the streak skips them). The
-- streak is then the run of leading ones, and "missed the last two weeks" reads two bits. The bitstring
-- holds the last 1,044 evaluated weeks (20 years), so a streak is counted up to 1,044 weeks (docs/ATURAN.md).
with

rentang as (
{{ _rentang_komunitas }}
),

minggu_komunitas as (
{{ _minggu_komunitas }}
),

urut_akhir as (
    select coalesce(max(urut), 0) as urut_akhir
    from (
{{ _kalender }}
    )
),

rekap as (
    select
        m.id_komunitas,
        count(*) filter (where m.dinilai and m.terpenuhi) as minggu_terpenuhi,
        count(*) filter (where m.dinilai and m.terpenuhi and not m.ada_durasi) as minggu_tanpa_durasi,
        -- only for the streak and the risk flag, so callers without them (progress, headline) skip it
        bitstring_agg((u.urut_akhir - m.urut)::integer, 0, 1043)
            filter (where m.dinilai and m.terpenuhi and m.urut > u.urut_akhir - 1044) as terpenuhi_bit
    from minggu_komunitas as m, urut_akhir as u
    group by m.id_komunitas
),

hitung as (
    select
        r.*,
        coalesce(a.minggu_terpenuhi, 0) as minggu_terpenuhi,
        coalesce(a.minggu_tanpa_durasi, 0) as minggu_tanpa_durasi,
        -- leading ones: the position of the first 0, or every position when there is none
        coalesce(nullif(bit_position('0'::bit, a.terpenuhi_bit), 0) - 1, bit_length(a.terpenuhi_bit), 0)
            as minggu_beruntun,
        coalesce(get_bit(a.terpenuhi_bit, 0), 0) = 0
            and (r.minggu_dievaluasi = 1 or coalesce(get_bit(a.terpenuhi_bit, 1), 0) = 0) as gagal_terakhir
    from rentang as r
    left join rekap as a on a.id_komunitas = r.id_komunitas
),

final as (
    select
        *,
        round(100.0 * minggu_terpenuhi / nullif(minggu_dievaluasi, 0), 1) as persen_terpenuhi,
        100.0 * minggu_terpenuhi / nullif(minggu_dievaluasi, 0) >= $ambang::double as memenuhi_aturan,
        minggu_dievaluasi > 0 and gagal_terakhir as berisiko
    from hitung
)

select
    id_komunitas,
    nama_komunitas,
    jenis,
    kode_kabkota,
    kabkota,
    jenjang,
    penggerak_nama,
    penggerak_email,
    terdaftar_pmm,
    kegiatan_terakhir,
    minggu_pertama,
    minggu_dievaluasi,
    minggu_terpenuhi,
    minggu_tanpa_durasi,
    persen_terpenuhi,
    memenuhi_aturan,
    minggu_beruntun,
    berisiko
from final

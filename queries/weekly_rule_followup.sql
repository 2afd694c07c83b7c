-- weekly_rule_followup: the weekly_rule rows with whom to contact, for the wali wilayah's follow-up list.
-- Parameters: as weekly_rule — $dari, $sampai, $kabkota, $jenis, $jenjang, $ambang, $libur.
-- kegiatan_terakhir = the community's last activity ever loaded, whatever the period (NULL if none).
-- bertemu_lagi_pada = the community's first activity after the period's last evaluated week (the last
--   complete, non-holiday week: the one `berisiko` reads), whatever the period — in the period's
--   incomplete last week, a holiday week after it, or after $sampai; NULL when there is none or the
--   community has no evaluated week. An at-risk community with this date has met again since.
-- Order (docs/ATURAN.md): at risk first — those still silent, then those that met again since; then the
--   shortest streak, the most recent last activity (never active last), kab/kota, name.
with

aturan as (
{{ _weekly_rule }}
),

minggu_dinilai_terakhir as (
    -- the Monday of the period's last evaluated week; NULL when the period has none
    select max(minggu) filter (where not libur) as minggu
    from ({{ _kalender }})
),

bertemu_lagi as (
    -- only communities whose last activity ever lies after that week read their weeks
    select
        g.id_komunitas,
        min(g.tanggal_pertama) as bertemu_lagi_pada
    from kegiatan_mingguan as g
    inner join aturan as a on a.id_komunitas = g.id_komunitas
    cross join minggu_dinilai_terakhir as t
    where a.minggu_dievaluasi > 0
        and a.kegiatan_terakhir > t.minggu + 6
        and g.minggu > t.minggu
    group by g.id_komunitas
),

final as (
    select
        a.*,
        b.bertemu_lagi_pada
    from aturan as a
    left join bertemu_lagi as b on b.id_komunitas = a.id_komunitas
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
    berisiko,
    penggerak_nama,
    penggerak_email,
    kegiatan_terakhir,
    bertemu_lagi_pada
from final
order by
    berisiko desc,
    case when berisiko then bertemu_lagi_pada is not null end,
    minggu_beruntun,
    kegiatan_terakhir desc nulls last,
    kode_kabkota,
    nama_komunitas,
    id_komunitas

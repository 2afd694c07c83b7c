-- perubahan_komunitas: each community in scope with the two states the "what changed since the previous load"
-- digest compares (queries/perubahan.py runs it on the store before and after a load and diffs the rows).
-- Parameters: as weekly_rule — $dari, $sampai, $kabkota, $jenis, $jenjang, $ambang, $libur.
-- berisiko: as weekly_rule (the last two evaluated weeks both missed); aktif_4_minggu: >= 1 activity in the
-- 4 complete weeks ending with the period's last complete week, as headline's komunitas_aktif_4_minggu.
with

aturan as (
{{ _weekly_rule }}
),

aktif as (
{{ _aktif_4_minggu }}
),

final as (
    select
        a.id_komunitas,
        a.nama_komunitas,
        a.kode_kabkota,
        a.kabkota,
        a.berisiko,
        t.id_komunitas is not null as aktif_4_minggu,
        a.kegiatan_terakhir
    from aturan as a
    left join aktif as t on t.id_komunitas = a.id_komunitas
)

select
    id_komunitas,
    nama_komunitas,
    kode_kabkota,
    kabkota,
    berisiko,
    aktif_4_minggu,
    kegiatan_terakhir
from final
order by kode_kabkota, nama_komunitas, id_komunitas

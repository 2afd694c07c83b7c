-- weekly_grid: every evaluated week of every community in scope, for the weekly heat map (METRICS §3).
-- Parameters: $dari, $sampai (DATE, inclusive), $kabkota (VARCHAR[] or NULL), $jenis, $jenjang
--   (NULL = no filter), $libur (DATE[] of holiday weeks).
-- status: 'terpenuhi' | 'terpenuhi_tanpa_durasi' (met, but no duration known) | 'tidak_terpenuhi' | 'libur'.
with

rentang as (
{{ _rentang_komunitas }}
),

kalender as (
{{ _kalender }}
),

minggu_komunitas as (
{{ _minggu_komunitas }}
),

final as (
    select
        r.id_komunitas,
        r.nama_komunitas,
        r.kode_kabkota,
        r.kabkota,
        c.minggu,
        case
            when c.libur then 'libur'
            when m.terpenuhi and not m.ada_durasi then 'terpenuhi_tanpa_durasi'
            when m.terpenuhi then 'terpenuhi'
            else 'tidak_terpenuhi'
        end as status,
        coalesce(m.jumlah_kegiatan, 0) as jumlah_kegiatan,
        coalesce(m.total_durasi_menit, 0) as total_durasi_menit
    from rentang as r
    inner join kalender as c on c.minggu >= r.minggu_pertama
    left join minggu_komunitas as m on m.id_komunitas = r.id_komunitas and m.minggu = c.minggu
)

select
    id_komunitas,
    nama_komunitas,
    kode_kabkota,
    kabkota,
    minggu,
    status,
    jumlah_kegiatan,
    total_durasi_menit
from final
order by kode_kabkota, nama_komunitas, id_komunitas, minggu

-- weekly_grid: every evaluated week of every community in scope, for the weekly heat map (METRICS §3).
-- Parameters: $dari, $sampai (DATE, inclusive), $kabkota (VARCHAR[] or NULL), $jenis, $jenjang
--   (NULL = no filter), $libur (DATE[] of holiday weeks).
-- status: 'terpenuhi' | 'terpenuhi_tanpa_durasi' (met, but no duration known) | 'tidak_terpenuhi' | 'libur'.
with

minggu_komunitas as (
{{ _minggu_komunitas }}
),

final as (
    select
        id_komunitas,
        nama_komunitas,
        kode_kabkota,
        kabkota,
        minggu,
        case
            when libur then 'libur'
            when terpenuhi_tanpa_durasi then 'terpenuhi_tanpa_durasi'
            when terpenuhi then 'terpenuhi'
            else 'tidak_terpenuhi'
        end as status,
        jumlah_kegiatan,
        total_durasi_menit
    from minggu_komunitas
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

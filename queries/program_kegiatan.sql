-- program_kegiatan: the UPT's own events in the period and scope, one row per event (the audit trail of
-- program_bulanan). Parameters: $dari, $sampai (DATE, inclusive), $kabkota (VARCHAR[] or NULL).
with

acara as (
{{ _kegiatan_upt }}
),

final as (
    select
        a.tanggal,
        a.jenis_kegiatan,
        a.nama_kegiatan,
        a.kode_kabkota,
        coalesce(w.kabkota, 'Seluruh wilayah UPT') as kabkota,
        a.jumlah_peserta,
        len(a.kabkota_terjangkau) as kabkota_terjangkau,
        a.sumber_file
    from acara as a
    left join wilayah as w on w.kode_kabkota = a.kode_kabkota
)

select
    tanggal,
    jenis_kegiatan,
    nama_kegiatan,
    kode_kabkota,
    kabkota,
    jumlah_peserta,
    kabkota_terjangkau,
    sumber_file
from final
order by tanggal, jenis_kegiatan, nama_kegiatan

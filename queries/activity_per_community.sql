-- activity_per_community: activities dated in the period, per community in scope (zeros for none).
-- Parameters: $dari, $sampai (DATE, inclusive), $kabkota (VARCHAR[] or NULL), $jenis, $jenjang (NULL = no filter).
-- minggu_aktif = distinct ISO weeks with an activity in the period; durations known only (0 if none).
with

komunitas_lingkup as (
{{ _komunitas }}
),

kegiatan_periode as (
    select
        id_komunitas,
        count(*) as jumlah_kegiatan,
        count(distinct date_trunc('week', tanggal)) as minggu_aktif,
        coalesce(sum(durasi_menit), 0)::bigint as total_durasi_menit,
        min(tanggal) as kegiatan_pertama,
        max(tanggal) as kegiatan_terakhir
    from kegiatan
    where tanggal between $dari::date and $sampai::date
    group by id_komunitas
),

final as (
    select
        k.id_komunitas,
        k.nama_komunitas,
        k.jenis,
        k.kode_kabkota,
        k.kabkota,
        coalesce(g.jumlah_kegiatan, 0) as jumlah_kegiatan,
        coalesce(g.minggu_aktif, 0) as minggu_aktif,
        coalesce(g.total_durasi_menit, 0) as total_durasi_menit,
        g.kegiatan_pertama,
        g.kegiatan_terakhir
    from komunitas_lingkup as k
    left join kegiatan_periode as g on g.id_komunitas = k.id_komunitas
)

select
    id_komunitas,
    nama_komunitas,
    jenis,
    kode_kabkota,
    kabkota,
    jumlah_kegiatan,
    minggu_aktif,
    total_durasi_menit,
    kegiatan_pertama,
    kegiatan_terakhir
from final
order by kode_kabkota, nama_komunitas, id_komunitas

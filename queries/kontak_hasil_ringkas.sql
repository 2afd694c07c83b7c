-- kontak_hasil_ringkas: kontak_hasil counted per kab/kota, per wali (who recorded the latest contact) and in all.
-- Parameters: as kontak_hasil — $kabkota, $minggu_kontak (default 3).
-- tingkat: 'semua' (one row), 'kabkota' (kode_kabkota, kabkota), 'wali' (dicatat_oleh).
-- dihubungi = aktif_kembali + menunggu + belum_aktif; median_hari_aktif over the revived only (NULL if none).
with

per_komunitas as (
{{ kontak_hasil }}
),

ringkas as (
    select
        case
            when grouping(kode_kabkota) = 0 then 'kabkota'
            when grouping(dicatat_oleh) = 0 then 'wali'
            else 'semua'
        end as tingkat,
        kode_kabkota,
        case when grouping(kode_kabkota) = 0 then any_value(kabkota) end as kabkota,
        dicatat_oleh,
        count(*) as dihubungi,
        count(*) filter (where status = 'aktif_kembali') as aktif_kembali,
        count(*) filter (where status = 'belum_aktif') as belum_aktif,
        count(*) filter (where status = 'menunggu') as menunggu,
        median(hari_sampai_aktif) as median_hari_aktif
    from per_komunitas
    group by grouping sets ((kode_kabkota), (dicatat_oleh), ())
)

select *
from ringkas
order by
    case tingkat when 'semua' then 0 when 'kabkota' then 1 else 2 end,
    kode_kabkota,
    dicatat_oleh

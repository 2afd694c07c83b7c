-- rtl_tindak_lanjut_kabkota: RTL follow-through per kab/kota — communities with an RTL in period N by their
-- status in N+1 (per community: rtl_tindak_lanjut; rule: docs/ATURAN.md "Tindak lanjut RTL").
-- Parameters: $dari, $sampai (DATE, inclusive: period N), $kabkota (VARCHAR[] or NULL = every kab/kota;
--   [] = none), $jenis, $jenjang (NULL = no filter).
-- One row per kab/kota with at least one community with an RTL item in N. persen_dijalankan =
--   dijalankan / (dijalankan + belum_terlihat) * 100, NULL when both are 0 ('tidak ada data' is left out:
--   nothing can be said of it).
with

per_komunitas as (
{{ _rtl_tindak_lanjut }}
),

final as (
    select
        kode_kabkota,
        kabkota,
        count(*) as komunitas_dengan_rtl,
        count(*) filter (where status = 'dijalankan') as dijalankan,
        count(*) filter (where status = 'belum terlihat') as belum_terlihat,
        count(*) filter (where status = 'tidak ada data') as tidak_ada_data
    from per_komunitas
    group by kode_kabkota, kabkota
)

select
    kabkota,
    komunitas_dengan_rtl,
    dijalankan,
    belum_terlihat,
    tidak_ada_data,
    round(100.0 * dijalankan / nullif(dijalankan + belum_terlihat, 0), 1) as persen_dijalankan,
    kode_kabkota
from final
order by kabkota, kode_kabkota

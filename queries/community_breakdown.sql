-- community_breakdown: communities in scope counted by jenis, jenjang and PMM registration.
-- Parameters: $sampai (DATE), $kabkota (VARCHAR[] or NULL), $jenis, $jenjang (NULL = no filter).
-- nilai: the value as stored ('ya' / 'tidak' for terdaftar_pmm); unknown = 'tidak_diketahui'.
with

komunitas_lingkup as (
{{ _komunitas }}
),

per_dimensi as (
    select 'jenis' as dimensi, coalesce(jenis, 'tidak_diketahui') as nilai
    from komunitas_lingkup
    union all
    select 'jenjang' as dimensi, coalesce(jenjang, 'tidak_diketahui') as nilai
    from komunitas_lingkup
    union all
    select
        'terdaftar_pmm' as dimensi,
        case when terdaftar_pmm then 'ya' when not terdaftar_pmm then 'tidak' else 'tidak_diketahui' end as nilai
    from komunitas_lingkup
),

final as (
    select
        dimensi,
        nilai,
        count(*) as jumlah_komunitas
    from per_dimensi
    group by dimensi, nilai
)

select
    dimensi,
    nilai,
    jumlah_komunitas
from final
order by dimensi, jumlah_komunitas desc, nilai

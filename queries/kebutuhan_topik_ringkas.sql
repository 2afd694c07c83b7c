-- kebutuhan_topik_ringkas: the needs survey over the whole scope: respondents per topic, most requested first.
-- Parameters: $sampai (DATE), $kabkota (VARCHAR[] or NULL). Responses and scope as queries/kebutuhan_topik.sql.
-- persen_responden: over every respondent in scope, one decimal.
with

respons as (
    select
        s.id_respons,
        lower(s.topik) as kunci_topik,
        s.topik
    from survei_kebutuhan as s
    where (s.waktu_pengisian is null or s.waktu_pengisian::date <= $sampai::date)
        and ($kabkota::varchar[] is null or list_contains($kabkota::varchar[], s.kode_kabkota))
),

final as (
    select
        min(topik) as topik,
        count(distinct id_respons) as jumlah_responden,
        (select count(distinct id_respons) from respons) as total_responden
    from respons
    group by kunci_topik
)

select
    rank() over (order by jumlah_responden desc) as peringkat,
    topik,
    jumlah_responden,
    total_responden,
    round(100.0 * jumlah_responden / nullif(total_responden, 0), 1) as persen_responden
from final
order by jumlah_responden desc, topik

-- kontak_penggerak: the WhatsApp number to reach each community in scope about its meetings (issue 16 item 2).
-- Personal data: ui/pesan.py runs it only for roles that may see numbers (admin; a wali wilayah, whose scoped
-- views hold only their region's communities and penggerak). Parameters: $kabkota; $pilih = the communities
-- asked for (NULL = every one in scope), so a page holds only the numbers of the communities a user picked.
-- @default pilih: null
-- nomor_wa = the penggerak's own number from the penggerak list, else the one the community registry gives
-- for the penggerak, else the community's contact person's (narahubung); sumber_nomor says which.
-- Numbers are stored normalised (62…, data_loaders.normalise.parse_wa).
select
    k.id_komunitas,
    coalesce(p.penggerak_wa, k.penggerak_wa, k.narahubung_wa) as nomor_wa,
    case
        when coalesce(p.penggerak_wa, k.penggerak_wa) is not null then 'penggerak'
        when k.narahubung_wa is not null then 'narahubung'
    end as sumber_nomor
from komunitas as k
left join (
    -- one row per address however it is cased (the key is the address as loaded)
    select lower(trim(penggerak_email)) as email, max(penggerak_wa) as penggerak_wa
    from penggerak
    group by 1
) as p on p.email = lower(trim(k.penggerak_email))
where ($kabkota::varchar[] is null or list_contains($kabkota::varchar[], k.kode_kabkota))
    and ($pilih::varchar[] is null or list_contains($pilih::varchar[], k.id_komunitas))
order by k.id_komunitas

-- What a restricted user sees of penggerak: a penggerak of their kab/kota ($lingkup), and any penggerak who leads a
-- community there — with their own kab/kota, which _penggerak_eligibility needs to place them (their own
-- kab/kota first, else their communities').
select * from main.penggerak as p
where list_contains($lingkup::varchar[], p.kode_kabkota)
    or lower(trim(p.penggerak_email)) in (
        select lower(trim(k.penggerak_email))
        from main.komunitas as k
        where list_contains($lingkup::varchar[], k.kode_kabkota)
    )

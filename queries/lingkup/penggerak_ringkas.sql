-- What a restricted user sees of penggerak_ringkas: the penggerak whose communities all lie in their kab/kota
-- ($lingkup), the only rows that are exact for them; queries/_penggerak_eligibility.sql recomputes the others
-- from the communities they see.
select * from main.penggerak_ringkas
where len(list_filter(kode_komunitas, lambda x: not list_contains($lingkup::varchar[], x))) = 0

-- Partial: the bimonthly report's selection key for $kabkota (the effective kab/kota: scope ∩ filter, NULL = all),
-- $jenis and $jenjang — edits/bimonthly_report.lingkup_key computed in SQL, so a wali wilayah reads only the saved
-- drafts and versions of their own region.
select concat_ws(
    ';',
    'kabkota=' || coalesce(array_to_string(list_sort(list_distinct($kabkota::varchar[])), ','), 'semua'),
    case when $jenis::varchar <> '' then 'jenis=' || $jenis::varchar end,
    case when $jenjang::varchar <> '' then 'jenjang=' || $jenjang::varchar end
) as kunci

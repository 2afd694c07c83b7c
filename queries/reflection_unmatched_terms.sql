-- reflection_unmatched_terms: the most frequent adjacent word pairs among the items classified
-- `lainnya` (the lexicon review panel of METRICS §6: what users might add to the lexicon).
-- Parameters: $dari, $sampai (DATE, inclusive, on refleksi.tanggal), $kabkota (VARCHAR[] or
--   NULL = every kab/kota; [] = none), $jenis, $jenjang (NULL = no filter),
--   $komponen (VARCHAR[]; NULL = every komponen; applied by queries/_reflection_items.sql).
-- Words = runs of letters, lower case, as the teachers wrote them (so a pair can be pasted into the
-- lexicon, which stems it); one-letter words, digits and the stopwords of data_loaders/themes.py
-- (plus their common abbreviations) are skipped. jumlah_butir = items containing the pair (once per
-- item); contoh = the shortest such item (then alphabetical). Top 25 by jumlah_butir, then frasa.
with

butir as (
{{ _reflection_items }}
),

lainnya as (
    select
        row_number() over () as nomor,
        butir
    from butir
    where tema = 'lainnya'
),

kata as (
    select
        nomor,
        butir,
        list_filter(
            regexp_split_to_array(lower(butir), '[^\p{L}]+'),
            lambda w: length(w) >= 2 and not list_contains(
                ['yang', 'dan', 'di', 'ke', 'dari', 'untuk', 'dengan', 'pada', 'dalam', 'ini', 'itu', 'atau',
                 'juga', 'sudah', 'belum', 'masih', 'akan', 'bisa', 'dapat', 'ada', 'tidak', 'lebih', 'sangat',
                 'agar', 'karena', 'oleh', 'sebagai', 'saat', 'para', 'kami', 'kita', 'mereka', 'saya', 'setiap',
                 'tiap', 'secara', 'lagi', 'sehingga', 'serta', 'bagi', 'hal', 'nya', 'pun', 'telah', 'harus',
                 'perlu', 'masing', 'mulai', 'menjadi', 'jadi',
                 'yg', 'dgn', 'dg', 'utk', 'untk', 'sdh', 'udh', 'udah', 'blm', 'blum', 'tdk', 'gak', 'nggak',
                 'ga', 'gk', 'krn', 'karna', 'dlm', 'dr', 'jg', 'msh', 'bs', 'hrs', 'sy', 'lg', 'jd'],
                w
            )
        ) as kata
    from lainnya
),

pasangan as (
    select distinct
        nomor,
        butir,
        unnest(list_transform(range(1, len(kata)), lambda i: kata[i] || ' ' || kata[i + 1])) as frasa
    from kata
    where len(kata) >= 2
),

final as (
    select
        frasa,
        count(*) as jumlah_butir,
        first(butir order by length(butir), butir) as contoh
    from pasangan
    group by frasa
)

select
    frasa,
    jumlah_butir,
    contoh
from final
order by jumlah_butir desc, frasa
limit 25

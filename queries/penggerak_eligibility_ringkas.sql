-- penggerak_eligibility_ringkas: the Penggerak page's eligibility figures in one row, so the page needs no row
-- per penggerak (issue 19): all penggerak in scope, and of those on the penggerak list how many may register a
-- community in PMM and meet the general criteria; and how many are not on the list.
-- Parameters: as penggerak_eligibility — $sampai, $kabkota, $jenis, $jenjang.
with

kelayakan as (
{{ penggerak_eligibility }}
)

select
    count(*) as jumlah_penggerak,
    count(*) filter (where ada_di_daftar_penggerak and layak_daftar_pmm) as layak_daftar_pmm,
    count(*) filter (where ada_di_daftar_penggerak and memenuhi_kriteria_umum) as memenuhi_kriteria_umum,
    count(*) filter (where not ada_di_daftar_penggerak) as belum_di_daftar
from kelayakan

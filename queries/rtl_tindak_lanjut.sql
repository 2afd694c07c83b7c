-- rtl_tindak_lanjut: is each community's follow-up plan (RTL) of period N seen in period N+1?
-- (guide Bab 3 §D; the rule: docs/ATURAN.md "Tindak lanjut RTL"; computed in _rtl_tindak_lanjut).
-- Parameters: $dari, $sampai (DATE, inclusive: period N, on refleksi.tanggal), $kabkota (VARCHAR[] or NULL =
--   every kab/kota; [] = none), $jenis, $jenjang (NULL = no filter).
-- One row per community in scope with at least one RTL item in N, ordered by kab/kota and name.
-- Columns: status ('dijalankan' / 'belum terlihat' / 'tidak ada data') and keterangan (why);
--   tema_rtl = its RTL themes (lainnya left out), tema_dijalankan = those seen in N+1 ('; '-separated);
--   butir_rtl, butir_bertema = RTL items, of which with a theme; kegiatan_berikut, refleksi_berikut =
--   activities and reflection answers of the community in N+1 (dari_berikut..sampai_berikut);
--   berikut_selesai = the data loaded reaches N+1's last day.
with

per_komunitas as (
{{ _rtl_tindak_lanjut }}
)

select
    nama_komunitas,
    kabkota,
    status,
    array_to_string(tema_rtl, '; ') as tema_rtl,
    array_to_string(tema_dijalankan, '; ') as tema_dijalankan,
    butir_rtl,
    butir_bertema,
    kegiatan_berikut,
    refleksi_berikut,
    keterangan,
    penggerak_nama,
    penggerak_email,
    dari_berikut,
    sampai_berikut,
    berikut_selesai,
    id_komunitas,
    kode_kabkota
from per_komunitas
order by kabkota, nama_komunitas, id_komunitas

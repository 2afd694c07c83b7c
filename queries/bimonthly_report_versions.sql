-- bimonthly_report_versions: every saved version of the bimonthly report (issue 18 item 5) for one period and the
-- data selection it describes, frozen as it was saved (later corrections or lexicon versions never change it);
-- no rows when none is saved. One row per report line per version, newest version first.
-- Parameters: $periode ('2022-09/10'), $kabkota (the effective kab/kota: scope ∩ filter, NULL = all), $jenis,
--   $jenjang. The selection key is edits/bimonthly_report.lingkup_key, computed here as in bimonthly_report_saved.
-- @default periode: ""
with

lingkup as (
{{ _lingkup_laporan }}
)

select
    d.versi,
    d.komponen_laporan,
    d.peringkat,
    d.tema,
    d.teks,
    d.jumlah_komunitas,
    d.jumlah_butir,
    d.contoh,
    d.disimpan_pada,
    d.disimpan_oleh,
    d.penanggung_jawab_nama,
    d.penanggung_jawab_email,
    d.versi_leksikon
from laporan_dua_bulanan_versi as d
inner join lingkup as l on l.kunci = d.lingkup
where d.periode = $periode::varchar
order by d.versi desc, d.komponen_laporan, d.peringkat

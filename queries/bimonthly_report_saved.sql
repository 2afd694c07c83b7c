-- bimonthly_report_saved: the saved draft of the bimonthly report (edited on Laporan Dua Bulanan) for one
-- period and the data selection it describes; no rows when none is saved.
-- Parameters: $periode ('2022-09/10'), $kabkota (the effective kab/kota: scope ∩ filter, NULL = all), $jenis,
--   $jenjang. The selection key is edits/bimonthly_report.lingkup_key, computed here from the same values, so
--   a wali wilayah reads only drafts of their own region.
-- penanggung_jawab_nama/_email: the report's penanggung jawab saved with the draft (NULL before issue 17).
-- @default periode: ""
with

lingkup as (
{{ _lingkup_laporan }}
),

final as (
    select
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
        d.penanggung_jawab_email
    from laporan_dua_bulanan as d
    inner join lingkup as l on l.kunci = d.lingkup
    where d.periode = $periode::varchar
)

select
    komponen_laporan,
    peringkat,
    tema,
    teks,
    jumlah_komunitas,
    jumlah_butir,
    contoh,
    disimpan_pada,
    disimpan_oleh,
    penanggung_jawab_nama,
    penanggung_jawab_email
from final
order by komponen_laporan, peringkat

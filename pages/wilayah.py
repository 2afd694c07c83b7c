"""Wilayah: the map of the kab/kota in scope with a chosen measure, the progress table, and one
kab/kota's trends."""
from __future__ import annotations

import streamlit as st

from ui import charts, empty_state, require_scope
from ui import format as fmt
from ui.filters import persistent
from ui.table import paged_table, table

# measure -> (label, is a percentage)
UKURAN = {
    "rata_persen_terpenuhi": ("Rata-rata % minggu terpenuhi", True),
    "persen_aktif_4_minggu": ("% komunitas aktif 4 minggu terakhir", True),
    "persen_cakupan_ikm": ("% sekolah IKM yang punya kombel", True),
    "jumlah_komunitas": ("Jumlah komunitas", False),
    "komunitas_memenuhi_aturan": ("Komunitas memenuhi aturan mingguan", False),
    "jumlah_refleksi": ("Jumlah refleksi", False),
}

page = require_scope("Wilayah")
if page.kosong:
    empty_state(page)

progres = page.query("progress_kabkota")
if progres.empty:
    st.info("Tidak ada kab/kota dengan komunitas atau sekolah IKM untuk filter ini.")
    st.stop()

ukuran = persistent(st.selectbox, "Ukuran di peta", key="wilayah_ukuran", allowed=UKURAN, options=list(UKURAN),
                    format_func=lambda k: UKURAN[k][0])
label, persen = UKURAN[ukuran]
charts.show(charts.choropleth(progres, ukuran, judul=f"{label} per kab/kota", sub=page.periode, label=label,
                              persen=persen, lebar_px=800), key="wilayah_peta")  # the page's full width

st.subheader(f"Progres {fmt.angka(len(progres))} kab/kota")
satu_provinsi = progres["kode_provinsi"].nunique() == 1  # then the column only repeats one name
table(page, progres, "wilayah_progres", "progres_kabkota",
      sembunyikan=("kode_kabkota", "kode_provinsi", *(("provinsi",) if satu_provinsi else ())))
ikm = st.expander("Sekolah IKM tanpa komunitas belajar", key="wilayah_ikm", on_change="rerun")
with ikm:  # the drill-down of "% cakupan IKM" (issue 17), read only when opened
    if ikm.open:
        paged_table(page, "ikm_tanpa_komunitas", "wilayah_ikm_daftar", "sekolah_ikm_tanpa_komunitas",
                    cari_di=("nama_sekolah", "npsn", "kabkota"), sembunyikan=("kode_kabkota",),
                    kosong="Semua sekolah IKM pada filter ini sudah punya komunitas.")

st.subheader("Tren satu kab/kota")
kode = st.selectbox("Kabupaten/kota", options=list(progres["kode_kabkota"]),
                    format_func=lambda k: page.kabkota_names.get(k, k), key="wilayah_tren_kabkota", bind="query-params")
nama = page.kabkota_names.get(kode, kode)
kiri, kanan = st.columns(2)
with kiri:
    tren = page.query("weekly_trend", kabkota=(kode,)).dropna(subset=["persen_terpenuhi"])
    if tren.empty:
        st.info("Belum ada minggu lengkap yang dapat dinilai.")
    else:
        charts.show(charts.line(
            tren, "minggu", "persen_terpenuhi", judul="% komunitas bertemu per minggu", sub=f"{nama}, {page.periode}",
            label_x="Minggu (mulai Senin)", label_y="% komunitas bertemu",
            warna_tetap=charts.WARNA_STATUS["terpenuhi"], persen=True), key="wilayah_tren_aturan")
with kanan:
    frekuensi = page.query("activity_frequency", kabkota=(kode,))
    if frekuensi.empty:
        st.info("Tidak ada kegiatan tercatat pada periode ini.")
    else:
        charts.show(charts.bar(
            frekuensi.assign(bulan=frekuensi["bulan"].map(fmt.bulan)), "bulan", "komunitas_aktif",
            judul="Komunitas aktif per bulan", sub=f"{nama}, {page.periode}", label_x="Bulan",
            label_y="Komunitas aktif"), key="wilayah_tren_aktif")

"""Ringkasan: the headline figures, the map of kab/kota, the weekly-rule trend, best and weakest kab/kota."""
from __future__ import annotations

import streamlit as st

from ui import charts, empty_state, kontak, libur, perubahan, require_scope
from ui import format as fmt
from ui.table import table

page = require_scope("Ringkasan")
if page.kosong:
    empty_state(page)

h = page.query("headline").iloc[0]
tren = page.query("weekly_trend").dropna(subset=["persen_terpenuhi"])
st.subheader(f"Gambaran umum, {page.periode}")
c = st.columns(3)
c[0].metric("Komunitas belajar", fmt.angka(h.jumlah_komunitas), border=True, height="stretch",
            help="Komunitas yang terdaftar sampai akhir periode (atau tanggal daftarnya tidak diketahui).")
c[1].metric("Terdaftar di PMM", fmt.angka(h.terdaftar_pmm), border=True, height="stretch",
            delta_color="off", delta_arrow="off",
            delta=f"{fmt.persen(100 * h.terdaftar_pmm / h.jumlah_komunitas if h.jumlah_komunitas else None)} "
                  "dari semua komunitas")
c[2].metric("Aktif 4 minggu terakhir", fmt.angka(h.komunitas_aktif_4_minggu), border=True, height="stretch",
            delta_color="off", delta=f"{fmt.persen(h.persen_aktif_4_minggu)} dari semua komunitas", delta_arrow="off",
            help="Minimal satu kegiatan dalam 4 minggu lengkap terakhir periode.")
c = st.columns(3)
c[0].metric("Memenuhi aturan mingguan", fmt.angka(h.komunitas_memenuhi_aturan), border=True, height="stretch",
            delta_color="off",
            delta=f"{fmt.persen(h.persen_memenuhi_aturan)} dari {fmt.angka(h.komunitas_dievaluasi)} yang dinilai",
            delta_arrow="off", chart_data=list(tren["persen_terpenuhi"]) or None, chart_type="area",
            help=f"Bertemu setiap minggu (ambang {fmt.persen(page.filters.ambang, 0)} minggu). "
                 "Grafik kecil: persen komunitas yang bertemu, per minggu.")
c[1].metric("Refleksi periode ini", fmt.angka(h.jumlah_refleksi), border=True, height="stretch",
            help="Jumlah refleksi dua bulanan (komunitas × periode) yang bertanggal di dalam periode.")
c[2].metric("Cakupan sekolah IKM", fmt.persen(h.persen_cakupan_ikm), border=True, height="stretch", delta_color="off",
            delta=f"{fmt.angka(h.sekolah_ikm_dengan_kombel)} dari {fmt.angka(h.sekolah_ikm)} sekolah",
            delta_arrow="off", help="Sekolah pelaksana IKM yang punya minimal satu komunitas belajar dalam sekolah.")
libur.peringatan(page)  # unmarked weeks that look like holidays count in the figures above
perubahan.tampilkan(page)  # what the latest load changed, with a text for WhatsApp
ikm = st.expander("Sekolah IKM tanpa komunitas belajar", key="ringkasan_ikm", on_change="rerun")
with ikm:  # the coverage figure's drill-down (issue 17), read only when opened
    if ikm.open:
        table(page, page.query("ikm_tanpa_komunitas"), "ringkasan_ikm_daftar", "sekolah_ikm_tanpa_komunitas",
              sembunyikan=("kode_kabkota",), kosong="Semua sekolah IKM pada filter ini sudah punya komunitas.")

progres = page.query("progress_kabkota")
kiri, kanan = st.columns([3, 2])
with kiri:
    if progres.empty:
        st.info("Tidak ada kab/kota untuk filter ini.")
    else:
        charts.show(charts.choropleth(
            progres, "rata_persen_terpenuhi", judul="Pemenuhan aturan mingguan per kab/kota",
            sub=page.periode, label="% minggu terpenuhi", persen=True), key="ringkasan_peta")
with kanan:
    if tren.empty:
        st.info("Belum ada minggu lengkap yang dapat dinilai pada periode ini.")
    else:
        akhir = tren.iloc[-1]
        charts.show(charts.line(
            tren, "minggu", "persen_terpenuhi",
            judul=f"Minggu terakhir: {fmt.persen(akhir.persen_terpenuhi)} bertemu",
            sub=f"% komunitas yang bertemu per minggu, {page.periode}", label_x="Minggu (mulai Senin)",
            label_y="% komunitas bertemu",
            warna_tetap=charts.WARNA_STATUS["terpenuhi"], persen=True), key="ringkasan_tren")

dinilai = progres.dropna(subset=["rata_persen_terpenuhi"]).sort_values("rata_persen_terpenuhi", ascending=False)
if len(dinilai) >= 2:
    n = min(5, len(dinilai) // 2)
    terbaik, terlemah = dinilai.head(n), dinilai.tail(n).iloc[::-1]
    kiri, kanan = st.columns(2)
    with kiri:
        charts.show(charts.bar(
            terbaik, "kabkota", "rata_persen_terpenuhi", judul=f"{terbaik.iloc[0].kabkota} paling rutin bertemu",
            sub=f"{n} kab/kota teratas, {page.periode}", label_x="",
            label_y="Rata-rata % minggu terpenuhi", warna_tetap=charts.WARNA_STATUS["terpenuhi"], horizontal=True,
            persen=True, height=120 + 45 * n), key="ringkasan_terbaik")
    with kanan:
        charts.show(charts.bar(
            terlemah, "kabkota", "rata_persen_terpenuhi",
            judul=f"{terlemah.iloc[0].kabkota} paling perlu pendampingan",
            sub=f"{n} kab/kota terbawah, {page.periode}", label_x="",
            label_y="Rata-rata % minggu terpenuhi", warna_tetap=charts.WARNA_STATUS["tidak_terpenuhi"],
            horizontal=True, persen=True, height=120 + 45 * n), key="ringkasan_terlemah")

kontak.hasil_pimpinan(page)  # pimpinan/admin: did contacting at-risk communities work (issue 16 item 4)

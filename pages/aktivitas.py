"""Aktivitas: how often communities meet per month, in what form and mode, registrations over time,
and the per-community activity table."""
from __future__ import annotations

import streamlit as st

from ui import charts, empty_state, require_scope
from ui import format as fmt
from ui.table import paged_table, table

page = require_scope("Aktivitas")
if page.kosong:
    empty_state(page)

frekuensi = page.query("activity_frequency")
if frekuensi.empty:
    st.info("Tidak ada kegiatan tercatat pada periode dan filter ini. Coba perluas periode di samping.")
else:
    per_bulan = frekuensi.groupby("bulan", as_index=False)[["jumlah_kegiatan", "komunitas_aktif"]].sum()
    puncak = per_bulan.loc[per_bulan["jumlah_kegiatan"].idxmax()]
    st.subheader(f"{fmt.angka(per_bulan['jumlah_kegiatan'].sum())} kegiatan tercatat, {page.periode}")
    charts.show(charts.bar(
        per_bulan.assign(bulan=per_bulan["bulan"].map(fmt.bulan)), "bulan", "jumlah_kegiatan",
        judul=f"Kegiatan terbanyak pada {fmt.bulan(puncak.bulan)}: {fmt.angka(puncak.jumlah_kegiatan)} kegiatan",
        sub=f"Jumlah kegiatan per bulan (bulan terakhir bisa belum lengkap), {page.periode}", label_x="Bulan",
        label_y="Jumlah kegiatan"), key="aktivitas_per_bulan")
    with st.expander("Tabel frekuensi per kab/kota per bulan"):
        table(page, frekuensi, "aktivitas_frekuensi", "frekuensi_kegiatan", sembunyikan=("kode_kabkota",))

rincian = page.query("activity_breakdown")
if not rincian.empty:
    rincian = rincian.assign(bulan=rincian["bulan"].map(fmt.bulan))
    kiri, kanan = st.columns(2)
    with kiri:
        charts.show(charts.bar(
            rincian[rincian["dimensi"] == "bentuk"], "bulan", "jumlah_kegiatan", judul="Bentuk kegiatan per bulan",
            sub=page.periode, label_x="Bulan", label_y="Jumlah kegiatan", warna="nilai",
            peta_warna=charts.WARNA_BENTUK), key="aktivitas_bentuk")
    with kanan:
        charts.show(charts.bar(
            rincian[rincian["dimensi"] == "moda"], "bulan", "jumlah_kegiatan", judul="Luring dan daring per bulan",
            sub=page.periode, label_x="Bulan", label_y="Jumlah kegiatan", warna="nilai",
            peta_warna=charts.WARNA_MODA), key="aktivitas_moda")

pendaftaran = page.query("registrations_trend")
if pendaftaran.empty:
    st.info("Tanggal pendaftaran komunitas belum diketahui untuk filter ini.")
else:
    charts.show(charts.line(
        pendaftaran.assign(bulan=pendaftaran["bulan"].map(fmt.bulan)), "bulan", "kumulatif",
        judul="Pertumbuhan komunitas terdaftar", sub=f"Jumlah kumulatif per jenis sampai "
        f"{fmt.tanggal(page.filters.sampai)} (tanpa komunitas yang tanggal daftarnya tidak diketahui)",
        label_x="Bulan terdaftar", label_y="Jumlah komunitas", warna="jenis",
        peta_warna=charts.WARNA_JENIS_LABEL), key="aktivitas_pendaftaran")

partisipasi = st.expander("Partisipasi anggota per kab/kota", key="aktivitas_partisipasi", on_change="rerun")
with partisipasi:  # reads every activity of the period (seconds at national scale): only when opened (issue 17)
    if partisipasi.open:
        st.caption("Median peserta per kegiatan dibanding jumlah anggota; partisipasi rendah = di bawah 50 % "
                   "dengan minimal 3 kegiatan yang mencatat jumlah peserta (aturan lengkap: docs/ATURAN.md).")
        table(page, page.query("partisipasi_kabkota"), "aktivitas_partisipasi_kabkota", "partisipasi_per_kabkota",
              sembunyikan=("kode_kabkota",))

st.subheader("Kegiatan per komunitas")
st.caption("Semua komunitas di wilayah dan filter terpilih; komunitas tanpa kegiatan pada periode ini bernilai 0.")
paged_table(page, "activity_per_community", "aktivitas_komunitas", "kegiatan_per_komunitas",
            cari_di=("nama_komunitas", "kabkota"), sembunyikan=("kode_kabkota",))  # one page at a time (issue 19)

"""Laporan Dua Bulanan: the draft of the report to the centre (six components, top 5 themes each) that the
user reorders, replaces and rewords, saves per period and data selection, and exports as XLSX/CSV."""
from __future__ import annotations

import streamlit as st

from ui import empty_state, refleksi, require_scope
from vocab import KOMPONEN_LAPORAN, KOMPONEN_LAPORAN_LABEL, KOMPONEN_SUMBER

page = require_scope("Laporan Dua Bulanan")
if page.kosong:
    empty_state(page)
pilihan = refleksi.pilih_periode(page)
if pilihan is None:
    refleksi.tanpa_refleksi(page)
blok, periode, jumlah = pilihan

kandidat = blok.query("bimonthly_draft")
st.caption("Lima tema teratas tiap komponen menurut jumlah komunitas yang menyebutnya. Ubah urutan, ganti tema "
           "atau rumusannya langsung di tabel, lalu simpan draf dan unduh laporannya. Draf disimpan per periode "
           "dan per pilihan wilayah/filter.")
if kandidat.empty:
    st.info("Refleksi periode ini belum dikelompokkan ke dalam tema, jadi draf laporan belum dapat disusun. "
            "Admin dapat mengelompokkannya dari halaman Refleksi (Leksikon tema).")
    st.stop()
draft = refleksi.bimonthly_report_editor(blok, periode, kandidat)
refleksi.unduh_laporan(blok, periode, draft)
refleksi.versi_laporan(blok, periode)

st.subheader("Telusuri butir di balik angka")
kiri, kanan = st.columns(2)
k = kiri.selectbox("Komponen laporan", KOMPONEN_LAPORAN, format_func=KOMPONEN_LAPORAN_LABEL.get,
                   key="laporan_telusur_komponen", bind="query-params")
tema = kanan.selectbox("Tema", list(draft.loc[draft["komponen_laporan"] == k, "tema"]), key="laporan_telusur_tema",
                   bind="query-params")
if tema:
    refleksi.telusuri(blok, KOMPONEN_SUMBER[k], tema, "laporan_telusur",
                      f"butir_laporan_{k}_{refleksi.berkas(periode)}")
else:
    st.info("Belum ada tema untuk komponen ini pada periode ini.")

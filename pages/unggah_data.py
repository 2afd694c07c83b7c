"""Unggah Data (admin): upload exports, check the detected kind and column mapping, try the load
(dry run), then apply it atomically."""
from __future__ import annotations

import streamlit as st

from ui import first_start, require_scope, riwayat, upload

page = require_scope("Unggah Data", admin_only=True, sidebar_filters_shown=False)
upload.show_last_result(page)
first_start.sample_notice(page)  # while the store holds the sample data: "Hapus data contoh"

st.markdown(
    "Unggah satu atau beberapa berkas CSV/XLSX (ekspor PMM, jawaban Google Forms, atau daftar buatan sendiri). "
    "Periksa dulu hasil uji coba; data baru masuk setelah Anda menekan **Muat data**. "
    "Jika ada berkas yang gagal, tidak ada satu pun yang dimuat."
)
berkas = st.file_uploader("Berkas data", type=["csv", "tsv", "txt", "xlsx"], accept_multiple_files=True,
                          key=upload.uploader_key())
sources = upload.sources(berkas or [])
if sources:
    pilihan = [upload.mapping_editor(page, i, s) for i, s in enumerate(sources)]
    upload.dry_run_and_load(page, sources, pilihan)

riwayat.tampilkan(page)

st.subheader("Templat CSV")
st.caption("Kolom minimal yang dikenali untuk setiap jenis data. Nama kolom lain yang umum juga dikenali.")
upload.templates()

"""Rencana Tindak Lanjut: the communities' follow-up plans per community and theme (searchable), and the
communities that have not reflected in the period yet — the wali wilayah's chase list."""
from __future__ import annotations

import streamlit as st

from ui import empty_state, refleksi, require_scope
from ui import format as fmt
from ui.table import table

page = require_scope("Rencana Tindak Lanjut")
if page.kosong:
    empty_state(page)
blok, periode, jumlah = refleksi.pilih_periode(page, tambah_terkini=True)
label, nama = refleksi.periode_label(periode), refleksi.berkas(periode)

st.subheader(f"Rencana tindak lanjut komunitas, {label}")
cari = st.text_input("Cari nama komunitas, isi rencana, atau tema", key="rtl_cari",
                     placeholder="mis. lesson study, modul ajar, Gugus 3")
rencana = blok.query("reflection_followup", extra={"cari": cari.strip() or None})
st.caption(f"{fmt.angka(len(rencana))} butir rencana dari {fmt.angka(rencana['id_komunitas'].nunique())} komunitas.")
table(blok, rencana, "rtl_rencana", f"rencana_tindak_lanjut_{nama}", sembunyikan=("id_komunitas", "kode_kabkota"),
      kosong="Tidak ada rencana tindak lanjut yang cocok untuk periode dan pencarian ini.")

belum = blok.query("reflection_missing")
st.subheader(f"{fmt.angka(len(belum))} komunitas belum mengisi refleksi {label}")
st.caption(f"{fmt.angka(jumlah)} komunitas sudah mengisi. Hubungi penggerak komunitas di bawah ini; refleksi "
           "terakhir kosong berarti komunitas belum pernah mengisi refleksi.")
table(blok, belum, "rtl_belum", f"belum_refleksi_{nama}", sembunyikan=("id_komunitas", "kode_kabkota"),
      kosong="Semua komunitas di wilayah dan filter ini sudah mengisi refleksi periode ini.")

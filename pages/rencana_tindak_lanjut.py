"""Rencana Tindak Lanjut: the communities' follow-up plans per community and theme (searchable), and the
communities that have not reflected in the period yet — the wali wilayah's chase list."""
from __future__ import annotations

import streamlit as st

from ui import empty_state, refleksi, require_scope
from ui import format as fmt
from ui.table import paged_table, table

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

# Guide Bab 3 §D: the plans of this period should show up in the next one (rule: docs/ATURAN.md).
tindak = blok.query("rtl_tindak_lanjut")
st.subheader(f"Apakah rencana {label} dijalankan pada periode berikutnya?")
if not tindak.empty:
    dari_b, sampai_b = tindak["dari_berikut"].iloc[0], tindak["sampai_berikut"].iloc[0]
    sudah = {s: int((tindak["status"] == s).sum()) for s in ("dijalankan", "belum terlihat", "tidak ada data")}
    st.caption(
        f"Periode berikutnya: {fmt.periode(dari_b, sampai_b)}. Sebuah komunitas 'dijalankan' bila minimal satu tema "
        "rencananya muncul di topik kegiatan atau butir 'hal baik' refleksinya pada periode berikutnya; 'belum "
        "terlihat' bila ada kegiatan atau refleksi tetapi tema rencananya tidak muncul; 'tidak ada data' bila "
        "periode berikutnya belum selesai dimuat, komunitas tidak punya kegiatan maupun refleksi di sana, atau "
        f"rencananya tidak bertema. {fmt.angka(sudah['dijalankan'])} dijalankan, "
        f"{fmt.angka(sudah['belum terlihat'])} belum terlihat, {fmt.angka(sudah['tidak ada data'])} tidak ada data.")
    if not bool(tindak["berikut_selesai"].iloc[0]):
        st.info("Data periode berikutnya belum lengkap: komunitas tanpa tema yang cocok dihitung 'tidak ada data', "
                "bukan 'belum terlihat'.")
table(blok, blok.query("rtl_tindak_lanjut_kabkota"), "rtl_tindak_kabkota", f"tindak_lanjut_rtl_kabkota_{nama}",
      sembunyikan=("kode_kabkota",), kosong="Tidak ada rencana tindak lanjut pada periode dan filter ini.")
table(blok, tindak, "rtl_tindak_komunitas", f"tindak_lanjut_rtl_komunitas_{nama}",
      sembunyikan=("id_komunitas", "kode_kabkota", "dari_berikut", "sampai_berikut", "berikut_selesai"),
      kosong="Tidak ada rencana tindak lanjut pada periode dan filter ini.")

# The chase list can be most of the country's communities: paged in SQL (issue 19), its count heads it.
judul = st.container()
belum = paged_table(blok, "reflection_missing", "rtl_belum", f"belum_refleksi_{nama}",
                    cari_di=("nama_komunitas", "kabkota"), sembunyikan=("id_komunitas", "kode_kabkota"),
                    kosong="Semua komunitas di wilayah dan filter ini sudah mengisi refleksi periode ini.")
judul.subheader(f"{fmt.angka(belum)} komunitas belum mengisi refleksi {label}")
judul.caption(f"{fmt.angka(jumlah)} komunitas sudah mengisi. Hubungi penggerak komunitas di bawah ini; refleksi "
              "terakhir kosong berarti komunitas belum pernah mengisi refleksi.")

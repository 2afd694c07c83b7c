"""Refleksi: the themes of the two-monthly reflections per component (rank, share, change, examples),
the items behind every count (correctable by a reviewer), the items to review first, the items no theme fits, and
the theme lexicon (editable by admin/pimpinan)."""
from __future__ import annotations

import streamlit as st

from ui import empty_state, refleksi, require_scope
from ui import format as fmt
from ui.table import table

page = require_scope("Refleksi")
if page.kosong:
    empty_state(page)
pilihan = refleksi.pilih_periode(page)
if pilihan is None:
    refleksi.tanpa_refleksi(page)
blok, periode, jumlah = pilihan
label, nama = refleksi.periode_label(periode), refleksi.berkas(periode)

peringkat = blok.query("reflection_theme_ranking")
st.subheader(f"Tema refleksi {label}: {fmt.angka(jumlah)} komunitas mengisi")
if peringkat.empty:
    st.info("Refleksi periode ini belum dikelompokkan ke dalam tema. Admin dapat menyimpan leksikon di bagian "
            "Leksikon tema di bawah untuk mengelompokkan semua butir.")
else:
    refleksi.grafik_tema(blok, periode, peringkat)
    komponen = list(dict.fromkeys(peringkat["komponen"]))
    with st.expander("Tabel semua tema per komponen (dengan contoh butir dan unduhan)"):
        st.caption("Peringkat menurut jumlah komunitas yang menyebut tema (lalu jumlah butir). Persen = bagian dari "
                   "komunitas yang menjawab komponen itu. Selisih dibandingkan dengan periode dua bulan sebelumnya; "
                   "kosong bila periode sebelumnya belum ada refleksi.")
        for tab, k in zip(st.tabs([refleksi.KOMPONEN_LABEL.get(k, k) for k in komponen]), komponen):
            with tab:
                table(blok, peringkat[peringkat["komponen"] == k], f"refleksi_tema_{k}", f"tema_refleksi_{k}_{nama}",
                      sembunyikan=("komponen",),
                      depan=("peringkat", "tema", "jumlah_komunitas", "persen_komunitas", "selisih_komunitas",
                             "contoh_1", "contoh_2", "contoh_3"))

    st.subheader("Telusuri butir di balik angka")
    kiri, kanan = st.columns(2)
    k = kiri.selectbox("Komponen", komponen, format_func=lambda k: refleksi.KOMPONEN_LABEL.get(k, k),
                       key="refleksi_telusur_komponen", bind="query-params")
    tema = kanan.selectbox("Tema", list(peringkat.loc[peringkat["komponen"] == k, "tema"]),
                           key="refleksi_telusur_tema", bind="query-params")
    refleksi.telusuri(blok, [k], tema, "refleksi_telusur", f"butir_refleksi_{k}_{nama}")

    st.subheader("Perlu ditinjau")
    refleksi.perlu_ditinjau(blok, peringkat, nama)
    with st.expander("Riwayat koreksi tema"):
        refleksi.riwayat_koreksi(blok, blok.query("koreksi_tema_log"))

st.subheader("Butir tanpa tema (lainnya)")
st.caption("Butir yang tidak cocok dengan tema mana pun. Pasangan kata yang sering muncul di sini adalah calon "
           "kata kunci leksikon.")
semua = "semua"
k_lain = st.selectbox("Komponen", [semua, *refleksi.KOMPONEN_LABEL], key="refleksi_lainnya_komponen",
                      format_func=lambda k: "Semua komponen" if k == semua else refleksi.KOMPONEN_LABEL[k],
                      bind="query-params")
pilih_komponen = None if k_lain == semua else [k_lain]
frasa = blok.query("reflection_unmatched_terms", extra={"komponen": pilih_komponen})
kiri, kanan = st.columns([2, 3])
with kiri:
    table(blok, frasa, "refleksi_frasa", f"frasa_tanpa_tema_{nama}", kosong="Tidak ada butir tanpa tema.")
with kanan:
    refleksi.butir_tema(blok, pilih_komponen, "lainnya", "refleksi_lainnya", f"butir_tanpa_tema_{nama}")

st.subheader("Leksikon tema")
refleksi.leksikon(page, list(frasa["frasa"]))

"""Program UPT: the UPT's own events against its plan (guide, Lampiran), the automatic programme checks, the
editable plan and manual event entry (admin/pimpinan), and the needs survey (Bab 2 §B.7). Definitions:
queries/program_*.sql, queries/kebutuhan_topik.sql; writes: edits/program_plan.py."""
from __future__ import annotations

import streamlit as st

from edits.program_plan import PlanError, add_event, save_plan
from ui import actions, charts, require_scope
from ui import format as fmt
from ui.table import table
from vocab import JENIS_KEGIATAN_UPT

page = require_scope("Program UPT")
boleh_ubah = page.scope.can_edit
actions.show_result("program_pesan")

# --- Checks -----------------------------------------------------------------------------------------------
st.subheader(f"Pemeriksaan program, {page.periode}")
for cek in page.query("program_cek").itertuples():
    tampil, ikon = {"terpenuhi": (st.success, ":material/check_circle:"),
                    "belum terpenuhi": (st.warning, ":material/error:")}.get(cek.status, (st.info, ":material/info:"))
    tampil(f"**{cek.judul}** — {fmt.nilai(cek.status)}. {cek.keterangan}", icon=ikon)

# --- Month grid -------------------------------------------------------------------------------------------
bulanan = page.query("program_bulanan")
st.subheader("Linimasa program: rencana dan pelaksanaan")
st.caption("Setiap sel: kegiatan terlaksana / direncanakan. Kegiatan untuk seluruh wilayah UPT dihitung di "
           "semua kab/kota.")
if not bulanan.empty:
    urutan = {j: i for i, j in enumerate(JENIS_KEGIATAN_UPT)}
    grid = bulanan.assign(
        sel=bulanan["jumlah_terlaksana"].astype(int).astype(str) + " / " + bulanan["jumlah_rencana"].astype(str),
        bulan=bulanan["bulan"].map(fmt.bulan), kegiatan=bulanan["jenis_kegiatan"].map(fmt.nilai),
        _urut=bulanan["jenis_kegiatan"].map(urutan))
    pivot = grid.pivot_table(index=["_urut", "kegiatan"], columns="bulan", values="sel", aggfunc="first", sort=False)
    st.dataframe(pivot.droplevel(0).rename_axis(index="Kegiatan", columns=None), key="program_grid")
    per_bulan = bulanan.groupby("bulan", as_index=False)[["jumlah_rencana", "jumlah_terlaksana"]].sum()
    panjang = per_bulan.melt(id_vars="bulan", var_name="ukuran", value_name="jumlah").assign(
        bulan=lambda d: d["bulan"].map(fmt.bulan),
        ukuran=lambda d: d["ukuran"].map({"jumlah_rencana": "Direncanakan", "jumlah_terlaksana": "Terlaksana"}))
    grafik = charts.bar(
        panjang, "bulan", "jumlah", judul="Kegiatan UPT direncanakan dan terlaksana per bulan", sub=page.periode,
        label_x="Bulan", label_y="Jumlah kegiatan", warna="ukuran",
        peta_warna={"Direncanakan": "#BBBBBB", "Terlaksana": charts.WARNA_UTAMA}, berkelompok=True)
    charts.show(grafik, key="program_per_bulan")
    with st.expander("Tabel rencana dan pelaksanaan per bulan"):
        table(page, bulanan, "program_bulanan", "program_upt_bulanan")

    if boleh_ubah:
        with st.expander("Ubah rencana program", icon=":material/edit_calendar:"):
            rencana = bulanan.pivot_table(index="jenis_kegiatan", columns="bulan", values="jumlah_rencana",
                                          aggfunc="first").reindex(list(JENIS_KEGIATAN_UPT)).fillna(0).astype(int)
            st.caption("Isi jumlah kegiatan yang direncanakan per bulan (0 = tidak direncanakan), lalu simpan.")
            diubah = st.data_editor(
                rencana, key=f"program_rencana_editor_{page.filters.dari}_{page.filters.sampai}", num_rows="fixed",
                column_config={b: st.column_config.NumberColumn(fmt.bulan(b), min_value=0, max_value=99, step=1)
                               for b in rencana.columns})
            if st.button("Simpan rencana", key="program_simpan_rencana", type="primary"):
                sel = [(b, j, diubah.at[j, b]) for j in diubah.index for b in diubah.columns]
                actions.write_and_rerun(
                    lambda: f"Rencana disimpan ({save_plan(page.path, sel, page.scope.email)} sel berisi rencana).",
                    key="program_pesan", expected=(PlanError,))

if boleh_ubah:
    with st.expander("Catat satu kegiatan UPT", icon=":material/add_circle:"):
        with st.form("program_form_kegiatan", clear_on_submit=True):
            jenis = st.selectbox("Jenis kegiatan", JENIS_KEGIATAN_UPT, format_func=fmt.nilai, key="program_form_jenis")
            nama = st.text_input("Nama kegiatan", key="program_form_nama")
            tanggal = st.date_input("Tanggal", value=page.filters.sampai, format="DD/MM/YYYY",
                                    key="program_form_tanggal")
            wilayah = [""] + sorted(page.kabkota_names)
            kab = st.selectbox("Kab/kota", wilayah, key="program_form_kabkota",
                               format_func=lambda k: page.kabkota_names.get(k, "Seluruh wilayah UPT"))
            peserta = st.number_input("Jumlah peserta", min_value=0, value=0, step=1, key="program_form_peserta")
            if st.form_submit_button("Simpan kegiatan", type="primary"):
                def catat() -> str:
                    add_event(page.path, jenis_kegiatan=jenis, tanggal=tanggal, nama_kegiatan=nama,
                              kode_kabkota=kab or None, jumlah_peserta=int(peserta) or None)
                    return f"Kegiatan '{nama or fmt.nilai(jenis)}' dicatat."

                actions.write_and_rerun(catat, key="program_pesan", expected=(PlanError,))

st.subheader("Daftar kegiatan UPT")
table(page, page.query("program_kegiatan"), "program_kegiatan", "kegiatan_upt",
      kosong="Belum ada kegiatan UPT tercatat pada periode ini. Unggah daftar hadir kegiatan UPT di halaman "
             "Unggah Data, atau catat kegiatan di atas.")

# --- Needs survey -----------------------------------------------------------------------------------------
st.subheader("Survei kebutuhan penggerak")
kebutuhan = page.query("kebutuhan_topik")
if kebutuhan.empty:
    st.info("Belum ada jawaban survei kebutuhan. Unggah ekspor Google Form survei (kolom seperti 'Topik "
            "peningkatan kapasitas yang dibutuhkan') di halaman Unggah Data.")
else:
    semua = page.query("kebutuhan_topik_ringkas")
    responden = int(semua["total_responden"].iloc[0])
    charts.show(charts.bar(
        semua.head(10), "topik", "jumlah_responden",
        judul=f"Topik upgrading paling dibutuhkan ({fmt.angka(responden)} responden)",
        sub=f"{page.lingkup()}, jawaban sampai {fmt.tanggal(page.filters.sampai)}", label_x="Topik",
        label_y="Jumlah responden", horizontal=True), key="program_kebutuhan")
    st.caption("Per kab/kota: topik yang paling banyak diminta, sebagai bahan memilih topik upgrading berikutnya.")
    table(page, kebutuhan, "program_kebutuhan_tabel", "kebutuhan_topik_per_kabkota", sembunyikan=("kode_kabkota",))

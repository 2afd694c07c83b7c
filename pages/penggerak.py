"""Penggerak: eligibility (Bab 1 §D.1, Bab 2 §C.2), the "aktif belajar dan berbagi" ranking for choosing
offline-upgrading participants (Bab 2 §B.6) with adjustable weights, and pengimbasan after offline upgrading
(Bab 2 §B.8.c). Definitions: queries/_penggerak_eligibility.sql, queries/penggerak_ranking.sql."""
from __future__ import annotations

import streamlit as st

from queries.runner import PageRequest
from ui import empty_state, require_scope
from ui import format as fmt
from ui.table import UKURAN_HALAMAN, paged_table, rows

CARI = ("penggerak_nama", "penggerak_email", "kabkota")  # what a list's search box looks in

page = require_scope("Penggerak Komunitas")
if page.kosong:
    empty_state(page)

# --- Eligibility ----------------------------------------------------------------------------------------
# The figures from one aggregate row, the list one page at a time (issue 19): never a row per penggerak whole.
kelayakan = page.query("penggerak_eligibility_ringkas").iloc[0]
st.subheader(f"Kelayakan penggerak, {page.lingkup()}")
if not int(kelayakan["jumlah_penggerak"]):
    st.info("Belum ada penggerak di wilayah dan filter ini. Unggah daftar penggerak dan daftar komunitas di "
            "halaman Unggah Data.")
else:
    k1, k2, k3, k4 = st.columns(4)
    k1.metric("Penggerak", fmt.angka(int(kelayakan["jumlah_penggerak"])))
    k2.metric("Layak daftar PMM", fmt.angka(int(kelayakan["layak_daftar_pmm"])),
              help="Layak mendaftarkan komunitas di PMM: punya akun belajar.id dan sudah Aksi Nyata topik "
                   "Kurikulum Merdeka serta Perencanaan Pembelajaran (Bab 2 C.2.e).")
    k3.metric("Memenuhi kriteria umum", fmt.angka(int(kelayakan["memenuhi_kriteria_umum"])),
              help="Sudah Aksi Nyata minimal 2 dari 4 topik Pelatihan Mandiri (Bab 1 D.1).")
    k4.metric("Belum ada di daftar penggerak", fmt.angka(int(kelayakan["belum_di_daftar"])),
              help="Email penggerak komunitas yang tidak ada di daftar penggerak: data pelatihannya belum diketahui.")
    tampil = st.segmented_control(
        "Tampilkan", ["Semua", "Belum layak daftar PMM", "Belum memenuhi kriteria umum"], default="Semua",
        key="penggerak_tampil_kelayakan", bind="query-params")
    belum = (False, None)  # not true: false or unknown
    saring = {"Belum layak daftar PMM": (("layak_daftar_pmm", belum),),
              "Belum memenuhi kriteria umum": (("memenuhi_kriteria_umum", belum),)}.get(tampil, ())
    paged_table(page, "penggerak_eligibility", "penggerak_kelayakan", "kelayakan_penggerak", saring=saring,
                cari_di=CARI, sembunyikan=("kode_kabkota",),
                depan=("penggerak_nama", "kabkota", "layak_daftar_pmm", "memenuhi_kriteria_umum", "kekurangan"))

# --- Ranking ----------------------------------------------------------------------------------------------
st.subheader("Peringkat penggerak aktif belajar dan berbagi")
st.caption("Bahan seleksi peserta peningkatan kapasitas (upgrading) luring (Bab 2 B.6). Atur bobot tiap "
           "komponen; bobot 0 berarti komponen itu tidak dihitung.")
KOMPONEN = (
    ("kegiatan", "Kegiatan difasilitasi", "kegiatan komunitas yang dipimpinnya pada periode ini"),
    ("berbagi", "Berbagi praktik baik", "kegiatan berbentuk berbagi praktik baik pada periode ini"),
    ("aturan", "Aturan mingguan", "rata-rata % minggu terpenuhi komunitas yang dipimpinnya"),
    ("upt", "Kegiatan UPT dihadiri", "kegiatan UPT pada periode ini yang dihadirinya"),
    ("pengimbasan", "Pengimbasan", "sudah memfasilitasi kegiatan sesudah ikut upgrading luring"),
)
kolom_bobot = st.columns(len(KOMPONEN))
bobot = {}
for kolom, (kunci, label, arti) in zip(kolom_bobot, KOMPONEN):
    bobot[f"bobot_{kunci}"] = float(kolom.number_input(label, min_value=0.0, max_value=10.0, value=1.0, step=0.5,
                                                       key=f"penggerak_bobot_{kunci}", help=arti,
                                                       bind="query-params"))

with st.expander("Rumus skor", expanded=True):
    st.markdown(
        "Setiap komponen diubah ke skala 0–1 terhadap penggerak di wilayah dan filter terpilih:\n"
        "- **n_kegiatan** = kegiatan difasilitasi ÷ nilai terbesar di antara penggerak yang tampil\n"
        "- **n_berbagi** = kegiatan berbagi praktik baik ÷ nilai terbesar\n"
        "- **n_aturan** = rata-rata % minggu terpenuhi komunitas yang dipimpin ÷ 100 (0 bila belum bisa dinilai)\n"
        "- **n_upt** = kegiatan UPT yang dihadiri ÷ nilai terbesar\n"
        "- **n_pengimbasan** = 1 bila sesudah ikut upgrading luring sudah memfasilitasi kegiatan di komunitasnya, "
        "selain itu 0\n\n"
        "**Skor** = 100 × (b_kegiatan·n_kegiatan + b_berbagi·n_berbagi + b_aturan·n_aturan + b_upt·n_upt + "
        "b_pengimbasan·n_pengimbasan) ÷ (jumlah semua bobot), dibulatkan satu desimal. Skor sama = peringkat sama."
    )

if sum(bobot.values()) == 0:
    st.warning("Semua bobot bernilai 0: skor tidak dapat dihitung. Isi minimal satu bobot.")
else:
    ringkas = page.query("penggerak_ranking_ringkas").iloc[0]  # counts that no weight changes
    n_penggerak = int(ringkas["jumlah_penggerak"])
    if not n_penggerak:
        st.info("Belum ada penggerak di wilayah dan filter ini.")
    else:
        contoh = st.empty()  # the first-ranked penggerak, read off the table's first page below
        jumlah = st.number_input("Jumlah penggerak teratas yang dipilih", min_value=1, max_value=n_penggerak,
                                 value=min(30, n_penggerak), step=5, key="penggerak_jumlah_teratas",
                                 bind="query-params")
        teratas = (("peringkat", int(jumlah)),)
        # the same request as the table's first page in its own order: one query, cached
        pertama, n_ambil = rows(page, "penggerak_ranking",
                                PageRequest(search_in=CARI, upto=teratas, limit=UKURAN_HALAMAN), extra=bobot)
        t = pertama.iloc[0]
        contoh.caption(
            f"Contoh: {fmt.polos(t.penggerak_nama)} (peringkat {int(t.peringkat)}) — "
            f"{int(t.kegiatan_difasilitasi)} kegiatan (n = {fmt.angka(t.n_kegiatan, 3)}), "
            f"{int(t.kegiatan_berbagi)} berbagi praktik baik (n = {fmt.angka(t.n_berbagi, 3)}), "
            f"aturan mingguan {fmt.persen(t.rata_persen_terpenuhi)} (n = {fmt.angka(t.n_aturan, 3)}), "
            f"{int(t.kegiatan_upt_dihadiri)} kegiatan UPT (n = {fmt.angka(t.n_upt, 3)}), "
            f"pengimbasan n = {fmt.angka(t.n_pengimbasan)} → skor {fmt.angka(t.skor, 1)}.")
        st.caption(f"{fmt.angka(n_ambil)} penggerak dengan peringkat 1–{int(jumlah)} (penggerak berperingkat "
                   f"sama ikut semua). Unduhan berisi daftar ini sebagai bahan undangan upgrading luring.")
        paged_table(page, "penggerak_ranking", "penggerak_peringkat", "seleksi_upgrading_luring", extra=bobot,
                    upto=teratas, cari_di=CARI,
                    sembunyikan=("kode_kabkota",), depan=("peringkat", "penggerak_nama", "kabkota", "skor"))

        # --- Pengimbasan --------------------------------------------------------------------------------
        st.subheader("Pengimbasan sesudah upgrading luring")
        if not int(ringkas["ikut_luring"]):
            st.info("Belum ada penggerak di wilayah ini yang tercatat hadir pada kegiatan peningkatan kapasitas "
                    "luring sampai akhir periode.")
        else:
            st.markdown(
                f"**{fmt.angka(int(ringkas['sudah_mengimbaskan']))} dari {fmt.angka(int(ringkas['ikut_luring']))}** "
                f"penggerak yang ikut upgrading luring sudah "
                f"memfasilitasi kegiatan di komunitasnya sesudah tanggal upgrading (Bab 2 B.8.c). Yang belum perlu "
                f"didorong untuk mengimbaskan hasil upgrading.")
            kolom_imbas = ("penggerak_nama", "penggerak_email", "kabkota", "ikut_luring_pada",
                           "kegiatan_setelah_luring", "sudah_mengimbaskan", "jumlah_komunitas")
            paged_table(page, "penggerak_ranking", "penggerak_imbas", "pengimbasan_penggerak", extra=bobot,
                        present=("ikut_luring_pada",), kolom=kolom_imbas,
                        urut_bawaan=(("sudah_mengimbaskan", False), ("penggerak_nama", False)),
                        cari_di=CARI)

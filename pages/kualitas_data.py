"""Kualitas Data: the rows that could not be loaded (quarantine) grouped by reason, mappings that fix them
(admin: a kab/kota spelling -> an official kab/kota, a community name -> an existing community; stored in
`pemetaan`, applied at once and to every later load), communities probably registered twice (admin: merge one
group with one click), and completeness indicators with downloadable lists.
Definitions: queries/kualitas_*.sql, queries/_karantina.sql, queries/probable_duplicates.sql; writes:
edits/mappings.py."""
from __future__ import annotations

import functools
import hashlib

import pandas as pd
import streamlit as st

from edits.mappings import MappingError, map_kabkota, map_komunitas, merge_komunitas
from ui import PageContext, actions, require_scope
from ui import format as fmt
from ui import formulir as formulir_ui
from ui.table import paged_table, table

BATAS_TAMPIL = 1_000  # completeness rows shown on screen
BATAS_PILIHAN = 500  # mapping targets offered at once
BATAS_GABUNG = 20  # groups of probable duplicates per page, each with its merge button


def _rincian_lengkap(page: PageContext, indikator: str, buang: list[str]) -> pd.DataFrame:
    """Every row of one completeness indicator, built only when a download is clicked and never cached."""
    return page.query_uncached("kualitas_kelengkapan_rincian", {"indikator": indikator}).drop(columns=buang)


page = require_scope("Kualitas Data")
actions.show_result("kualitas_pesan")

# --- Quarantine -------------------------------------------------------------------------------------------
st.subheader("Baris yang belum dapat dimuat (karantina)")
if page.scope.restricted:
    st.caption("Hanya baris yang kab/kotanya dapat dipastikan berada di wilayah Anda. Baris dengan kab/kota yang "
               "tidak dikenal ditangani admin UPT.")
ringkas = page.query("kualitas_karantina_ringkas")
if ringkas.empty:
    st.success("Tidak ada baris di karantina: semua baris berkas yang diunggah sudah dimuat.")
else:
    st.markdown(f"**{fmt.angka(ringkas['jumlah_baris'].sum())} baris** menunggu perbaikan, menurut alasannya:")
    table(page, ringkas, "kualitas_ringkas", "karantina_per_alasan", sembunyikan=("kode_alasan",))
    kelompok = dict(zip(ringkas["kode_alasan"], ringkas["kelompok"]))
    pilih = st.selectbox("Lihat baris untuk alasan", list(kelompok), format_func=kelompok.get,
                         key="kualitas_alasan", bind="query-params")
    # One page of the reason's rows, filtered in SQL (a national load can quarantine hundreds of thousands).
    paged_table(page, "kualitas_karantina", "kualitas_baris", f"karantina_{pilih}", saring=(("kode_alasan", pilih),),
                cari_di=("nama_komunitas", "nilai", "sumber_file"),
                sembunyikan=("id_karantina", "kode_alasan", "kode_kabkota"))

# --- Mappings (admin) -------------------------------------------------------------------------------------
if page.scope.is_admin and not ringkas.empty:
    st.subheader("Perbaiki dengan pemetaan")
    st.caption("Pemetaan disimpan dan langsung diterapkan ke baris karantina yang cocok, serta ke setiap "
               "unggahan berikutnya. Baris yang tetap gagal tetap di karantina dengan alasan barunya.")
    ejaan = page.query("kualitas_ejaan_kabkota")
    kiri, kanan = st.columns(2)
    with kiri:
        st.markdown("**Ejaan kab/kota → kab/kota resmi**")
        if ejaan.empty:
            st.caption("Tidak ada ejaan kab/kota yang belum dikenal.")
        else:
            label = {r.ejaan: f"{r.ejaan} ({fmt.angka(r.jumlah_baris)} baris)" for r in ejaan.itertuples()}
            tulisan = st.selectbox("Ejaan di berkas", list(label), format_func=label.get, key="kualitas_ejaan")
            daftar = page.query("kualitas_kabkota_resmi")
            resmi = dict(zip(daftar["kode_kabkota"], daftar["kabkota"] + ", " + daftar["provinsi"]))
            kode = st.selectbox("Kab/kota resmi", list(resmi), format_func=lambda k: f"{resmi[k]} ({k})", index=None,
                                placeholder="Pilih kab/kota", key="kualitas_ejaan_target")
            if st.button("Simpan pemetaan kab/kota", key="kualitas_simpan_ejaan", disabled=kode is None):
                def simpan_ejaan() -> str:
                    with st.spinner("Menerapkan pemetaan ke baris karantina…"):
                        hasil = map_kabkota(page.path, tulisan, kode)
                    return f"'{fmt.polos(tulisan)}' → {resmi[kode]}. {hasil.to_text()}"

                actions.write_and_rerun(simpan_ejaan, key="kualitas_pesan", expected=(MappingError,))
    with kanan:
        st.markdown("**Nama komunitas → komunitas yang sudah terdaftar**")
        nama = page.query("kualitas_nama_komunitas")
        if nama.empty:
            st.caption("Tidak ada nama komunitas yang belum dikenal.")
        else:
            baris_nama = {int(r.contoh_id_karantina): r for r in nama.itertuples()}
            pilih_id = st.selectbox(
                "Nama di berkas", list(baris_nama), key="kualitas_nama",
                format_func=lambda i: f"{baris_nama[i].nama_komunitas} — {baris_nama[i].kabkota} "
                                      f"({fmt.angka(baris_nama[i].jumlah_baris)} baris)")
            dipilih = baris_nama[pilih_id]
            # Candidates in the row's kab/kota (any, when unknown) matching the search, not every community.
            cari = st.text_input("Cari komunitas terdaftar", key="kualitas_nama_cari",
                                 placeholder="Ketik sebagian nama komunitas")
            kode_asal = dipilih.kode_kabkota if isinstance(dipilih.kode_kabkota, str) else None
            pilihan = page.query("kualitas_komunitas_pilihan",
                                 {"kode_kabkota": kode_asal, "cari": cari, "batas": BATAS_PILIHAN})
            if len(pilihan) == BATAS_PILIHAN:
                st.caption(f"Hanya {fmt.angka(BATAS_PILIHAN)} komunitas pertama yang ditampilkan; ketik sebagian "
                           "nama untuk mempersempit.")
            komunitas = dict(zip(pilihan["id_komunitas"], pilihan["nama_komunitas"] + " — " + pilihan["kabkota"]))
            target = st.selectbox("Komunitas terdaftar", list(komunitas), format_func=komunitas.get, index=None,
                                  placeholder="Ketik untuk mencari komunitas", key="kualitas_nama_target")
            if st.button("Simpan pemetaan komunitas", key="kualitas_simpan_nama", disabled=target is None):
                def simpan_nama() -> str:
                    with st.spinner("Menerapkan pemetaan ke baris karantina…"):
                        hasil = map_komunitas(page.path, pilih_id, target)
                    return f"'{fmt.polos(dipilih.nama_komunitas)}' → {fmt.polos(komunitas[target])}. {hasil.to_text()}"

                actions.write_and_rerun(simpan_nama, key="kualitas_pesan", expected=(MappingError,))

# --- Probable duplicates -------------------------------------------------------------------------------
# One page of groups at a time (nationally 50,000 groups, 119,000 rows): the page's rows and the list's totals
# come from one query; the full list is read only when downloaded.
st.subheader("Kemungkinan komunitas ganda")


def _halaman_ganda(nomor: int) -> pd.DataFrame:
    dari = (nomor - 1) * BATAS_GABUNG + 1
    return page.query("probable_duplicates_halaman",
                      {"kelompok_dari": dari, "kelompok_sampai": dari + BATAS_GABUNG - 1})


def _semua_ganda(page: PageContext) -> pd.DataFrame:
    """Every row of every group, built only when a download is clicked and never cached."""
    return page.query_uncached("probable_duplicates")


HAL_GANDA = "kualitas_ganda_hal"
nomor_hal = max(1, int(st.session_state.get(HAL_GANDA) or 1))
ganda = _halaman_ganda(nomor_hal)
if ganda.empty and nomor_hal > 1:  # the list got shorter (a merge) and the page lies past its end: its last page
    pertama = _halaman_ganda(1)
    nomor_hal = max(1, -(-int(pertama["jumlah_kelompok"].iloc[0]) // BATAS_GABUNG)) if not pertama.empty else 1
    ganda = pertama if nomor_hal == 1 else _halaman_ganda(nomor_hal)
st.session_state[HAL_GANDA] = nomor_hal
if ganda.empty:
    st.caption("Tidak ada komunitas yang tampak terdaftar dua kali.")
else:
    jumlah_kelompok = int(ganda["jumlah_kelompok"].iloc[0])
    jumlah_baris_ganda = int(ganda["jumlah_baris"].iloc[0])
    ganda = ganda.drop(columns=["jumlah_kelompok", "jumlah_baris"])
    st.caption(
        f"{fmt.angka(jumlah_kelompok)} kelompok komunitas yang mungkin satu komunitas dengan beberapa ID: "
        "namanya sama di kab/kota yang sama (tanpa membedakan huruf besar/kecil, spasi, tanda baca, dan awalan "
        "'Komunitas Belajar'/'Kombel'), atau komunitas dalam sekolah dengan sekolah (NPSN) yang sama. Selama belum "
        "digabungkan, komunitas itu dihitung dua kali di setiap angka. Kolom 'Dipertahankan' menandai ID yang "
        "diusulkan tetap: yang kegiatannya paling banyak, lalu yang terdaftar lebih dulu.")
    halaman_ganda = -(-jumlah_kelompok // BATAS_GABUNG)
    pertama_no = int(ganda["no_kelompok"].min())
    terakhir_no = int(ganda["no_kelompok"].max())
    semua_ganda = functools.partial(_semua_ganda, page) if jumlah_baris_ganda > len(ganda) else None
    keterangan = (f"Kelompok {fmt.angka(pertama_no)}–{fmt.angka(terakhir_no)} dari {fmt.angka(jumlah_kelompok)} "
                  f"({fmt.angka(len(ganda))} dari {fmt.angka(jumlah_baris_ganda)} baris); unduhan berisi semua "
                  "baris.") if semua_ganda else None
    table(page, ganda, "kualitas_ganda", "komunitas_ganda", sembunyikan=("kode_kabkota", "id_dipertahankan"),
          semua=semua_ganda, jumlah=jumlah_baris_ganda, keterangan=keterangan)
    if halaman_ganda > 1:
        st.number_input("Halaman kelompok", min_value=1, max_value=halaman_ganda, step=1, key=HAL_GANDA, width=180,
                        help=f"{fmt.angka(halaman_ganda)} halaman, {fmt.angka(BATAS_GABUNG)} kelompok per halaman.")
    if page.scope.is_admin:
        st.caption(
            "Gabungkan hanya bila Anda yakin keduanya komunitas yang sama. Kegiatan dan refleksi ID lain pindah "
            "ke ID yang dipertahankan (pertemuan yang tercatat di keduanya dihitung sekali), ID lain dihapus dari "
            "daftar komunitas, dan unggahan berikutnya yang masih memuat ID lain itu masuk ke ID yang "
            "dipertahankan. Penggabungan tidak dapat dibatalkan dari dasbor.")
        if halaman_ganda > 1:
            st.caption("Tombol untuk kelompok di halaman ini; pilih halaman lain untuk kelompok berikutnya.")
        daftar = list(ganda.groupby("no_kelompok", sort=True))  # the groups on this page only
        for kolom_tombol, (nomor, anggota) in zip(st.columns(4) * BATAS_GABUNG, daftar):
            tetap = anggota["id_dipertahankan"].iloc[0]
            lain = [i for i in anggota["id_komunitas"] if i != tetap]
            kunci = hashlib.sha1("|".join(sorted(anggota["id_komunitas"])).encode()).hexdigest()[:12]
            if kolom_tombol.button(f"Gabungkan kelompok {nomor}", key=f"kualitas_gabung_{kunci}",
                                   help=f"{len(lain)} ID lain digabungkan ke ID yang dipertahankan"):
                def gabung(tetap: str = tetap, lain: list[str] = lain) -> str:
                    with st.spinner("Menggabungkan komunitas…"):
                        hasil = merge_komunitas(page.path, tetap, lain, page.scope.kabkota)
                    return fmt.polos(hasil.to_text())

                actions.write_and_rerun(gabung, key="kualitas_pesan", expected=(MappingError,))

# --- Completeness -----------------------------------------------------------------------------------------
st.subheader(f"Kelengkapan data, {page.periode}")
kelengkapan = page.query("kualitas_kelengkapan")
kolom = st.columns(len(kelengkapan)) if not kelengkapan.empty else []
for k, r in zip(kolom, kelengkapan.itertuples()):
    k.metric(r.judul, fmt.angka(r.jumlah), help=f"{fmt.persen(r.persen)} dari {fmt.angka(r.dari_total)}",
             delta=fmt.persen(r.persen), delta_color="off", delta_arrow="off")
if not kelengkapan.empty:
    judul = dict(zip(kelengkapan["indikator"], kelengkapan["judul"]))
    indikator = st.selectbox("Daftar untuk", list(judul), format_func=judul.get, key="kualitas_indikator",
                             bind="query-params")
    jumlah = int(kelengkapan.set_index("indikator").at[indikator, "jumlah"])
    # Only the rows shown are fetched (a national list has millions); the downloads query the whole list.
    rincian = page.query("kualitas_kelengkapan_rincian", {"indikator": indikator, "batas": BATAS_TAMPIL})
    buang = ["indikator", "kode_kabkota"] + (["tanggal", "topik"] if indikator.startswith("komunitas") else [])
    lengkap = functools.partial(_rincian_lengkap, page, indikator, buang) if jumlah > len(rincian) else None
    table(page, rincian.drop(columns=buang), "kualitas_rincian", indikator, semua=lengkap, jumlah=jumlah,
          kosong="Lengkap: tidak ada baris untuk indikator ini.")

# --- Prefilled form links (issue 17 item 4) -----------------------------------------------------------------
formulir_ui.tampilkan(page)

"""Prefilled Google Form links and QR codes per community (issue 17 item 4), on Kualitas Data.

An admin pastes the UPT's prefilled-link template once and says which field is the id, name and kab/kota
(edits/formulir.py; detected from placeholder answers such as ID / NAMA / KABKOTA). Everyone then downloads,
per kab/kota of their scope, a ZIP (one QR PNG per community + CSV of links + printable page) or the printable
HTML page alone: a wali sends the links with their follow-up messages. The communities come from the scoped
query kualitas_komunitas_pilihan, so a wali gets only their region.
"""
from __future__ import annotations

import functools
import logging
from pathlib import Path

import streamlit as st

from edits import formulir
from edits.formulir import FormulirError
from store import app_state
from store.cow import StoreError
from ui import actions
from ui import format as fmt
from ui.guard import PageContext

log = logging.getLogger(__name__)
PESAN_KEY = "formulir_pesan"
TAUTAN_KEY = "formulir_tautan"
BATAS_KOMUNITAS = 3000  # communities in one kab/kota sheet; a kab/kota has a few hundred
TIDAK_DIISI = "(tidak diisi otomatis)"


@st.cache_data(max_entries=16, show_spinner=False)
def _tersimpan(path: str, versi: str | None) -> formulir.Pengaturan | None:
    """Read once per version of the app's state (opening it costs tens of milliseconds per run)."""
    return formulir.read(Path(path))


def _baca(page: PageContext) -> formulir.Pengaturan | None:
    """The stored template; raises StoreError when the app's state cannot be read."""
    return _tersimpan(str(page.path), app_state.version(page.path))


def _baca_atau_pesan(page: PageContext) -> formulir.Pengaturan | None:
    try:
        return _baca(page)
    except StoreError as e:
        st.error(fmt.polos(e))
        return None


def _pengaturan(page: PageContext, tersimpan: formulir.Pengaturan | None) -> None:
    with st.expander("Templat tautan formulir (admin)", expanded=tersimpan is None, icon=":material/link:"):
        st.caption("Di Google Forms: menu ⋮ → **Dapatkan link yang sudah diisi**. Isi pertanyaan ID komunitas, "
                   "nama komunitas, dan kab/kota dengan jawaban contoh **ID**, **NAMA**, dan **KABKOTA**, klik "
                   "*Dapatkan link*, salin, lalu tempelkan di sini. Jawaban contoh lain ikut apa adanya.")
        tautan = st.text_input("Tautan formulir yang sudah diisi", key=TAUTAN_KEY,
                               value=tersimpan.tautan if tersimpan else "",
                               placeholder="https://docs.google.com/forms/d/e/…/viewform?usp=pp_url&entry.…")
        if not tautan.strip():
            return
        try:
            templat = formulir.parse(tautan)
        except FormulirError as e:
            st.error(str(e))
            return
        contoh = dict(templat.isian)
        pilihan = list(dict.fromkeys(templat.entri))
        terdeteksi = formulir.detect(templat)
        if tersimpan and tersimpan.tautan == "".join(tautan.split()):
            terdeteksi = {"id": tersimpan.entri_id, "nama": tersimpan.entri_nama, "kabkota": tersimpan.entri_kabkota}

        def label(k: str) -> str:
            return k if k == TIDAK_DIISI else f"{k} (jawaban contoh: {contoh.get(k, '')})"

        kolom = st.columns(3)
        dipilih = {}
        for kol, peran in zip(kolom, formulir.PERAN):
            opsi = pilihan if peran == "id" else [TIDAK_DIISI, *pilihan]
            awal = terdeteksi.get(peran)
            indeks = opsi.index(awal) if awal in opsi else (None if peran == "id" else 0)
            dipilih[peran] = kol.selectbox(f"Isian untuk {formulir.PERAN_LABEL[peran]}", opsi, index=indeks,
                                           format_func=label, key=f"formulir_entri_{peran}",
                                           placeholder="Pilih isian")
        if all(terdeteksi[p] for p in formulir.PERAN) and not tersimpan:
            st.caption("Isian ID, nama, dan kab/kota dikenali dari jawaban contoh.")
        kiri, kanan = st.columns(2)
        if kiri.button("Simpan templat formulir", key="formulir_simpan", type="primary"):
            nilai = {p: (None if v == TIDAK_DIISI else v) for p, v in dipilih.items()}
            actions.write_and_rerun(
                lambda: formulir.save(page.path, tautan, nilai["id"], nilai["nama"], nilai["kabkota"],
                                      page.scope.email or "lokal"),
                key=PESAN_KEY, expected=(FormulirError,))
        if tersimpan and kanan.button("Hapus templat formulir", key="formulir_hapus"):
            actions.write_and_rerun(lambda: formulir.remove(page.path), key=PESAN_KEY)


def _zip(pengaturan: formulir.Pengaturan, komunitas: list[dict], judul: str) -> bytes:
    return formulir.zip_bytes(formulir.rows(pengaturan, komunitas), judul)


def _html(pengaturan: formulir.Pengaturan, komunitas: list[dict], judul: str) -> str:
    return formulir.html_sheet(formulir.rows(pengaturan, komunitas), judul)


def tampilkan(page: PageContext) -> None:
    st.subheader("Tautan formulir terisi dan kode QR per komunitas")
    st.caption("Setiap komunitas mendapat tautan Google Form yang sudah berisi ID, nama, dan kab/kotanya (juga "
               "sebagai kode QR). Jawaban lewat tautan ini langsung tercocokkan ke komunitasnya lewat ID, sehingga "
               "tidak masuk karantina karena nama atau kab/kota yang salah ketik. Kirim tautannya bersama pesan "
               "tindak lanjut.")
    actions.show_result(PESAN_KEY)
    pengaturan = _baca_atau_pesan(page)
    if page.scope.is_admin:
        _pengaturan(page, pengaturan)
    if pengaturan is None:
        st.info("Admin UPT belum memasang templat tautan formulir." if not page.scope.is_admin else
                "Tempelkan templat tautan formulir di atas untuk membuat tautan per komunitas.")
        return
    pilihan_kab = page.query("kabkota_options")
    if pilihan_kab.empty:
        st.info("Belum ada komunitas di wilayah Anda.")
        return
    nama_kab = dict(zip(pilihan_kab["kode_kabkota"], pilihan_kab["kabkota"]))
    kode = st.selectbox("Kab/kota", list(nama_kab), format_func=nama_kab.get, key="formulir_kabkota")
    komunitas = page.query("kualitas_komunitas_pilihan", {"kode_kabkota": kode, "cari": "",
                                                          "batas": BATAS_KOMUNITAS})
    if komunitas.empty:
        st.info(f"Belum ada komunitas terdaftar di {nama_kab[kode]}.")
        return
    daftar = komunitas[["id_komunitas", "nama_komunitas", "kabkota"]].to_dict("records")
    st.caption(f"{fmt.angka(len(daftar))} komunitas di {fmt.polos(nama_kab[kode])}."
               + (f" Hanya {fmt.angka(BATAS_KOMUNITAS)} pertama yang dimuat." if len(daftar) == BATAS_KOMUNITAS
                  else ""))
    judul = f"Tautan formulir komunitas belajar — {nama_kab[kode]}"
    berkas = f"formulir_{formulir.nama_berkas(nama_kab[kode])}"
    st.caption("Unduhan disiapkan saat tombol ditekan; ratusan kode QR memerlukan beberapa detik.")
    kiri, kanan = st.columns(2)
    # Built only when clicked (a callable): a few hundred QR codes take a second or two.
    kiri.download_button("Unduh ZIP (QR PNG + CSV + lembar cetak)", key="formulir_zip",
                         data=functools.partial(_zip, pengaturan, daftar, judul), file_name=f"{berkas}.zip",
                         mime="application/zip", on_click="ignore", icon=":material/qr_code_2:")
    kanan.download_button("Unduh lembar cetak (HTML)", key="formulir_html",
                          data=functools.partial(_html, pengaturan, daftar, judul), file_name=f"{berkas}.html",
                          mime="text/html", on_click="ignore", icon=":material/print:")
    label = {r["id_komunitas"]: f"{r['nama_komunitas']} ({r['id_komunitas']})" for r in daftar}
    satu = st.selectbox("Lihat satu komunitas", list(label), format_func=label.get, index=None,
                        placeholder="Pilih komunitas", key="formulir_satu")
    if satu is not None:
        baris = next(r for r in daftar if r["id_komunitas"] == satu)
        tautan = formulir.link(pengaturan, satu, baris["nama_komunitas"], baris["kabkota"])
        st.code(tautan, language=None, wrap_lines=True)
        st.image(formulir.qr_png(tautan), width=220)


def tautan_per_komunitas(page: PageContext, baris: list[dict]) -> dict[str, str]:
    """id -> prefilled link, for the {tautan_formulir} placeholder of the follow-up messages (ui/pesan.py); empty
    while no template is stored or the app's state cannot be read (the message then has the blank empty)."""
    try:
        pengaturan = _baca(page)
    except StoreError:
        log.warning("form template unreadable; messages go out without {tautan_formulir}", exc_info=True)
        return {}
    if pengaturan is None:
        return {}
    return {str(b["id_komunitas"]): formulir.link(pengaturan, str(b["id_komunitas"]), b.get("nama_komunitas"),
                                                   b.get("kabkota")) for b in baris if b.get("id_komunitas")}

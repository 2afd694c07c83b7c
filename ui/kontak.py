"""The contact log on Aturan Mingguan and its outcome (issue 16 items 3-4): mark communities "dihubungi", record a
"tanggapan", see whether contacted communities met again; on Ringkasan, the outcome per kab/kota and per wali.

Writes go through edits.kontak (the app state's own lock: never waits for a load); reads through the queries
kontak_log, kontak_hasil, kontak_hasil_ringkas, scoped like every other query. Pages call one function each.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pandas as pd
import streamlit as st

from edits.kontak import SALURAN, SALURAN_LABEL, KontakError, catat_kontak, catat_tanggapan
from queries.runner import PageRequest
from ui import actions
from ui import format as fmt
from ui.guard import PageContext
from ui.table import rows, table

PILIH_KEY = "kontak_pilih"
PESAN_KEY = "kontak_pesan"
MINGGU_KEY = "kontak_minggu"
_KOSONGKAN = "kontak_kosongkan"  # set by a successful write: the next run empties the choice before drawing it
_PILIH_PESAN = "pesan_dipilih"  # ui/pesan.py's picks of communities for messages (read, never written here)
BATAS_PILIHAN = 2000  # at-risk communities offered in the "Catat dihubungi" choice
STATUS_LABEL = {"aktif_kembali": "Aktif kembali", "belum_aktif": "Belum bertemu lagi", "menunggu": "Menunggu"}


def _label(nama: object, kabkota: object, kode: str) -> str:
    nama = nama if isinstance(nama, str) and nama else kode
    return f"{nama} · {kabkota}" if isinstance(kabkota, str) and kabkota else nama


def _minggu() -> int:
    return int(st.session_state.get(MINGGU_KEY, 3) or 3)


def tandai(page: PageContext, daftar: pd.DataFrame) -> pd.DataFrame:
    """The follow-up list with `dihubungi_pada`: the date of each community's latest recorded contact (or empty)."""
    return penanda(page)(daftar)


def penanda(page: PageContext) -> Callable[[pd.DataFrame], pd.DataFrame]:
    """`tandai` as a function of rows alone (the contact log read now): for each page of the paged follow-up
    list and each batch of its download, which may run outside the page's run."""
    log = page.query("kontak_log")
    terakhir = None if log.empty else (log.groupby("id_komunitas", as_index=False)["tanggal_kontak"].max()
                                       .rename(columns={"tanggal_kontak": "dihubungi_pada"}))

    def _tandai(daftar: pd.DataFrame) -> pd.DataFrame:
        if terakhir is None or daftar.empty:
            return daftar.assign(dihubungi_pada=pd.NaT)
        return daftar.merge(terakhir, on="id_komunitas", how="left")

    return _tandai


def bagian(page: PageContext, berisiko: int | None = None) -> None:
    """Under the follow-up list: the outcome headline, the "Catat dihubungi" form, the log and "Catat tanggapan".
    `berisiko`: how many communities are at risk, when the page knows (too many are then not read at all)."""
    st.subheader("Catatan kontak")
    actions.show_result(PESAN_KEY)
    _hasil_wali(page)
    _form_kontak(page, berisiko)
    log = page.query("kontak_log")
    if log.empty:
        st.caption("Belum ada kontak yang dicatat.")
        return
    tampil = log.assign(saluran=log["saluran"].map(SALURAN_LABEL).fillna(log["saluran"]))
    table(page, tampil, "kontak_log", "catatan_kontak",
          sembunyikan=("id_kontak", "id_komunitas", "kode_kabkota", "dicatat_pada", "jumlah_tanggapan"),
          depan=("nama_komunitas", "kabkota", "tanggal_kontak", "saluran", "catatan", "dicatat_oleh", "tanggapan",
                 "tanggal_tanggapan"))
    _form_tanggapan(page, log)


def _daftar(page: PageContext, where: tuple, batas: int | None) -> tuple[pd.DataFrame, int]:
    """Rows of the follow-up list (weekly_rule_followup, in its order) matching `where`, and how many match."""
    return rows(page, "weekly_rule_followup", PageRequest(where=where, limit=batas))


def _form_kontak(page: PageContext, n_berisiko: int | None) -> None:
    if n_berisiko is not None and n_berisiko > BATAS_PILIHAN:
        berisiko, jumlah = pd.DataFrame(columns=["id_komunitas", "nama_komunitas", "kabkota"]), n_berisiko
    else:
        berisiko, jumlah = _daftar(page, (("berisiko", True),), BATAS_PILIHAN)
    # more at risk than a phone page holds (nor the browser's memory): only those picked for a message
    label = {} if jumlah > BATAS_PILIHAN else {
        str(r.id_komunitas): _label(r.nama_komunitas, r.kabkota, str(r.id_komunitas)) for r in berisiko.itertuples()}
    dari_pesan = [str(i) for i in st.session_state.get(_PILIH_PESAN) or ()]
    if dari_pesan:  # picked for a message, even if not at risk
        dipilih = _daftar(page, (("id_komunitas", tuple(dari_pesan)),), None)[0]
        label |= {str(r.id_komunitas): _label(r.nama_komunitas, r.kabkota, str(r.id_komunitas))
                  for r in dipilih.itertuples()}
    if st.session_state.pop(_KOSONGKAN, False):
        st.session_state[PILIH_KEY] = []
    if PILIH_KEY in st.session_state:  # a filter change may have removed a picked community
        st.session_state[PILIH_KEY] = [i for i in st.session_state[PILIH_KEY] if i in label]
    if jumlah > BATAS_PILIHAN:
        st.caption(f"{fmt.angka(jumlah)} komunitas berisiko pada filter ini: pilih kabupaten/kota di filter "
                   "samping, atau centang komunitas di daftar tindak lanjut, untuk mencatat kontak.")
    if not label:
        if jumlah <= BATAS_PILIHAN:
            st.caption("Tidak ada komunitas berisiko pada filter ini untuk dicatat sebagai dihubungi.")
        return
    with st.container(border=True):
        st.markdown("**Catat dihubungi**")
        pakai = [i for i in dari_pesan if i in label]

        def _ambil() -> None:
            st.session_state[PILIH_KEY] = pakai

        if pakai:
            st.button(f"Ambil {fmt.angka(len(pakai))} komunitas yang dipilih untuk pesan", key="kontak_ambil",
                      on_click=_ambil)
        pilihan = st.multiselect("Komunitas yang dihubungi", options=list(label), key=PILIH_KEY,
                                 format_func=lambda i: label.get(i, i),
                                 placeholder="Pilih komunitas berisiko")
        saluran = st.selectbox("Saluran", options=SALURAN, format_func=SALURAN_LABEL.get, key="kontak_saluran")
        tanggal = st.date_input("Tanggal kontak", value=date.today(), max_value=date.today(), format="DD/MM/YYYY",
                                key="kontak_tanggal")
        catatan = st.text_area("Catatan (opsional)", key="kontak_catatan", max_chars=1000, height=80)
        if st.button("Catat dihubungi", type="primary", key="kontak_catat", disabled=not pilihan, width="stretch"):
            db, oleh, lingkup = page.path, page.scope.email or "lokal", page.scope.kabkota

            def tulis() -> str:
                pesan = catat_kontak(db, pilihan, saluran=saluran, tanggal_kontak=tanggal, catatan=catatan,
                                     oleh=oleh, lingkup=lingkup)
                st.session_state[_KOSONGKAN] = True
                return pesan

            actions.write_and_rerun(tulis, key=PESAN_KEY, expected=(KontakError,))


def _form_tanggapan(page: PageContext, log: pd.DataFrame) -> None:
    with st.expander("Catat tanggapan", icon=":material/reply:"):
        pilihan = {int(r.id_kontak): f"{_label(r.nama_komunitas, r.kabkota, r.id_komunitas)} · "
                                     f"{fmt.tanggal(pd.Timestamp(r.tanggal_kontak).date())} · "
                                     f"{SALURAN_LABEL.get(r.saluran, r.saluran)}"
                   for r in log.head(500).itertuples()}
        id_kontak = st.selectbox("Kontak", options=list(pilihan), format_func=pilihan.get, key="tanggapan_kontak")
        teks = st.text_area("Tanggapan penggerak", key="tanggapan_teks", max_chars=1000, height=80)
        tanggal = st.date_input("Tanggal tanggapan", value=date.today(), max_value=date.today(),
                                format="DD/MM/YYYY", key="tanggapan_tanggal")
        if st.button("Catat tanggapan", key="tanggapan_catat", width="stretch"):
            db, oleh, lingkup = page.path, page.scope.email or "lokal", page.scope.kabkota
            actions.write_and_rerun(
                lambda: catat_tanggapan(db, id_kontak, tanggapan=teks, tanggal=tanggal, oleh=oleh, lingkup=lingkup),
                key=PESAN_KEY, expected=(KontakError,))


def _kalimat(r: pd.Series, minggu: int) -> str:
    return (f"{fmt.angka(r.aktif_kembali)} dari {fmt.angka(r.dihubungi)} komunitas yang dihubungi aktif kembali "
            f"dalam {minggu} minggu")


def _rincian(r: pd.Series) -> str:
    bagian = [f"{fmt.angka(r.belum_aktif)} belum bertemu lagi", f"{fmt.angka(r.menunggu)} menunggu (belum "
              "genap jangka waktunya pada data yang dimuat)"]
    if pd.notna(r.median_hari_aktif):
        bagian.append(f"median {fmt.angka(r.median_hari_aktif, 1 if r.median_hari_aktif % 1 else 0)} hari sampai "
                      "bertemu lagi")
    return "; ".join(bagian) + "."


def _semua(ringkas: pd.DataFrame) -> pd.Series | None:
    """The all-contacts row of kontak_hasil_ringkas, None while nobody in scope was contacted."""
    semua = ringkas[ringkas["tingkat"] == "semua"]
    return None if semua.empty or not int(semua.iloc[0].dihubungi) else semua.iloc[0]


def _hasil_wali(page: PageContext) -> None:
    minggu = _minggu()
    r = _semua(page.query("kontak_hasil_ringkas", extra={"minggu_kontak": minggu}))
    if r is None:
        return
    st.markdown(f"**{_kalimat(r, minggu)}**")
    st.caption(_rincian(r) + " Dihitung dari kontak terakhir tiap komunitas: bertemu lagi = ada kegiatan bertanggal "
               "sesudah tanggal kontak (bukan di hari yang sama).")
    with st.expander("Hasil per komunitas"):
        st.number_input("Jangka waktu (minggu sesudah kontak)", min_value=1, max_value=26, value=3, step=1,
                        key=MINGGU_KEY)
        per = page.query("kontak_hasil", extra={"minggu_kontak": minggu})
        per = per.assign(status=per["status"].map(STATUS_LABEL).fillna(per["status"]),
                         saluran=per["saluran"].map(SALURAN_LABEL).fillna(per["saluran"]))
        table(page, per, "kontak_hasil", "hasil_kontak", sembunyikan=("id_komunitas", "kode_kabkota", "batas_data"),
              depan=("nama_komunitas", "kabkota", "status", "tanggal_kontak", "bertemu_pada", "hari_sampai_aktif"))


def hasil_pimpinan(page: PageContext) -> None:
    """On Ringkasan for pimpinan and admin: did contacting at-risk communities work, per kab/kota and per wali."""
    if page.scope.is_wali:
        return
    minggu = _minggu()
    ringkas = page.query("kontak_hasil_ringkas", extra={"minggu_kontak": minggu})
    r = _semua(ringkas)
    if r is None:
        return
    st.subheader("Hasil tindak lanjut")
    st.markdown(f"**{_kalimat(r, minggu)}**")
    st.caption(_rincian(r) + " Kontak dicatat wali wilayah di Aturan Mingguan.")
    kolom = ["dihubungi", "aktif_kembali", "belum_aktif", "menunggu", "median_hari_aktif"]
    kiri, kanan = st.columns(2)
    with kiri:
        per_kab = ringkas[ringkas["tingkat"] == "kabkota"][["kode_kabkota", "kabkota", *kolom]]
        table(page, per_kab, "kontak_per_kabkota", "hasil_kontak_per_kabkota", sembunyikan=("kode_kabkota",))
    with kanan:
        per_wali = ringkas[ringkas["tingkat"] == "wali"][["dicatat_oleh", *kolom]]
        table(page, per_wali, "kontak_per_wali", "hasil_kontak_per_wali")

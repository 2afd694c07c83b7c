"""Pengguna (admin): who may sign in and what they see — list, add, change role and kab/kota, remove — and the
history of every change. The users file is the starting list; the first change here moves the list into the
app's state, which is the list from then on (queries/scope.py). Writes: edits/users.py."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from edits import users
from queries.scope import SUMBER_BERKAS, official_kabkota, registry, users_file
from ui import actions, require_scope
from ui import format as fmt
from vocab import PERAN_LABEL, ROLES, WALI_WILAYAH

page = require_scope("Pengguna", admin_only=True, sidebar_filters_shown=False)
actions.show_result("pengguna_pesan")
berkas = users_file()
daftar = registry(berkas, page.path)
oleh = page.scope.email

if daftar.sumber == SUMBER_BERKAS:
    st.info("Daftar ini dibaca dari berkas pengguna di bawah. Perubahan pertama di halaman ini menyalin seluruh "
            "isinya ke penyimpanan dasbor; sejak itu daftar di halaman ini yang berlaku dan berkas itu tidak "
            "dibaca lagi.", icon=":material/description:")
else:
    st.info("Daftar pengguna dikelola di halaman ini (disimpan di penyimpanan dasbor, di samping data). Berkas "
            "pengguna di bawah hanya daftar awal dan tidak dibaca lagi; ubah pengguna di sini.",
            icon=":material/manage_accounts:")
st.text(f"Berkas pengguna: {berkas}")
if not page.scope.email or page.scope.email == "lokal":
    st.caption("Mode lokal: daftar ini baru menentukan akses setelah login diaktifkan; perubahan dicatat atas "
               "nama 'lokal'.")
if daftar.ditolak:
    st.warning("Akun berikut tidak diberi akses karena isiannya tidak valid; perbaiki di bawah (tambahkan lagi "
               "dengan kab/kota yang benar) atau di berkas pengguna:", icon=":material/person_alert:")
    st.text("\n".join(daftar.peringatan))

# Official kab/kota: the UPT's own (with data) first, then the rest of the country.
resmi = official_kabkota()
pilihan_kabkota = sorted(page.kabkota_names) + sorted(k for k in resmi if k not in page.kabkota_names)


def label_kabkota(kode: str) -> str:
    return f"{resmi.get(kode, kode)} ({kode})"


def mulai() -> dict[str, users.Entry]:
    """The starting list the first change imports (read at the click, not at the page's start)."""
    return {e: (s.peran, s.kabkota) for e, s in registry(users_file(), page.path).users.items()}


# --- The list ---------------------------------------------------------------------------------------------
st.subheader("Daftar pengguna")
rincian = users.app_list(page.path) if daftar.sumber != SUMBER_BERKAS else {}
baris = [{
    "Email": email,
    "Peran": PERAN_LABEL.get(s.peran, s.peran),
    "Kab/kota": "; ".join(label_kabkota(k) for k in s.kabkota) if s.kabkota is not None else "Semua kab/kota",
    "Diubah pada": rincian.get(email, {}).get("diubah_pada"),
    "Diubah oleh": rincian.get(email, {}).get("diubah_oleh"),
} for email, s in sorted(daftar.users.items())]
if baris:
    st.dataframe(pd.DataFrame(baris), hide_index=True, key="pengguna_daftar",
                 column_config={"Diubah pada": st.column_config.DatetimeColumn(format="DD/MM/YYYY HH:mm")})
else:
    st.info("Belum ada pengguna. Tambahkan admin, pimpinan dan wali wilayah di bawah.")

# --- Add --------------------------------------------------------------------------------------------------
with st.expander("Tambah pengguna", icon=":material/person_add:", expanded=not baris):
    with st.form("pengguna_form_tambah", clear_on_submit=True):
        email_baru = st.text_input("Email (akun belajar.id)", key="pengguna_tambah_email")
        peran_baru = st.selectbox("Peran", ROLES, format_func=lambda r: PERAN_LABEL[r], key="pengguna_tambah_peran")
        kab_baru = st.multiselect("Kab/kota (hanya untuk wali wilayah)", pilihan_kabkota, format_func=label_kabkota,
                                  key="pengguna_tambah_kabkota", placeholder="Pilih kab/kota")
        if st.form_submit_button("Tambah pengguna", type="primary", key="pengguna_tambah_kirim"):
            actions.write_and_rerun(
                lambda: fmt.polos(users.add_user(page.path, email_baru, peran_baru, kab_baru, oleh=oleh,
                                                 starting=mulai())),
                key="pengguna_pesan", expected=(users.UserError,), judul="Pengguna tidak ditambahkan:")

# --- Change or remove -------------------------------------------------------------------------------------
if daftar.users:
    st.subheader("Ubah atau hapus pengguna")
    email = st.selectbox("Pengguna", sorted(daftar.users), key="pengguna_ubah_email")
    sekarang = daftar.users[email]
    nomor = sorted(daftar.users).index(email)  # widget keys per user, so the form shows that user's values
    peran = st.selectbox("Peran", ROLES, index=ROLES.index(sekarang.peran), format_func=lambda r: PERAN_LABEL[r],
                         key=f"pengguna_ubah_peran_{nomor}")
    kab = st.multiselect("Kab/kota", pilihan_kabkota, default=list(sekarang.kabkota or ()), format_func=label_kabkota,
                         key=f"pengguna_ubah_kabkota_{nomor}", disabled=peran != WALI_WILAYAH,
                         placeholder="Pilih kab/kota")
    bar = st.container(horizontal=True)
    if bar.button("Simpan perubahan", type="primary", key="pengguna_simpan"):
        actions.write_and_rerun(
            lambda: fmt.polos(users.change_user(page.path, email, peran, kab, oleh=oleh, starting=mulai())),
            key="pengguna_pesan", expected=(users.UserError,), judul="Perubahan tidak disimpan:")
    yakin = bar.checkbox("Ya, hapus pengguna ini", key=f"pengguna_yakin_{nomor}")
    if bar.button("Hapus pengguna", key="pengguna_hapus", disabled=not yakin):
        actions.write_and_rerun(
            lambda: fmt.polos(users.remove_user(page.path, email, oleh=oleh, starting=mulai())),
            key="pengguna_pesan", expected=(users.UserError,), judul="Pengguna tidak dihapus:")

# --- History ----------------------------------------------------------------------------------------------
st.subheader("Riwayat perubahan")
riwayat = users.history(page.path)
if riwayat:
    st.dataframe(
        pd.DataFrame(riwayat).rename(columns={"waktu": "Waktu", "oleh": "Oleh", "email": "Pengguna",
                                              "tindakan": "Tindakan", "sebelum": "Sebelum", "sesudah": "Sesudah"}),
        hide_index=True, key="pengguna_riwayat",
        column_config={"Waktu": st.column_config.DatetimeColumn(format="DD/MM/YYYY HH:mm")})
else:
    st.caption("Belum ada perubahan di halaman ini.")

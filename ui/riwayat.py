"""Riwayat pemuatan on the Unggah Data page (admin): the store versions every load keeps (store.versions), and
restoring one after a confirmation. File names come from uploads: they are shown in a data grid or as plain
text, never as Markdown."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from store import database, versions
from store.cow import StoreError
from ui import actions
from ui.guard import PageContext

_KONFIRMASI = "riwayat_konfirmasi"  # the version whose restore awaits confirmation
_PESAN = "riwayat_pesan"


def _waktu(v: versions.Version) -> str:
    return v.dibuat_pada.replace("T", " ") or "(tidak tercatat)"


def _baris(v: versions.Version) -> str:
    if v.baris_ditambah is not None:
        return f"+{v.baris_ditambah:,}".replace(",", ".")
    return f"{sum((v.record.get('perubahan_baris') or {}).values()):+,}".replace(",", ".")


def _berkas(v: versions.Version) -> str:
    if v.record.get("dipulihkan_dari"):
        return f"(dipulihkan ke versi {v.record['dipulihkan_dari']})"
    return "; ".join(f"{f.get('nama')} (sha256 {str(f.get('sha256'))[:12]}…)" for f in v.berkas) or "-"


def tabel(kept: list[versions.Version]) -> pd.DataFrame:
    """One row per version, newest first, as the page shows them."""
    return pd.DataFrame({
        "Versi": [v.id for v in kept],
        "Waktu": [_waktu(v) for v in kept],
        "Oleh": [v.oleh for v in kept],
        "Langkah": [v.tindakan for v in kept],
        "Berkas": [_berkas(v) for v in kept],
        "Baris": [_baris(v) for v in kept],
        "Ukuran": [versions.ukuran(v.size) for v in kept],
    })


def tampilkan(page: PageContext) -> None:
    """The 'Riwayat pemuatan' section: the versions kept, the disk they use, a restore button per version."""
    st.subheader("Riwayat pemuatan")
    actions.show_result(_PESAN)
    kept = versions.list_versions(page.path)
    try:
        batas = f"paling banyak {versions.keep_count()}"
    except StoreError as e:
        batas = "batas tidak valid"
        st.warning(str(e))
    st.caption(
        f"Setiap pemuatan (dan setiap perubahan lain pada data) menyimpan isi penyimpanan sebelumnya sebagai satu "
        f"versi: kini {len(kept)} versi ({batas}, atur dengan {versions.ENV}), memakai "
        f"{versions.ukuran(versions.disk_usage(page.path))} di disk. Memulihkan sebuah versi mengembalikan data ke "
        "keadaan SEBELUM langkah itu; isi sekarang disimpan dulu sebagai versi baru, sehingga pemulihan pun dapat "
        "dibatalkan. Pemetaan, draf laporan, leksikon, dan rencana program tidak ikut berubah.")
    if not kept:
        st.info("Belum ada versi tersimpan. Versi dibuat oleh setiap pemuatan berikutnya.")
        return
    st.dataframe(tabel(kept), hide_index=True, key="riwayat_tabel")
    for v in kept:
        kiri, kanan = st.columns([5, 1], vertical_alignment="center")
        kiri.text(f"Versi {v.id}: keadaan sebelum {v.tindakan} {_waktu(v)} oleh {v.oleh}")
        if kanan.button("Pulihkan", key=f"riwayat_pulihkan_{v.id}", icon=":material/history:"):
            st.session_state[_KONFIRMASI] = v.id
    pilihan = st.session_state.get(_KONFIRMASI)
    if pilihan:
        _konfirmasi(page, pilihan)


def _konfirmasi(page: PageContext, vid: str) -> None:
    st.warning(f"Pulihkan versi {vid}? Semua halaman akan memakai data seperti sebelum langkah itu. Data yang "
               "sekarang disimpan dulu sebagai versi baru, jadi langkah ini dapat dibatalkan.",
               icon=":material/warning:")
    ya, batal = st.columns(2)
    if ya.button("Ya, pulihkan", key="riwayat_ya", type="primary"):
        st.session_state.pop(_KONFIRMASI, None)
        actions.write_and_rerun(lambda: _pulihkan(page, vid), key=_PESAN)
    if batal.button("Batal", key="riwayat_batal"):
        st.session_state.pop(_KONFIRMASI, None)
        st.rerun()


def _pulihkan(page: PageContext, vid: str) -> str:
    v = database.restore(page.path, vid)
    return (f"Data dipulihkan ke versi {v.id} (keadaan sebelum {v.tindakan} {_waktu(v)}). Data sebelumnya "
            "tersimpan sebagai versi terbaru di Riwayat pemuatan.")

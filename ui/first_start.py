"""The writes a run may need before it reads anything: create or migrate the store file, and on a first start
with nothing loaded, load the sample data (progress bar; the pages then show the DATA CONTOH notice).

The guard (ui/guard.py `require_scope`) calls both steps, in this order, before `ui.data.open_store`; reading the
store (ui/data.py) never writes. `KOMBEL_SAMPLE=0` switches the sample load off.
"""
from __future__ import annotations

import logging
import os
import threading
import time
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import streamlit as st

from data_loaders import topik
from queries.runner import Filters
from queries.scope import ADMIN
from sample.remove import NotOnlySample, remove_sample, sample_removed
from store import database, versions
from ui import actions, data
from ui import format as fmt

if TYPE_CHECKING:
    from ui.guard import PageContext

log = logging.getLogger(__name__)
SAMPLE_ENV = "KOMBEL_SAMPLE"
_KONFIRMASI = "hapus_contoh_konfirmasi"
_PESAN = "hapus_contoh_pesan"
_sample_lock = threading.Lock()
_sample_failed: set[str] = set()  # stores whose sample load failed: do not retry on every run


def sample_enabled() -> bool:
    return os.environ.get(SAMPLE_ENV, "1").strip() != "0"


_checked: dict[str, str | None] = {}  # store -> the file version last found at the current schema
_check_lock = threading.Lock()  # sessions starting together check (and migrate) once


def create_or_migrate_store() -> Path:
    """The store's path, after creating it (schema + wilayah) or migrating it to the current schema if needed:
    checked once per file version (the check opens the file: ~40 ms a run)."""
    path = database.db_path(None)
    if database.data_version(path) is None:
        database.ensure_store(path)
    if _checked.get(str(path)) != database.data_version(path):
        with _check_lock:
            if _checked.get(str(path)) != database.data_version(path):
                database.ensure_store(path, after_migration=_reclassify)
                _checked[str(path)] = database.data_version(path)
    return path


def _reclassify(con) -> int:
    """After a schema migration: the reflections' items and activity topics of the current lexicon (topik.py), with
    a progress bar — nationally about a minute, once, on the first start after an update."""
    bar = st.progress(0.0, text="Memperbarui data untuk versi baru aplikasi (sekali saja)…")
    try:
        return topik.setelah_migrasi(con, progress=lambda f, m: bar.progress(min(max(f, 0.0), 1.0),
                                                                            text=f"Memperbarui data: {m}"))
    finally:
        bar.empty()


def load_sample_if_empty(path: Path) -> None:
    """On a first start (no file loaded yet), load the sample data into the store, with a progress bar — unless
    an admin removed the sample from this store ("Hapus data contoh", recorded in its meta)."""
    if not sample_enabled() or str(path) in _sample_failed or not _is_empty(path):
        return
    if _sample_declined(str(path), database.data_version(path)):
        return
    with _sample_lock:  # two sessions starting together load once
        if _is_empty(path):
            _load_sample(path)


@st.cache_resource(max_entries=4, show_spinner=False)
def _sample_declined(path: str, version: str | None) -> bool:
    """Read once per store version: an empty store is checked on every run."""
    return sample_removed(Path(path))


def _is_empty(path: Path) -> bool:
    today = date.today()
    info = data.cached_query(str(path), data.open_store()[1], "data_info", Filters(today, today), ADMIN, ())
    return info.empty or int(info.iloc[0]["jumlah_berkas"] or 0) == 0


def _say(text: str) -> None:
    """A line in the terminal that started the server (start.py's style): the first page waits ~15 s for the
    sample, and whoever started it should see why."""
    print(f"  {text}", flush=True)


def _load_sample(path: Path) -> None:
    from sample.generate import ensure_sample_store

    bar = st.progress(0.0, text="Menyiapkan data contoh untuk pertama kali…")
    _say(f"Memuat data contoh ke {path} (sekali saja, ±15 detik)…")
    told = [-1]  # the last 10 % step written to the terminal

    def progress(fraction: float, pesan: str) -> None:
        fraction = min(max(float(fraction), 0.0), 1.0)
        bar.progress(fraction, text=f"Memuat data contoh: {pesan}")
        step = int(fraction * 10)
        if step > told[0]:
            told[0] = step
            _say(f"Memuat data contoh: {step * 10} % — {pesan}")

    mulai = time.monotonic()
    try:
        ensure_sample_store(path, progress)
    except Exception:  # a failed sample load must not block the app: the store stays empty
        log.exception("sample load failed")
        _sample_failed.add(str(path))
        _say("Data contoh gagal dimuat (rinciannya di atas); dasbor berjalan tanpa data.")
        st.warning("Data contoh tidak dapat dimuat. Dasbor ditampilkan tanpa data; admin dapat mengunggah data "
                   "di halaman Unggah Data.")
    else:
        _say(f"Data contoh siap ({time.monotonic() - mulai:.0f} detik). Dasbor dapat dipakai.")
    finally:
        bar.empty()


def sample_notice(page: PageContext) -> None:
    """On Unggah Data (admins only): while the store holds the sample data, say so and offer "Hapus data contoh",
    which empties the store without a restart (after a confirmation); then the message of that step."""
    actions.show_result(_PESAN)
    if not page.info.get("data_contoh"):
        return
    kiri, kanan = st.columns([4, 1], vertical_alignment="center")
    kiri.warning("Penyimpanan ini masih berisi data contoh. Data yang Anda unggah akan tercampur dengan data "
                 "contoh. Untuk memakai data UPT saja, hapus dulu data contoh, lalu unggah data Anda di halaman ini.",
                 icon=":material/info:")
    if kanan.button("Hapus data contoh", key="hapus_contoh", icon=":material/delete:"):
        st.session_state[_KONFIRMASI] = True
    if not st.session_state.get(_KONFIRMASI):
        return
    batal_lewat = ("Isi sekarang disimpan dulu sebagai versi di Riwayat pemuatan, jadi langkah ini dapat "
                   "dibatalkan." if _versions_kept() else "Tidak ada versi yang disimpan (KOMBEL_VERSI=0), jadi "
                   "langkah ini tidak dapat dibatalkan.")
    st.warning("Hapus semua data contoh? Semua halaman akan kosong sampai Anda mengunggah data UPT, dan data contoh "
               f"tidak dimuat lagi saat dasbor dijalankan ulang. Rencana program contoh ikut dihapus. {batal_lewat}",
               icon=":material/warning:")
    ya, batal = st.columns(2)
    if ya.button("Ya, hapus data contoh", key="hapus_contoh_ya", type="primary"):
        st.session_state.pop(_KONFIRMASI, None)
        actions.write_and_rerun(lambda: _hapus(page), key=_PESAN, expected=(NotOnlySample,))
    if batal.button("Batal", key="hapus_contoh_batal"):
        st.session_state.pop(_KONFIRMASI, None)
        st.rerun()


def _versions_kept() -> bool:
    try:
        return versions.keep_count() > 0
    except Exception:  # an invalid $KOMBEL_VERSI: the write itself reports it
        return False


def _hapus(page: PageContext) -> str:
    baris = remove_sample(page.path)
    _say(f"Data contoh dihapus dari {page.path} oleh admin; penyimpanan kini kosong.")
    return (f"Data contoh dihapus ({fmt.angka(baris)} baris). Penyimpanan kini kosong dan data contoh tidak akan "
            "dimuat lagi; unggah data UPT Anda di bawah ini.")

"""Issue 7: cached results never go stale. As on a running server (one process, Streamlit caches kept),
every page is run on a small store, new data is loaded into the same store path through the real loader,
and every page is run again: each must show the numbers the new data implies, not the cached old ones.

Pages read through `ui/data.py::cached_query`, keyed by store path + `store.data_version`; a load replaces
the store file (copy-on-write), so the version changes. Keying the cache without the version makes
every page test fail (checked by hand: `cached_query(path, _version, ...)`, which Streamlit leaves out
of the key, or `connection(path, "konstan")` in `query`).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Selectbox

from data_loaders.load import Source, load_files
from store.database import data_version
from tests.app.conftest import FIXTURES, USERS
from tests.conftest import streamlit_env
from tests.support import ROOT, copy_store

AWAL = sorted(FIXTURES.glob("*.csv")) + sorted((FIXTURES / "fresh_awal").glob("*.csv"))
BARU = sorted((FIXTURES / "fresh_baru").glob("*.csv"))
Observed = dict[str, object]
Run = Observed | str  # what a page showed, or why it showed nothing to compare


def frame(at: AppTest, *columns: str) -> pd.DataFrame:
    """The one table on the page that has these columns."""
    found = [d.value for d in at.dataframe if set(columns) <= set(d.value.columns)]
    if len(found) != 1:
        raise LookupError(f"{len(found)} tabel dengan kolom {columns}")
    return found[0]


def text(at: AppTest, kind: str, fragment: str) -> str:
    """The one element of `kind` (subheader, caption, ...) whose text contains `fragment`."""
    found = [str(e.value) for e in getattr(at, kind) if fragment in str(e.value)]
    if len(found) != 1:
        raise LookupError(f"{len(found)} {kind} berisi {fragment!r}")
    return found[0]


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def chosen(widget: Selectbox) -> str:
    """A select box's choice as the user reads it."""
    return widget.options[widget.index]


def column(df: pd.DataFrame, key: str, value: str) -> dict[str, object]:
    return {str(k): v.item() if hasattr(v, "item") else v for k, v in zip(df[key], df[value])}


# What each page shows that new data must change. unggah_data shows no metrics (only the upload form and
# the result of the session's own load), so it is not here.
PAGES: dict[str, Callable[[AppTest], Observed]] = {
    "ringkasan": lambda at: metrics(at),
    "aturan_mingguan": lambda at: {
        "judul": text(at, "subheader", "memenuhi aturan mingguan"),
        "tindak_lanjut": len(frame(at, "nama_komunitas", "berisiko", "minggu_beruntun")),
    },
    "aktivitas": lambda at: {
        "judul": text(at, "subheader", "kegiatan tercatat"),
        "per_komunitas": column(frame(at, "nama_komunitas", "jumlah_kegiatan", "minggu_aktif"),
                                "nama_komunitas", "jumlah_kegiatan"),
    },
    "wilayah": lambda at: column(frame(at, "kabkota", "jumlah_komunitas", "terdaftar_pmm"),
                                 "kabkota", "jumlah_komunitas"),
    "refleksi": lambda at: {"judul": text(at, "subheader", "Tema refleksi")},
    "laporan_dua_bulanan": lambda at: {
        "periode": chosen(at.selectbox(key="refleksi_periode")),
        # Communities per theme, summed per report component (which themes depends on the lexicon).
        "draf": {d.key: int(d.value["jumlah_komunitas"].sum()) for d in at.data_editor
                 if d.key.startswith("laporan_editor_")},  # not the theme-correction tables
    },
    "rencana_tindak_lanjut": lambda at: {
        "rencana": text(at, "caption", "butir rencana"),
        "belum": sorted(frame(at, "nama_komunitas", "refleksi_terakhir")["nama_komunitas"]),
    },
    "penggerak": lambda at: metrics(at),
    "program_upt": lambda at: {
        "kegiatan": sorted(frame(at, "nama_kegiatan", "jenis_kegiatan")["nama_kegiatan"]),
        "cek_terpenuhi": sorted(str(s.value).split("**")[1] for s in at.success),
    },
    "kualitas_data": lambda at: {
        "karantina": column(frame(at, "kelompok", "jumlah_baris"), "kelompok", "jumlah_baris"),
        "kelengkapan": metrics(at),
    },
}


def observe(page: str) -> Run:
    """One run of the page in a fresh session; a crash or a missing element becomes a message."""
    at = AppTest.from_file(str(ROOT / "pages" / f"{page}.py"), default_timeout=30).run()
    if at.exception:
        return "; ".join(str(e.value) for e in at.exception)
    try:
        return PAGES[page](at)
    except LookupError as e:
        return f"{type(e).__name__}: {e}"


def sources(paths: Iterable[Path]) -> list[Source]:
    return [Source.from_path(p) for p in paths]


@pytest.fixture(scope="module")
def runs(store_template: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Run, Run]]:
    """Every page before and after a load into the same store path, with the caches of the first runs kept."""
    directory = tmp_path_factory.mktemp("segar")
    path = copy_store(store_template, directory)
    load_files(path, sources(AWAL))
    users = directory / "pengguna.toml"
    users.write_text(USERS, encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KOMBEL_DB", str(path))
        mp.setenv("KOMBEL_SAMPLE", "0")
        mp.setenv("KOMBEL_PENGGUNA", str(users))  # no login configured: local mode on loopback, i.e. admin
        with streamlit_env(mp):  # clears the caches once, here, and never again until the end
            sebelum = {page: observe(page) for page in PAGES}
            versi = data_version(path)
            load_files(path, sources(BARU))
            assert data_version(path) != versi
            sesudah = {page: observe(page) for page in PAGES}
    return {page: (sebelum[page], sesudah[page]) for page in PAGES}


# Before: tests/app/fixtures/*.csv + fresh_awal/; after: + fresh_baru/ (period stays 3 Aug - 16 Oct 2022:
# no new activity before 3 Aug or after 22 Oct). The new load brings
# - 2 communities: KB-0007 SMK Bina Karya Garut (in-school, IKM school 20211556, meets every week from 4 Aug
#   to 13 Oct, 1 h or more) and KB-0008 KKG Gugus 5 Coblong (Kota Bandung, 3 meetings in August, then none:
#   at risk), both registered in PMM on 1 Aug;
# - 16 activities in the period (11 + 3 + 2 more for Kombel SMAN 3 Bandung in September) and 2 quarantined
#   rows (an unknown community, an unknown kab/kota spelling);
# - reflections of 3 more communities in Sep-Oct (SMAN 3, MGMP Matematika, KKG Gugus 5), one follow-up plan each;
# - 3 penggerak in the list: Rudi and Nina have Kurikulum Merdeka + Perencanaan (eligible for PMM), Rudi, Yuli
#   and Nina have >= 2 topics; Nina leads an existing community, so she leaves "not in the list";
# - 2 UPT events: a socialisation in Kota Bandung and a second online upgrading (the "2 times" check passes).
EXPECTED: dict[str, tuple[Observed, Observed]] = {
    "ringkasan": (
        {"Komunitas belajar": "6", "Terdaftar di PMM": "5", "Aktif 4 minggu terakhir": "5",
         "Memenuhi aturan mingguan": "3", "Refleksi periode ini": "2", "Cakupan sekolah IKM": "50,0 %"},
        {"Komunitas belajar": "8", "Terdaftar di PMM": "7", "Aktif 4 minggu terakhir": "6",
         "Memenuhi aturan mingguan": "4", "Refleksi periode ini": "5", "Cakupan sekolah IKM": "66,7 %"},
    ),
    "aturan_mingguan": (
        {"judul": "3 dari 6 komunitas memenuhi aturan mingguan; 2 berisiko berhenti", "tindak_lanjut": 6},
        {"judul": "4 dari 8 komunitas memenuhi aturan mingguan; 3 berisiko berhenti", "tindak_lanjut": 8},
    ),
    "aktivitas": (
        {"judul": "47 kegiatan tercatat, 3 Agu 2022 – 16 Okt 2022",
         "per_komunitas": {"Kombel SDN 1 Cileunyi": 11, "KKG Gugus 3 Cileunyi": 6, "Kombel SMAN 3 Bandung": 4,
                           "MGMP Matematika SMP Kota Bandung": 11, "Guru Penggerak Garut Daring": 9,
                           "Kombel SDN 1 Tarogong": 6}},
        {"judul": "63 kegiatan tercatat, 3 Agu 2022 – 16 Okt 2022",
         "per_komunitas": {"Kombel SDN 1 Cileunyi": 11, "KKG Gugus 3 Cileunyi": 6, "Kombel SMAN 3 Bandung": 6,
                           "MGMP Matematika SMP Kota Bandung": 11, "Guru Penggerak Garut Daring": 9,
                           "Kombel SDN 1 Tarogong": 6, "Kombel SMK Bina Karya Garut": 11, "KKG Gugus 5 Coblong": 3}},
    ),
    "wilayah": (
        {"Kabupaten Bandung": 2, "Kabupaten Garut": 2, "Kota Bandung": 2},
        {"Kabupaten Bandung": 2, "Kabupaten Garut": 3, "Kota Bandung": 3},
    ),
    "refleksi": (
        {"judul": "Tema refleksi Sep–Okt 2022: 2 komunitas mengisi"},
        {"judul": "Tema refleksi Sep–Okt 2022: 5 komunitas mengisi"},
    ),
    "laporan_dua_bulanan": (  # "draf" is checked apart: it must grow in every component
        {"periode": "Sep–Okt 2022 · 2 komunitas mengisi"},
        {"periode": "Sep–Okt 2022 · 5 komunitas mengisi"},
    ),
    "rencana_tindak_lanjut": (
        {"rencana": "2 butir rencana dari 2 komunitas.",
         "belum": ["Guru Penggerak Garut Daring", "Kombel SDN 1 Tarogong", "Kombel SMAN 3 Bandung",
                   "MGMP Matematika SMP Kota Bandung"]},
        {"rencana": "5 butir rencana dari 5 komunitas.",
         "belum": ["Guru Penggerak Garut Daring", "Kombel SDN 1 Tarogong", "Kombel SMK Bina Karya Garut"]},
    ),
    "penggerak": (
        {"Penggerak": "6", "Layak daftar PMM": "1", "Memenuhi kriteria umum": "1",
         "Belum ada di daftar penggerak": "3"},
        {"Penggerak": "8", "Layak daftar PMM": "3", "Memenuhi kriteria umum": "4",
         "Belum ada di daftar penggerak": "2"},
    ),
    "program_upt": (
        {"kegiatan": ["Sosialisasi Komunitas Belajar Kab. Bandung", "Upgrading Daring Sesi 1"],
         "cek_terpenuhi": ["Refleksi setiap dua bulan"]},
        {"kegiatan": ["Sosialisasi Komunitas Belajar Kab. Bandung", "Sosialisasi Komunitas Belajar Kota Bandung",
                      "Upgrading Daring Sesi 1", "Upgrading Daring Sesi 2"],
         "cek_terpenuhi": ["Peningkatan kapasitas daring minimal 2 kali", "Refleksi setiap dua bulan"]},
    ),
    "kualitas_data": (
        {"karantina": {"Komunitas tidak ditemukan": 1},
         "kelengkapan": {"Komunitas tanpa tanggal terdaftar": "1", "Komunitas tanpa email penggerak": "0",
                         "Kegiatan tanpa durasi": "11", "Kegiatan tanpa tautan dokumentasi": "47"}},
        {"karantina": {"Komunitas tidak ditemukan": 2, "Ejaan kab/kota tidak dikenal": 1},
         "kelengkapan": {"Komunitas tanpa tanggal terdaftar": "1", "Komunitas tanpa email penggerak": "0",
                         "Kegiatan tanpa durasi": "11", "Kegiatan tanpa tautan dokumentasi": "63"}},
    ),
}


def test_every_page_but_upload_is_checked() -> None:
    # Unggah Data and Pengguna show no figure of the data store (the upload report; the users in the app's state).
    assert set(PAGES) == set(EXPECTED) == {p.stem for p in (ROOT / "pages").glob("*.py")} - {"unggah_data", "pengguna"}


@pytest.mark.parametrize("page", list(PAGES))
def test_page_shows_new_data_after_load(runs: dict[str, tuple[Run, Run]], page: str) -> None:
    sebelum, sesudah = runs[page]
    assert isinstance(sebelum, dict), sebelum  # else: the page crashed or lacks an element (the message)
    assert isinstance(sesudah, dict), sesudah
    if page == "laporan_dua_bulanan":
        sebelum, sesudah = dict(sebelum), dict(sesudah)
        draf_sebelum, draf_sesudah = sebelum.pop("draf"), sesudah.pop("draf")
        assert draf_sebelum and draf_sebelum.keys() == draf_sesudah.keys()
        assert all(draf_sesudah[k] > n for k, n in draf_sebelum.items()), (draf_sebelum, draf_sesudah)
    assert (sebelum, sesudah) == EXPECTED[page]

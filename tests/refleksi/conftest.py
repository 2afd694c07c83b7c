"""Stores for the Refleksi tests.

* `hand_store`: direct INSERTs with hand-chosen themes (independent of the classifier), so every
  count in test_queries.py is checked by hand.
* `loaded_store`: the fixture CSVs (a `;` registry and a Google Forms reflection export, as Excel
  saves them) loaded through the real loader, then classified with the shipped lexicon.
* `empty_db`: schema only, sample data off.
"""
from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest

from data_loaders.kinds.refleksi import periode
from data_loaders.load import Source, load_files
from store.meta import set_meta
from store.database import open_readonly, write_transaction
from data_loaders.themes import classify_pending
from tests.conftest import copy_store, streamlit_env

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ROOT = Path(__file__).resolve().parents[2]
LOADED_AT = datetime(2022, 12, 20, 8, 0)
USERS = """
[upt]
nama = "BBGP Provinsi Jawa Barat"

[pengguna."admin@bbgp-jabar.id"]
peran = "admin"

[pengguna."pimpinan@bbgp-jabar.id"]
peran = "pimpinan"

[pengguna."wali.bandung@bbgp-jabar.id"]
peran = "wali_wilayah"
kabkota = ["32.04"]
"""

# Communities: (id, nama, kode_kabkota, jenis, jenjang, penggerak_nama, penggerak_email)
KOMUNITAS = [
    ("A", "Kombel Anggrek", "32.04", "dalam_sekolah", "SD", "Siti", "siti@guru.sd.belajar.id"),
    ("B", "KKG Bakti Cileunyi", "32.04", "antar_sekolah", "SD", "Asep", "asep@guru.sd.belajar.id"),
    ("C", "Kombel Cempaka", "32.73", "dalam_sekolah", "SMP", "Dewi", "dewi@guru.smp.belajar.id"),
    ("D", "Kombel Dahlia", "32.04", "dalam_sekolah", "SMP", None, "yanti@guru.smp.belajar.id"),
]
# (id_refleksi, id_komunitas, tanggal, komponen, [(butir, tema, skor), ...]); themes are version 2.
ANSWERS = [
    # previous period 2022-09/10
    ("P1", "A", date(2022, 9, 20), "hal_baik", [("rutin tiap Kamis", "pertemuan rutin", 0.8)]),
    ("P2", "B", date(2022, 10, 3), "hal_baik", [("kepsek hadir", "dukungan kepala sekolah", 0.7)]),
    ("P3", "D", date(2022, 10, 30), "hal_baik", [("jadwal rutin", "pertemuan rutin", 0.6)]),
    ("P4", "A", date(2022, 9, 20), "rencana_tindak_lanjut", [("lesson study", "lesson study", 0.9)]),
    # period 2022-11/12
    ("N1", "A", date(2022, 11, 24), "hal_baik", [("rutin tiap Kamis", "pertemuan rutin", 0.8),
                                                 ("KS mendukung penuh", "dukungan kepala sekolah", 0.9),
                                                 ("guru yang kompak sekali", "lainnya", 0.1)]),
    ("N2", "B", date(2022, 12, 1), "hal_baik", [("rapat rutin", "pertemuan rutin", 0.5),
                                                ("jadwal rutin", "pertemuan rutin", 0.7)]),
    ("N3", "C", date(2022, 12, 5), "hal_baik", [("rutin tiap Kamis", "pertemuan rutin", 0.6),
                                                ("Guru kompak sekali!", "lainnya", 0.05)]),
    ("N4", "A", date(2022, 11, 24), "rencana_tindak_lanjut", [("Lesson study kelas 5", "lesson study", 0.9),
                                                              ("modul ajar P5", "modul ajar", 0.8)]),
    ("N5", "C", date(2022, 12, 5), "rencana_tindak_lanjut", [("open class", "lesson study", 0.6),
                                                             ("diskon 50%_ok", "lainnya", 0.1)]),
    ("N6", "B", date(2022, 12, 1), "dampak_peserta_didik", [("siswa aktif", "siswa aktif", 0.7)]),
    ("N7", "B", date(2022, 12, 1), "dampak_guru_kepsek", [("murid semangat", "siswa aktif", 0.6),
                                                          ("guru kompak", "kolaborasi guru", 0.8)]),
    ("N8", "A", date(2022, 11, 24), "dampak_guru_kepsek", [("guru kompak", "kolaborasi guru", 0.8)]),
]


def _insert(con: duckdb.DuckDBPyConnection, table: str, row: dict) -> None:
    con.execute(f"insert into {table} ({', '.join(row)}) values ({', '.join('?' for _ in row)})", list(row.values()))


@pytest.fixture(scope="session")
def _hand_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tangan") / "kombel.duckdb"
    with write_transaction(path) as con:
        for id_k, nama, kode, jenis, jenjang, p_nama, p_email in KOMUNITAS:
            _insert(con, "komunitas", {
                "id_komunitas": id_k, "nama_komunitas": nama, "nama_normal": nama.casefold(), "jenis": jenis,
                "kode_kabkota": kode, "jenjang": jenjang, "penggerak_nama": p_nama, "penggerak_email": p_email,
                "tanggal_terdaftar": date(2022, 8, 1), "sumber_file": "komunitas.csv", "sumber_baris": 2,
                "dimuat_pada": LOADED_AT,
            })
        _insert(con, "penggerak", {"penggerak_email": "yanti@guru.smp.belajar.id", "penggerak_nama": "Yanti Rahmawati",
                                   "kode_kabkota": "32.04", "sumber_file": "penggerak.csv", "sumber_baris": 2,
                                   "dimuat_pada": LOADED_AT})
        set_meta(con, "versi_leksikon", "2")  # the items of version 1 below are stale
        for id_r, id_k, tanggal, komponen, items in ANSWERS:
            _insert(con, "refleksi", {
                "id_refleksi": id_r, "id_komunitas": id_k, "tanggal": tanggal, "periode": periode(tanggal),
                "komponen": komponen, "jawaban": "\n".join(b for b, _, _ in items), "sumber_file": "refleksi.csv",
                "sumber_baris": 2, "dimuat_pada": LOADED_AT,
            })
            for n, (butir, tema, skor) in enumerate(items, start=1):
                con.execute("insert into butir_refleksi values (?, ?, ?, ?, ?, 2)", [id_r, n, butir, tema, skor])
                # an item of an older lexicon version must never be counted
                con.execute("insert into butir_refleksi values (?, ?, ?, 'usang', 1.0, 1)", [id_r, n + 50, butir])
    return path


@pytest.fixture
def hand_store(_hand_template: Path, tmp_path: Path) -> duckdb.DuckDBPyConnection:
    path = tmp_path / "tangan.duckdb"
    shutil.copyfile(_hand_template, path)
    con = open_readonly(path)
    yield con
    con.close()


@pytest.fixture(scope="session")
def _loaded_template(store_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = copy_store(store_template, tmp_path_factory.mktemp("muat"))
    load_files(path, [Source.from_path(p) for p in sorted(FIXTURES.glob("*.csv"))])
    with write_transaction(path) as con:
        classify_pending(con)  # a no-op once the loader classifies on its own
    return path


@pytest.fixture
def loaded_path(_loaded_template: Path, tmp_path: Path) -> Path:
    """A private copy of the loaded store (tests write drafts and lexicon versions to it)."""
    path = tmp_path / "kombel.duckdb"
    shutil.copyfile(_loaded_template, path)
    return path


@pytest.fixture
def loaded_store(loaded_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KOMBEL_DB", str(loaded_path))
    monkeypatch.setenv("KOMBEL_SAMPLE", "0")
    return loaded_path


@pytest.fixture
def empty_db(empty_store: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = empty_store
    monkeypatch.setenv("KOMBEL_DB", str(path))
    monkeypatch.setenv("KOMBEL_SAMPLE", "0")
    return path


@pytest.fixture
def users_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "pengguna.toml"
    path.write_text(USERS, encoding="utf-8")
    monkeypatch.setenv("KOMBEL_PENGGUNA", str(path))
    return path


@pytest.fixture
def app_env(users_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Fresh caches, the users file, and a loopback address (as .streamlit/config.toml ships)."""
    with streamlit_env(monkeypatch):
        yield

"""The Penggerak page's eligibility list reads penggerak_ringkas (store/rollup.py, issue 19 item 2) instead of
grouping every community. penggerak_eligibility, its one-row summary and penggerak_ranking (which reads the list)
must give exactly the frames of the partial as it was (tests/queries/referensi/_penggerak_eligibility.sql), on a
store loaded through the real loader where a penggerak leads communities in two or three kab/kota, registers one
after the period, is written in another case with spaces, or is blank; for every filter, admin and walis whose
region holds all, part or none of a penggerak's communities."""
from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from data_loaders.load import Source, load_files
from queries import runner
from queries.runner import Filters, run_query
from queries.scope import ADMIN, Scope
from tests.support import copy_store

REFERENSI = Path(__file__).resolve().parent / "referensi" / "_penggerak_eligibility.sql"
WALI = Scope(email="wali@upt.id", peran="wali_wilayah", kabkota=("32.04",))
WALI_KOTA = Scope(email="wali.kota@upt.id", peran="wali_wilayah", kabkota=("32.73", "32.77"))

# Ani also leads K5 in Kota Bandung (her email in capitals, with spaces); Budi leads K6 in Kota Cimahi, registered
# 20 Aug; Fajar's only community registers 15 Sep; Gita's has no date; K9's penggerak email is blank.
KOMUNITAS_TAMBAHAN = (
    b"ID Komunitas;Nama Komunitas;Jenis Komunitas;Kabupaten/Kota;Jenjang;Nama Penggerak;Email Penggerak;"
    b"Tanggal Terdaftar;Status PMM\n"
    b"K5;KKG Coblong Ani;Antar Sekolah;Kota Bandung;SD;Ani R.;  ANI@Guru.SD.belajar.id ;01/08/2022;Ya\n"
    b"K6;MGMP Cimahi;Antar Sekolah;Kota Cimahi;SMP;Budi Santoso;budi@guru.smp.belajar.id;20/08/2022;Ya\n"
    b"K7;Kombel Baru;Komunitas Belajar Dalam Sekolah;Kab. Bandung;SD;Fajar;fajar@guru.sd.belajar.id;"
    b"15/09/2022;Tidak\n"
    b"K8;Kombel Tanpa Tanggal;Antar Sekolah;Kota Cimahi;SD;Gita;gita@guru.sd.belajar.id;;Ya\n"
    b"K9;Kombel Tanpa Email;Antar Sekolah;Kab. Bandung;SMP;Hadi;   ;01/07/2022;Ya\n")
KEGIATAN_TAMBAHAN = (b"ID Komunitas;Tanggal;Durasi (menit);Topik;Bentuk Kegiatan;Moda\n"
                     b"K5;10/08/2022;45;Berbagi di kota;Berbagi praktik baik;Luring\n"
                     b"K6;23/08/2022;60;Cimahi pertama;Webinar;Daring\n"
                     b"K7;20/09/2022;30;Baru mulai;Refleksi;Luring\n")

PERIODS = [(date(2022, 8, 1), date(2022, 8, 28)), (date(2022, 8, 1), date(2022, 8, 14)),
           (date(2022, 7, 1), date(2022, 10, 31)), (date(2022, 6, 1), date(2022, 7, 31))]
FILTERS = [Filters(dari=d, sampai=s) for d, s in PERIODS] + [
    Filters(dari=d, sampai=s, kabkota=k) for d, s in PERIODS[:3]
    for k in (("32.04",), ("32.73",), ("32.77",), ("32.04", "32.73"), ("32.04", "32.73", "32.77"))
] + [
    Filters(dari=date(2022, 7, 1), sampai=date(2022, 10, 31), jenis="antar_sekolah"),
    Filters(dari=date(2022, 8, 1), sampai=date(2022, 8, 28), jenjang="SD"),
    Filters(dari=date(2022, 8, 1), sampai=date(2022, 8, 28), kabkota=("32.73",), jenjang="SMP"),
]
QUERIES = ("penggerak_eligibility", "penggerak_eligibility_ringkas", "penggerak_ranking")


@pytest.fixture(scope="module")
def store(penggerak_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = copy_store(penggerak_template, tmp_path_factory.mktemp("ringkas"))
    load_files(path, [Source("komunitas_tambahan.csv", KOMUNITAS_TAMBAHAN)])
    load_files(path, [Source("kegiatan_tambahan.csv", KEGIATAN_TAMBAHAN)])
    return path


@pytest.fixture(scope="module")
def reference_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """queries/ with the eligibility partial replaced by its reference text."""
    directory = tmp_path_factory.mktemp("kueri_referensi_penggerak")
    for path in runner.QUERY_DIR.glob("*.sql"):
        shutil.copy(path, directory / path.name)
    shutil.copytree(runner.QUERY_DIR / "lingkup", directory / "lingkup")
    shutil.copy(REFERENSI, directory / REFERENSI.name)
    return directory


@pytest.mark.parametrize("scope", [ADMIN, WALI, WALI_KOTA], ids=["admin", "wali", "wali_kota"])
def test_same_frames_as_grouping_komunitas(store: Path, reference_dir: Path, scope: Scope,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from store.database import open_readonly

    con = open_readonly(store)
    try:
        current = {(n, i): run_query(con, n, f, scope) for n in QUERIES for i, f in enumerate(FILTERS)}
        assert "from penggerak_ringkas" in runner.sql_text("penggerak_eligibility", scope)
        monkeypatch.setattr(runner, "QUERY_DIR", reference_dir)
        assert "from penggerak_ringkas" not in runner.sql_text("penggerak_eligibility", scope)
        reference = {(n, i): run_query(con, n, f, scope) for n in QUERIES for i, f in enumerate(FILTERS)}
    finally:
        con.close()
    for (name, i), expected in reference.items():
        pd.testing.assert_frame_equal(current[(name, i)], expected, check_exact=True, obj=f"{name} {FILTERS[i]}")
    lists = [reference[("penggerak_eligibility", i)] for i in range(len(FILTERS))]
    assert sum(len(x) for x in lists) > 0
    # the cases the summary cannot answer alone occur: a penggerak in scope with only some communities counted
    everyone = pd.concat(lists)
    assert (everyone["jumlah_komunitas"] > 0).any()
    if scope is ADMIN:
        assert everyone["komunitas_dipimpin"].str.contains("KKG Coblong Ani").any()
        assert (everyone["komunitas_dipimpin"] == "KKG Gugus 1 Soreang").any()  # Ani with only K1 in scope

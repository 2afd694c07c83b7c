"""The needs-survey loader kind (Google Forms multi-select -> one row per topic) and kebutuhan_topik."""
from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from data_loaders.kinds.survei_kebutuhan import split_topics
from data_loaders.load import Source, detect_kind, load_files
from queries.runner import Filters, run_query
from queries.scope import ADMIN, Scope
from store.database import open_readonly
from tests.fixtures.penggerak import FIXTURES


@pytest.fixture
def store(penggerak_store: Path) -> Path:
    """A private copy of the penggerak fixture store (tests/fixtures/penggerak) per test."""
    return penggerak_store


def test_split_topics() -> None:
    assert split_topics("Asesmen, P5, Modul ajar") == ["Asesmen", "P5", "Modul ajar"]
    assert split_topics("Asesmen (diagnostik, formatif), Modul ajar") == ["Asesmen (diagnostik, formatif)",
                                                                           "Modul ajar"]
    assert split_topics("P5; modul ajar\nP5 ") == ["P5", "modul ajar"]
    assert split_topics(" , ") == []


def test_survey_file_is_detected_and_split(store) -> None:
    source = Source.from_path(FIXTURES / "5_survei_kebutuhan.csv")
    assert detect_kind(source.data.decode().splitlines()[0].split(",")) == "survei_kebutuhan"
    con = open_readonly(store)
    try:
        rows = con.execute("""
            select penggerak_email, kode_kabkota, topik, waktu_pengisian, sumber_baris from survei_kebutuhan
            order by sumber_baris, topik""").fetchall()
        karantina = con.execute("select kode_alasan, nilai from karantina where jenis_data = 'survei_kebutuhan'"
                                ).fetchall()
    finally:
        con.close()
    assert [(r[0].split("@")[0], r[1], r[2]) for r in rows] == [
        ("ani", "32.04", "Asesmen"), ("ani", "32.04", "Modul ajar"), ("ani", "32.04", "P5"),
        ("budi", "32.04", "Asesmen (diagnostik, formatif)"), ("budi", "32.04", "Modul ajar"),
        ("citra", "32.73", "P5"), ("citra", "32.73", "modul ajar"),
    ]
    assert rows[0][3] == datetime(2022, 8, 15, 10, 23, 45) and rows[0][4] == 2
    assert karantina == [("kabkota_tidak_dikenal", "Kab. Antah Berantah")]


def test_survey_reload_changes_nothing(store) -> None:
    report = load_files(store, [Source.from_path(FIXTURES / "5_survei_kebutuhan.csv")])
    f = report.files[0]
    assert (f.ditambah, f.sudah_ada, f.dikarantina) == (0, 3, 1)
    con = open_readonly(store)
    try:
        assert con.execute("select count(*) from survei_kebutuhan").fetchone()[0] == 7
    finally:
        con.close()


def test_kebutuhan_topik_ranks_per_kabkota(store) -> None:
    con = open_readonly(store)
    try:
        df = run_query(con, "kebutuhan_topik", Filters(date(2022, 8, 1), date(2022, 8, 28)), ADMIN)
        wali = run_query(con, "kebutuhan_topik", Filters(date(2022, 8, 1), date(2022, 8, 28)),
                         Scope(email="w@upt.id", peran="wali_wilayah", kabkota=("32.73",)))
        before = run_query(con, "kebutuhan_topik", Filters(date(2022, 8, 1), date(2022, 8, 14)), ADMIN)
    finally:
        con.close()
    kab = df[df["kode_kabkota"] == "32.04"]
    assert list(kab[["topik", "jumlah_responden", "peringkat", "persen_responden"]].itertuples(index=False,
                                                                                              name=None))[0] == (
        "Modul ajar", 2, 1, 100.0)
    assert set(kab["responden_kabkota"]) == {2}
    assert set(wali["kode_kabkota"]) == {"32.73"}
    assert before.empty  # responses after sampai are not counted


def test_kebutuhan_topik_ringkas_over_scope(store) -> None:
    con = open_readonly(store)
    try:
        df = run_query(con, "kebutuhan_topik_ringkas", Filters(date(2022, 8, 1), date(2022, 8, 28)), ADMIN)
    finally:
        con.close()
    # 'Modul ajar' (Ani, Budi) and 'modul ajar' (Citra) are one topic; the quarantined response counts nowhere.
    assert list(df[["peringkat", "topik", "jumlah_responden", "persen_responden"]].itertuples(index=False,
                                                                                             name=None))[:2] == [
        (1, "Modul ajar", 3, 100.0), (2, "P5", 2, 66.7)]
    assert set(df["total_responden"]) == {3}

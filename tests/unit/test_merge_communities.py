"""Merging a community registered twice (edits/mappings.py merge_komunitas, issue 13.6), on real exports loaded
through the loader (tests/fixtures/duplikat): afterwards every figure equals that of a store loaded from files
that used one id from the start, the summaries equal a from-scratch aggregation, a later file with the merged
id lands on the kept one, a second click changes nothing, and a failed merge leaves both stores as they were."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from data_loaders.load import Source, load_files
from edits.mappings import MappingError, merge_komunitas
from queries.runner import Filters, run_query
from store import rollup
from store.database import open_readonly
from tests.fixtures.duplikat import loaded, unified
from tests.unit.test_rollup import assert_rollups_exact

AGUSTUS = Filters(date(2022, 8, 1), date(2022, 8, 28))
SEPTEMBER = Filters(date(2022, 8, 1), date(2022, 9, 25))
QUERIES = ("weekly_rule", "weekly_rule_followup", "weekly_trend", "headline", "progress_kabkota",
           "activity_per_community", "activity_frequency", "activity_breakdown", "kualitas_kelengkapan",
           "reflection_periods", "penggerak_eligibility")
EXPECTED_MONTHS = """
    select id_komunitas, date_trunc('month', tanggal)::date, count(*), coalesce(sum(durasi_menit), 0),
           count(durasi_menit), count(*) filter (where nullif(trim(tautan_dokumentasi), '') is null)
    from kegiatan group by 1, 2 order by 1, 2
"""
STORED_MONTHS = """
    select id_komunitas, bulan, jumlah_kegiatan, total_durasi_menit, jumlah_berdurasi, jumlah_tanpa_dokumentasi
    from kegiatan_bulanan order by 1, 2
"""


@pytest.fixture
def store(store_template: Path, tmp_path: Path) -> Path:
    return loaded(store_template, tmp_path / "gabung")


def fetch(path: Path, sql: str) -> list[tuple]:
    con = open_readonly(path)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def figures(path: Path, filters: Filters = AGUSTUS) -> dict[str, pd.DataFrame]:
    con = open_readonly(path)
    try:
        return {name: run_query(con, name, filters) for name in QUERIES}
    finally:
        con.close()


def rows(path: Path) -> dict[str, list[tuple]]:
    """The loaded rows a merge rewrites, without their provenance."""
    return {
        "kegiatan": fetch(path, """select id_kegiatan, id_komunitas, tanggal, durasi_menit, topik, bentuk, moda
                                   from kegiatan order by all"""),
        "refleksi": fetch(path, """select id_refleksi, id_komunitas, tanggal, komponen, jawaban
                                   from refleksi order by all"""),
        "butir": fetch(path, "select id_refleksi, nomor_butir, butir, tema from butir_refleksi order by all"),
        "komunitas": fetch(path, """select * exclude (sumber_file, sumber_baris, dimuat_pada)
                                    from komunitas order by all"""),
    }


def check_rollups(path: Path) -> None:
    con = open_readonly(path)
    try:
        assert assert_rollups_exact(con)
        assert con.execute(STORED_MONTHS).fetchall() == con.execute(EXPECTED_MONTHS).fetchall()
    finally:
        con.close()


def test_merge_gives_the_figures_of_a_store_loaded_with_one_id(store: Path, store_template: Path,
                                                                tmp_path: Path) -> None:
    before = figures(store)
    report = merge_komunitas(store, "D1", ["D2"])
    assert (report.digabung, report.kegiatan_dipindah, report.kegiatan_ganda) == (["D2"], 2, 1)
    assert (report.refleksi_dipindah, report.refleksi_ganda) == (2, 1)
    assert report.karantina.diselesaikan == 1  # the row naming 'KKG Gugus 3 Soreang' was ambiguous; now D1's
    assert "D2 digabungkan ke D1" in report.to_text()

    satu = unified(store_template, tmp_path / "satu_id", merged="D2", kept="D1")
    assert rows(store) == rows(satu)
    after = figures(store)
    for name, expected in figures(satu).items():
        pd.testing.assert_frame_equal(after[name], expected, obj=name)
    assert not after["weekly_rule"].equals(before["weekly_rule"])  # the merge did change the figures
    per = after["activity_per_community"].set_index("id_komunitas")
    assert "D2" not in per.index and per.loc["D1", "jumlah_kegiatan"] == 5  # 3 + D2's 23 Aug + the 26 Aug row
    check_rollups(store)


def test_every_group_merged_equals_a_store_loaded_with_one_id_each(store: Path, store_template: Path,
                                                                   tmp_path: Path) -> None:
    for tetap, lain in (("D1", "D2"), ("D4", "D3"), ("D10", "D9")):
        merge_komunitas(store, tetap, [lain])
        check_rollups(store)
    con = open_readonly(store)
    try:
        assert run_query(con, "probable_duplicates", AGUSTUS).empty
    finally:
        con.close()
    # D10 had no penggerak: it takes D9's (name and e-mail together), so the penggerak keeps a community.
    assert fetch(store, "select penggerak_nama, penggerak_email from komunitas where id_komunitas = 'D10'") == [
        ("Gita Sari", "gita@guru.sd.belajar.id")]


def test_a_later_file_with_the_merged_id_lands_on_the_kept_one(store: Path, tmp_path: Path) -> None:
    merge_komunitas(store, "D1", ["D2"])
    merge_komunitas(store, "D4", ["D3"])
    kegiatan = tmp_path / "kegiatan_september.csv"
    kegiatan.write_text(
        "Timestamp;ID Komunitas;Nama Komunitas Belajar;Kabupaten/Kota;Tanggal Pelaksanaan Kegiatan;Topik Kegiatan\n"
        "06/09/2022 20:00:00;D2;;;06/09/2022;Asesmen sumatif\n"
        "07/09/2022 20:00:00;;KKG Gugus 3 Soreang;Kab. Bandung;07/09/2022;Numerasi\n"
        "08/09/2022 20:00:00;;Komunitas Belajar SMPN 1 Banjaran;Kab. Bandung;08/09/2022;Literasi\n", encoding="utf-8")
    registri = tmp_path / "komunitas_september.csv"
    registri.write_text("ID Komunitas;Nama Komunitas;Jenis Komunitas;Kabupaten/Kota;Tanggal Terdaftar\n"
                        "D2;kkg gugus 3 soreang;Antar Sekolah;Kab. Bandung;15/08/2022\n"
                        "D3;Komunitas Belajar SMPN 1 Banjaran;Dalam Sekolah;Kab. Bandung;02/08/2022\n",
                        encoding="utf-8")
    report = load_files(store, [Source.from_path(kegiatan), Source.from_path(registri)])
    files = {f.sumber_file: f for f in report.files}
    assert (files["kegiatan_september.csv"].ditambah, files["kegiatan_september.csv"].dikarantina) == (3, 0)
    assert [(k["nilai_asli"], k["nilai_baru"], k["metode"]) for k in files["kegiatan_september.csv"].koreksi
            if k["kolom"] == "ID Komunitas"] == [("D2", "D1", "pemetaan")]
    assert (files["komunitas_september.csv"].ditambah, files["komunitas_september.csv"].sudah_ada) == (0, 2)
    assert fetch(store, "select id_komunitas from komunitas where id_komunitas in ('D2', 'D3')") == []
    assert fetch(store, "select id_komunitas, tanggal from kegiatan where tanggal >= '2022-09-01' order by 2") == [
        ("D1", date(2022, 9, 6)), ("D1", date(2022, 9, 7)), ("D4", date(2022, 9, 8))]
    check_rollups(store)


def test_a_second_click_changes_nothing(store: Path) -> None:
    merge_komunitas(store, "D1", ["D2"])
    data, app = store.read_bytes(), fetch(store, "select * from app.pemetaan order by all")
    again = merge_komunitas(store, "D1", ["D2"])
    assert (again.digabung, again.sudah) == ([], ["D2"])
    assert "sudah digabungkan ke D1" in again.to_text()
    assert store.read_bytes() == data
    assert fetch(store, "select * from app.pemetaan order by all") == app


def test_a_failed_merge_leaves_both_stores_as_they_were(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data, before = store.read_bytes(), rows(store)

    def gagal(con, ids):
        raise OSError("disk penuh")

    monkeypatch.setattr(rollup, "forget", gagal)  # after the rows moved, inside the data transaction
    with pytest.raises(OSError):
        merge_komunitas(store, "D4", ["D3"])
    assert store.read_bytes() == data
    assert rows(store) == before
    assert fetch(store, "select * from app.pemetaan") == []  # the merge's mappings were taken back
    monkeypatch.undo()
    assert merge_komunitas(store, "D4", ["D3"]).digabung == ["D3"]  # and it can be done afterwards


def test_mappings_that_named_the_merged_id_follow_it(store: Path) -> None:
    # A name mapped earlier to D3 (the quarantine's own mechanism), and D3 merged into D4.
    from store import app_state
    with app_state.write(store) as con:
        con.execute("insert into pemetaan values ('komunitas', 'smpn satu banjaran', '32.04', 'D3', now())")
    merge_komunitas(store, "D4", ["D3"])
    assert fetch(store, "select jenis, nilai_normal, kode_kabkota, target from app.pemetaan order by all") == [
        ("id_komunitas", "D3", "", "D4"),
        ("komunitas", "komunitas belajar smpn 1 banjaran", "32.04", "D4"),
        ("komunitas", "smpn satu banjaran", "32.04", "D4")]


@pytest.mark.parametrize("tetap,lain,kabkota,pesan", [
    ("D10", ["D9"], ("32.04",), "di luar wilayah Anda"),
    ("D1", ["D99"], None, "tidak ada"),
    ("D99", ["D1"], None, "tidak ada"),
    ("D1", [], None, "sedikitnya satu"),
])
def test_refused_merges_change_nothing(store: Path, tetap: str, lain: list[str], kabkota, pesan: str) -> None:
    data = store.read_bytes()
    with pytest.raises(MappingError, match=pesan):
        merge_komunitas(store, tetap, lain, kabkota)
    assert store.read_bytes() == data
    assert fetch(store, "select * from app.pemetaan") == []

"""The UPT programme: month grid against the stored plan, the automatic checks, manual event entry."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from data_loaders.load import Source, load_files
from edits.program_plan import INPUT_MANUAL, PlanError, add_event, save_plan
from queries.runner import Filters, run_query
from queries.scope import ADMIN, Scope


@pytest.fixture
def store(penggerak_store: Path) -> Path:
    """A private copy of the penggerak fixture store (tests/fixtures/penggerak) per test."""
    return penggerak_store


def query(store, name, dari, sampai, scope=ADMIN):
    from store.database import open_readonly

    con = open_readonly(store)
    try:
        return run_query(con, name, Filters(dari, sampai), scope)
    finally:
        con.close()


def checks(store, dari, sampai, scope=ADMIN) -> dict[str, tuple[str, str]]:
    df = query(store, "program_cek", dari, sampai, scope)
    return {r.cek: (r.status, r.keterangan) for r in df.itertuples()}


def test_checks_on_fixture(store) -> None:
    cek = checks(store, date(2022, 7, 1), date(2022, 11, 6))
    assert cek["upgrading_daring"][0] == "belum terpenuhi"
    assert "Baru terlaksana 1 kali" in cek["upgrading_daring"][1]
    # Jul/Aug has the 26 Aug reflection; Sep/Oct is over without one; Nov/Dec is still running.
    assert cek["refleksi_dua_bulanan"] == (
        "belum terpenuhi", "Belum ada kegiatan refleksi UPT pada 2022-09/10. Blok 2022-11/12 masih berjalan.")
    # Socialisation was held in Kab. Bandung only; Kota Bandung has communities but was not reached.
    assert cek["sosialisasi_kabkota"] == (
        "belum terpenuhi", "1 dari 2 kab/kota belum mendapat sosialisasi: Kota Bandung.")
    assert checks(store, date(2022, 7, 1), date(2022, 8, 31))["refleksi_dua_bulanan"][0] == "terpenuhi"
    assert checks(store, date(2022, 8, 1), date(2022, 8, 28))["refleksi_dua_bulanan"][0] == "belum dapat dinilai"


def test_checks_respect_scope(store) -> None:
    wali = Scope(email="w@upt.id", peran="wali_wilayah", kabkota=("32.04",))
    assert checks(store, date(2022, 8, 1), date(2022, 8, 28), wali)["sosialisasi_kabkota"] == (
        "terpenuhi", "Semua 1 kab/kota sudah mendapat sosialisasi.")


def test_manual_event_completes_the_daring_check_and_is_recognised_in_a_later_export(store, tmp_path) -> None:
    ident = add_event(store, jenis_kegiatan="peningkatan kapasitas daring", tanggal=date(2022, 8, 24),
                      nama_kegiatan="Upgrading Daring Sesi 2", jumlah_peserta=40)
    assert checks(store, date(2022, 8, 1), date(2022, 8, 28))["upgrading_daring"] == (
        "terpenuhi", "Sudah terlaksana 2 kali pada periode ini.")
    kegiatan = query(store, "program_kegiatan", date(2022, 8, 1), date(2022, 8, 28))
    manual = kegiatan[kegiatan["sumber_file"] == INPUT_MANUAL]
    assert list(manual["nama_kegiatan"]) == ["Upgrading Daring Sesi 2"]
    assert manual.iloc[0]["kabkota"] == "Seluruh wilayah UPT"
    with pytest.raises(PlanError, match="sudah tercatat"):
        add_event(store, jenis_kegiatan="peningkatan kapasitas daring", tanggal=date(2022, 8, 24),
                  nama_kegiatan="Upgrading Daring Sesi 2")
    # The same event arriving later in an attendance export is the same event (same id), not a second one.
    export = tmp_path / "hadir_sesi2.csv"
    export.write_text("Nama Kegiatan;Jenis Kegiatan;Tanggal;Email\n"
                      "Upgrading Daring Sesi 2;Peningkatan Kapasitas Daring;24/08/2022;eka@guru.sd.belajar.id\n",
                      encoding="utf-8")
    load_files(store, [Source.from_path(export)])
    from store.database import open_readonly

    con = open_readonly(store)
    try:
        assert con.execute("select count(*) from kegiatan_upt where id_kegiatan_upt = ?", [ident]).fetchone()[0] == 1
    finally:
        con.close()


def test_plan_is_stored_and_compared(store) -> None:
    save_plan(store, [("2022-08", "peningkatan kapasitas daring", 2), ("2022-08", "webinar", 1),
                      ("2022-09", "refleksi", 1)], "admin@upt.id")
    grid = query(store, "program_bulanan", date(2022, 8, 1), date(2022, 9, 25))
    assert set(grid["bulan"]) == {"2022-08", "2022-09"} and len(grid) == 2 * 7
    cell = {(r.bulan, r.jenis_kegiatan): r for r in grid.itertuples()}
    daring = cell[("2022-08", "peningkatan kapasitas daring")]
    assert (daring.jumlah_rencana, daring.jumlah_terlaksana, daring.status) == (2, 1, "kurang dari rencana")
    assert daring.jumlah_peserta == 2  # attendance rows without a participant count
    assert cell[("2022-08", "webinar")].status == "kurang dari rencana"
    assert cell[("2022-09", "refleksi")].status == "belum terlaksana"  # September is not over on 25 Sep
    sosialisasi = cell[("2022-08", "sosialisasi")]
    assert (sosialisasi.jumlah_rencana, sosialisasi.jumlah_terlaksana, sosialisasi.status) == (0, 1, "di luar rencana")
    assert sosialisasi.kabkota_terjangkau == 1
    # Editing: 0 removes a cell, other cells stay.
    save_plan(store, [("2022-08", "webinar", 0)], "admin@upt.id")
    grid = query(store, "program_bulanan", date(2022, 8, 1), date(2022, 9, 25))
    assert int(grid["jumlah_rencana"].sum()) == 3


def test_plan_rejects_bad_input(store) -> None:
    with pytest.raises(PlanError, match="Bulan"):
        save_plan(store, [("Agustus", "webinar", 1)], "a")
    with pytest.raises(PlanError, match="tidak dikenal"):
        save_plan(store, [("2022-08", "arisan", 1)], "a")
    with pytest.raises(PlanError, match="negatif"):
        save_plan(store, [("2022-08", "webinar", -1)], "a")

"""The app's own state (store/app_state.py) lives apart from the loaded data: edits survive loads, a click never
waits for a load, the v2 data store's edit tables move over intact, and queries read it under the same scope."""
from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from data_loaders.load import Source, load_files
from edits import bimonthly_report
from edits.program_plan import add_event, save_plan
from queries.runner import Filters, run_query
from queries.scope import Scope
from store import app_state, cow, database, schema
from store.meta import schema_version, set_meta

FIXTURES = Path(__file__).parent / "fixtures"
PERIOD = Filters(date(2022, 8, 1), date(2022, 12, 25))

# The edit tables as schema v2 defined them in the data store (store/schema.py history, issue 12).
_V2_EDIT_TABLES = """
create table pemetaan (jenis VARCHAR NOT NULL, nilai_normal VARCHAR NOT NULL,
    kode_kabkota VARCHAR NOT NULL DEFAULT '', target VARCHAR NOT NULL, dibuat_pada TIMESTAMP NOT NULL,
    PRIMARY KEY (jenis, nilai_normal, kode_kabkota));
create table pemetaan_kolom (bentuk_berkas VARCHAR PRIMARY KEY, jenis_data VARCHAR NOT NULL,
    pemetaan_json VARCHAR NOT NULL, dibuat_pada TIMESTAMP NOT NULL);
create table leksikon (versi INTEGER PRIMARY KEY, isi_json VARCHAR NOT NULL, catatan VARCHAR,
    dibuat_pada TIMESTAMP NOT NULL);
create table laporan_draf (periode VARCHAR NOT NULL, lingkup VARCHAR NOT NULL, komponen_laporan VARCHAR NOT NULL,
    peringkat INTEGER NOT NULL, tema VARCHAR NOT NULL, teks VARCHAR NOT NULL, jumlah_komunitas INTEGER,
    jumlah_butir INTEGER, contoh VARCHAR, disimpan_pada TIMESTAMP NOT NULL, disimpan_oleh VARCHAR NOT NULL,
    PRIMARY KEY (periode, lingkup, komponen_laporan, peringkat));
create table rencana_program (bulan VARCHAR NOT NULL, jenis_kegiatan VARCHAR NOT NULL,
    jumlah_rencana INTEGER NOT NULL, diubah_pada TIMESTAMP NOT NULL, diubah_oleh VARCHAR NOT NULL,
    PRIMARY KEY (bulan, jenis_kegiatan));
"""


def _query(db: Path, name: str, scope: Scope | None = None, **extra) -> pd.DataFrame:
    con = database.open_readonly(db)
    try:
        return run_query(database.cursor(con), name, PERIOD, *(scope and [scope] or []), extra=extra or None)
    finally:
        con.close()


def _draft(teks: str) -> pd.DataFrame:
    return pd.DataFrame({"komponen_laporan": ["hal_baik"], "peringkat": [1], "tema": ["jadwal rutin"],
                         "teks": [teks], "jumlah_komunitas": [3], "jumlah_butir": [4], "contoh": ["rutin"]})


def test_app_state_file_sits_beside_the_store(empty_store: Path) -> None:
    assert app_state.app_path(empty_store) == empty_store.with_name("kombel.app.duckdb")
    assert app_state.app_path(empty_store).exists()


def test_edits_survive_a_load_and_a_load_keeps_them(empty_store: Path) -> None:
    save_plan(empty_store, [("2022-09", "webinar", 2)], "admin@upt.id")
    bimonthly_report.save_draft(empty_store, "2022-09/10", "kabkota=semua", _draft("Pertemuan rutin"), "admin@upt.id")
    app_before = app_state.version(empty_store)
    load_files(empty_store, [Source.from_path(FIXTURES / "komunitas_pmm.csv")])
    assert app_state.version(empty_store) == app_before  # a load never rewrites the app's state
    plan = _query(empty_store, "program_bulanan")
    webinar = (plan["bulan"] == "2022-09") & (plan["jenis_kegiatan"] == "webinar")
    assert int(plan.loc[webinar, "jumlah_rencana"].iloc[0]) == 2
    saved = _query(empty_store, "bimonthly_report_saved", periode="2022-09/10")
    assert saved["teks"].tolist() == ["Pertemuan rutin"]


def test_an_edit_never_waits_for_a_load(empty_store: Path) -> None:
    """The data store's lock is held (a load running) until the edit returns: the edit completes while the load
    still holds it. Ordering, not a stopwatch: an edit that waited for the lock would only get it after the load
    gave up (10 s), and `released_by_edit` would be False."""
    held, release = threading.Event(), threading.Event()
    released_by_edit: list[bool] = []

    def load_holding_the_lock() -> None:
        with cow.exclusive_lock(empty_store, timeout=5):
            held.set()
            released_by_edit.append(release.wait(10))

    loader = threading.Thread(target=load_holding_the_lock)
    loader.start()
    try:
        assert held.wait(5)
        save_plan(empty_store, [("2022-10", "webinar", 1)], "admin@upt.id")
    finally:
        release.set()
        loader.join()
    assert released_by_edit == [True]
    plan = _query(empty_store, "program_bulanan")
    webinar = (plan["bulan"] == "2022-10") & (plan["jenis_kegiatan"] == "webinar")
    assert int(plan.loc[webinar, "jumlah_rencana"].iloc[0]) == 1


def test_typed_in_event_counts_once_when_an_export_brings_it(empty_store: Path, tmp_path: Path) -> None:
    ident = add_event(empty_store, jenis_kegiatan="webinar", tanggal=date(2022, 9, 9), nama_kegiatan="Webinar IKM",
                      oleh="admin@upt.id")
    events = _query(empty_store, "program_kegiatan")
    assert events["sumber_file"].tolist() == ["input manual"]
    export = tmp_path / "kegiatan_upt.csv"
    export.write_text("Jenis Kegiatan;Nama Kegiatan;Tanggal\nwebinar;Webinar IKM;09/09/2022\n", encoding="utf-8")
    load_files(empty_store, [Source.from_path(export)], kind="kegiatan_upt")
    events = _query(empty_store, "program_kegiatan")
    assert len(events) == 1 and events["sumber_file"].tolist() == ["kegiatan_upt.csv"]
    with duckdb.connect(str(app_state.app_path(empty_store)), read_only=True) as con:
        assert con.execute("select id_kegiatan_upt from kegiatan_upt_manual").fetchall() == [(ident,)]


def test_saved_draft_is_read_only_within_the_users_region(empty_store: Path) -> None:
    lingkup_wali = bimonthly_report.lingkup_key(["32.73", "32.04"], None, None)
    bimonthly_report.save_draft(empty_store, "2022-09/10", "kabkota=semua", _draft("UPT"), "kepala@upt.id")
    bimonthly_report.save_draft(empty_store, "2022-09/10", lingkup_wali, _draft("Wali"), "wali@upt.id")
    bimonthly_report.save_draft(empty_store, "2022-09/10", bimonthly_report.lingkup_key(None, "antar_sekolah", "SD"),
                                _draft("Antar sekolah SD"), "kepala@upt.id")
    wali = Scope(email="wali@upt.id", peran="wali_wilayah", kabkota=("32.04", "32.73"))
    assert _query(empty_store, "bimonthly_report_saved", periode="2022-09/10")["teks"].tolist() == ["UPT"]
    assert _query(empty_store, "bimonthly_report_saved", wali, periode="2022-09/10")["teks"].tolist() == ["Wali"]
    other = Scope(email="lain@upt.id", peran="wali_wilayah", kabkota=("32.04",))
    assert _query(empty_store, "bimonthly_report_saved", other, periode="2022-09/10").empty
    con = database.open_readonly(empty_store)
    try:
        filtered = run_query(database.cursor(con), "bimonthly_report_saved",
                             Filters(PERIOD.dari, PERIOD.sampai, jenis="antar_sekolah", jenjang="SD"),
                             extra={"periode": "2022-09/10"})
    finally:
        con.close()
    assert filtered["teks"].tolist() == ["Antar sekolah SD"]


def test_v2_store_moves_its_edits_to_the_app_state(empty_store: Path) -> None:
    """A store written before issue 12 kept the edits in the data file; opening it moves them over intact."""
    app_state.app_path(empty_store).unlink()
    with duckdb.connect(str(empty_store)) as con:
        con.execute(_V2_EDIT_TABLES)
        con.execute("insert into pemetaan values ('kabkota', 'bandung kulon', '', '32.04', timestamp '2022-09-01')")
        con.execute("insert into pemetaan_kolom values ('abc', 'kegiatan', '{}', timestamp '2022-09-01')")
        con.execute("insert into leksikon values (1, '{}', 'Leksikon bawaan', timestamp '2022-09-01')")
        con.execute("insert into laporan_draf values ('2022-09/10', 'kabkota=semua', 'hal_baik', 1, 't', 'Teks', "
                    "1, 1, null, timestamp '2022-11-01', 'kepala@upt.id')")
        con.execute("insert into rencana_program values ('2022-09', 'webinar', 3, timestamp '2022-08-01', 'a')")
        con.execute("insert into kegiatan_upt values ('e1', 'webinar', 'Manual', date '2022-09-09', null, 20, "
                    "'input manual', 2, timestamp '2022-09-09 10:00')")
        con.execute("insert into kegiatan_upt values ('e2', 'webinar', 'Ekspor', date '2022-09-10', null, 30, "
                    "'ekspor.csv', 2, timestamp '2022-09-10 10:00')")
        con.execute("insert into butir_refleksi values ('r1', 1, 'butir', 'tema', 0.9, 1, true)")
        set_meta(con, "schema_version", "2")
    database.ensure_store(empty_store)

    with duckdb.connect(str(empty_store), read_only=True) as con:
        assert schema_version(con) == schema.SCHEMA_VERSION
        tables = {r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()}
        assert not tables & {"pemetaan", "pemetaan_kolom", "leksikon", "laporan_draf", "rencana_program"}
        assert con.execute("select id_kegiatan_upt from kegiatan_upt").fetchall() == [("e2",)]
        assert con.execute("select nilai from meta where kunci = 'versi_leksikon'").fetchall() == [("1",)]
    with duckdb.connect(str(app_state.app_path(empty_store)), read_only=True) as con:
        assert con.execute("select nilai_normal, target from pemetaan").fetchall() == [("bandung kulon", "32.04")]
        assert con.execute("select count(*) from pemetaan_kolom").fetchall() == [(1,)]
        assert con.execute("select versi from leksikon").fetchall() == [(1,)]
        assert con.execute("select teks, disimpan_oleh from laporan_dua_bulanan").fetchall() == [
            ("Teks", "kepala@upt.id")]
        assert con.execute("select jumlah_rencana from rencana_program").fetchall() == [(3,)]
        assert con.execute("select id_kegiatan_upt, nama_kegiatan, jumlah_peserta from kegiatan_upt_manual"
                           ).fetchall() == [("e1", "Manual", 20)]
    events = _query(empty_store, "program_kegiatan")
    assert sorted(events["sumber_file"]) == ["ekspor.csv", "input manual"]


def test_app_state_from_a_newer_version_is_refused(empty_store: Path) -> None:
    with duckdb.connect(str(app_state.app_path(empty_store))) as con:
        set_meta(con, "schema_version", str(app_state.SCHEMA_VERSION + 1))
    with pytest.raises(RuntimeError, match="lebih baru"):
        save_plan(empty_store, [("2022-09", "webinar", 1)], "admin@upt.id")

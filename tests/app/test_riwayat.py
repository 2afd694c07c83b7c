"""Riwayat pemuatan on Unggah Data (issue 14 item 4): a wrong load is undone from the page after a confirmation,
every table comes back exactly as before the load, and the restore itself is listed as a step to undo."""
from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from store import app_state, database, versions
from tests.app.conftest import FIXTURES, TIMEOUT, logged_in
from tests.support import ROOT, store_contents


def history_grid(at: AppTest):
    """The Riwayat pemuatan data grid (the only one with a Versi column)."""
    return next(d.value for d in at.dataframe if "Versi" in d.value.columns)


def page() -> AppTest:
    return AppTest.from_file(str(ROOT / "pages" / "unggah_data.py"), default_timeout=TIMEOUT)


def test_a_wrong_load_is_undone_from_the_page(loaded_store: Path) -> None:
    before = store_contents(loaded_store)
    app_before = app_state.app_path(loaded_store).read_bytes()

    at = logged_in(page(), "admin@bbgp-jabar.id").run()
    data = (FIXTURES / "upload" / "kegiatan_tambahan.csv").read_bytes()
    at.get("file_uploader")[0].set_value(("kegiatan_tambahan.csv", data, "text/csv")).run()
    at.button(key="unggah_periksa").click().run()
    at.button(key="unggah_muat").click().run()
    assert not at.exception, at.exception
    assert store_contents(loaded_store) != before

    load = versions.list_versions(loaded_store)[0]
    assert load.oleh == "admin@bbgp-jabar.id" and load.tindakan == "pemuatan berkas"
    assert [f["nama"] for f in load.berkas] == ["kegiatan_tambahan.csv"]
    grid = history_grid(at)
    assert grid.iloc[0]["Versi"] == load.id and "kegiatan_tambahan.csv" in grid.iloc[0]["Berkas"]
    assert grid.iloc[0]["Baris"] == f"+{load.baris_ditambah}"
    assert any("di disk" in c.value for c in at.caption)

    at.button(key=f"riwayat_pulihkan_{load.id}").click().run()
    assert any(f"Pulihkan versi {load.id}?" in w.value for w in at.warning)
    assert store_contents(loaded_store) != before  # nothing happens before the confirmation
    at.button(key="riwayat_ya").click().run()
    assert not at.exception, at.exception
    assert any(f"Data dipulihkan ke versi {load.id}" in s.value for s in at.success)
    assert store_contents(loaded_store) == before
    assert app_state.app_path(loaded_store).read_bytes() == app_before

    newest = versions.list_versions(loaded_store)[0]
    assert newest.record["tindakan"] == "pulihkan" and newest.oleh == "admin@bbgp-jabar.id"
    assert history_grid(at).iloc[0]["Versi"] == newest.id


def test_cancel_restores_nothing(loaded_store: Path) -> None:
    at = logged_in(page(), "admin@bbgp-jabar.id").run()
    data = (FIXTURES / "upload" / "kegiatan_tambahan.csv").read_bytes()
    at.get("file_uploader")[0].set_value(("kegiatan_tambahan.csv", data, "text/csv")).run()
    at.button(key="unggah_periksa").click().run()
    at.button(key="unggah_muat").click().run()
    after_load = store_contents(loaded_store)
    vid = versions.list_versions(loaded_store)[0].id
    at.button(key=f"riwayat_pulihkan_{vid}").click().run()
    at.button(key="riwayat_batal").click().run()
    assert not at.exception, at.exception
    assert not any("Pulihkan versi" in w.value for w in at.warning)
    assert store_contents(loaded_store) == after_load


def test_a_wali_sees_no_history(loaded_store: Path) -> None:
    with database.write_transaction(loaded_store):
        pass
    assert versions.list_versions(loaded_store)
    at = logged_in(page(), "wali.bandung@bbgp-jabar.id").run()
    assert not any(s.value == "Riwayat pemuatan" for s in at.subheader)
    assert not [b for b in at.button if b.key.startswith("riwayat_")]
    assert not at.dataframe

"""AppTest: "Hapus data contoh" on Unggah Data empties a store that holds only the sample data, after a
confirmation, without a restart; the step is a version in Riwayat pemuatan (undo restores the sample), and the
next first-start check does not load the sample again."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from data_loaders.load import Source, load_files
from edits.program_plan import save_plan
from sample.generate import F_KEGIATAN_GFORM, F_PENGGERAK, F_REFLEKSI_2
from sample.remove import SAMPLE_PLAN_BY, sample_removed
from store import database, versions
from tests.app.conftest import FIXTURES, TIMEOUT
from tests.support import ROOT, store_contents
from ui import first_start

# The fixture files under three of the sample's own file names (the kind is read from the headers): a store that
# holds only "sample" files, as ensure_sample_store leaves it, at the size of the fixtures.
AS_SAMPLE = {"komunitas_pmm.csv": F_PENGGERAK, "sekolah_ikm.csv": F_REFLEKSI_2,
             "kegiatan_gform.csv": F_KEGIATAN_GFORM}


def load_as_sample(db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "contoh"
    folder.mkdir()
    for src, name in AS_SAMPLE.items():
        shutil.copy(FIXTURES / src, folder / name)
    load_files(db, [Source.from_path(folder / n) for n in AS_SAMPLE.values()], meta={"data_contoh": "1"})
    save_plan(db, [("2022-08", "webinar", 3)], SAMPLE_PLAN_BY)


def page() -> AppTest:
    return AppTest.from_file(str(ROOT / "pages/unggah_data.py"), default_timeout=TIMEOUT).run()


def counts(db: Path) -> dict[str, int]:
    con = database.open_readonly(db)
    try:
        return {t: con.execute(f"select count(*) from db.{t}").fetchone()[0]
                for t in ("komunitas", "kegiatan", "kegiatan_mingguan", "berkas", "wilayah")} | {
            "rencana": con.execute("select count(*) from app.rencana_program").fetchone()[0]}
    finally:
        con.close()


def test_admin_removes_the_sample_after_confirming_and_it_stays_removed(
        empty_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    load_as_sample(empty_db, tmp_path)
    before = counts(empty_db)
    assert before["komunitas"] and before["kegiatan"] and before["berkas"] == 3 and before["rencana"] == 1

    at = page()
    assert not at.exception, at.exception
    assert any("masih berisi data contoh" in w.value for w in at.warning)
    at.button(key="hapus_contoh").click().run()
    assert any("Hapus semua data contoh?" in w.value for w in at.warning)
    assert counts(empty_db) == before  # nothing happens before the confirmation

    at.button(key="hapus_contoh_batal").click().run()  # cancel: still the sample, no confirmation shown
    assert not any("Hapus semua data contoh?" in w.value for w in at.warning)
    assert counts(empty_db) == before

    at.button(key="hapus_contoh").click().run()
    at.button(key="hapus_contoh_ya").click().run()
    assert not at.exception, at.exception
    assert any("Data contoh dihapus" in s.value for s in at.success)
    assert not any("masih berisi data contoh" in w.value for w in at.warning)
    after = counts(empty_db)
    assert after == {"komunitas": 0, "kegiatan": 0, "kegiatan_mingguan": 0, "berkas": 0,
                     "wilayah": before["wilayah"], "rencana": 0}
    assert sample_removed(empty_db)

    # The step is a version recorded as the sample's removal, by the local admin: Riwayat can undo it.
    newest = versions.list_versions(empty_db)[0]
    assert newest.tindakan == "penghapusan data contoh" and newest.oleh == "lokal"
    assert newest.record["perubahan_baris"]["komunitas"] == -before["komunitas"]

    # A new run with the sample switched on (a restart) does not load it again into the emptied store.
    loaded: list[Path] = []
    import sample.generate as sample

    monkeypatch.setattr(sample, "ensure_sample_store", lambda db, progress=None: loaded.append(db))
    monkeypatch.setenv(first_start.SAMPLE_ENV, "1")
    again = page()
    assert not again.exception, again.exception
    assert loaded == [] and counts(empty_db) == after

    # Undo through the version kept: the sample data is back, and the flag with it is gone.
    database.restore(empty_db, newest.id)
    restored = counts(empty_db)
    assert {k: restored[k] for k in ("komunitas", "kegiatan", "berkas")} == {
        k: before[k] for k in ("komunitas", "kegiatan", "berkas")}
    assert not sample_removed(empty_db)


def test_store_with_the_upts_own_files_is_not_emptied(empty_db: Path, tmp_path: Path) -> None:
    load_as_sample(empty_db, tmp_path)
    own = tmp_path / "kegiatan_upt_saya.csv"
    shutil.copy(FIXTURES / "kegiatan_gform.csv", own)  # same rows, the UPT's own file name
    load_files(empty_db, [Source.from_path(own)])
    before = store_contents(empty_db)
    data_bytes = empty_db.read_bytes()

    at = page()
    at.button(key="hapus_contoh").click().run()
    at.button(key="hapus_contoh_ya").click().run()
    assert not at.exception, at.exception
    errors = " ".join(e.value for e in at.error)
    assert "kegiatan_upt_saya.csv" in errors and "tidak dihapus" in errors
    assert empty_db.read_bytes() == data_bytes and store_contents(empty_db) == before
    assert not sample_removed(empty_db)

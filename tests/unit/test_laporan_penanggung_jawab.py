"""The bimonthly report's penanggung jawab (guide Bab 3 §E, issue 17 item 5): checked as typed, saved with the
draft and read back through `bimonthly_report_saved`, in the XLSX header; an app state from before the column
existed is migrated with its drafts kept."""
from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

import duckdb
import pytest
from python_calamine import CalamineWorkbook

from edits import bimonthly_report as rd
from queries.runner import run_query
from queries.scope import ADMIN
from store import app_state
from store.database import cursor, open_readonly
from tests.fixtures.refleksi import NOV_DES
from tests.support import copy_store
from tests.unit.test_report_draft import candidates

SEMUA = "kabkota=semua"


def _saved(db: Path) -> rd.SavedDraft | None:
    con = open_readonly(db)
    try:
        return rd.saved_draft(run_query(cursor(con), "bimonthly_report_saved", NOV_DES, ADMIN,
                                        {"periode": "2022-11/12"}))
    finally:
        con.close()


def test_values_are_checked_as_typed() -> None:
    assert rd.penanggung_jawab("  Dra.  Siti   Aminah ", " siti@bbgp-jabar.id ") == \
        rd.PenanggungJawab("Dra. Siti Aminah", "siti@bbgp-jabar.id")
    assert rd.penanggung_jawab("", "") == rd.PenanggungJawab()
    with pytest.raises(ValueError, match="bukan alamat email yang valid"):
        rd.penanggung_jawab("Siti", "siti at bbgp")
    with pytest.raises(ValueError, match="200 karakter"):
        rd.penanggung_jawab("x" * 201, "")


def test_saved_with_the_draft_and_read_back(empty_store: Path) -> None:
    draft = rd.draft_from_candidates(candidates())
    pj = rd.PenanggungJawab("Dra. Siti Aminah, M.Pd.", "siti.aminah@bbgp-jabar.id")
    rd.save_draft(empty_store, "2022-11/12", SEMUA, draft, "admin@bbgp-jabar.id", pj)
    saved = _saved(empty_store)
    assert saved.penanggung_jawab == pj
    assert len(saved.draft) == len(draft)
    # saved again without one: the draft no longer names anybody
    rd.save_draft(empty_store, "2022-11/12", SEMUA, draft, "admin@bbgp-jabar.id")
    assert _saved(empty_store).penanggung_jawab == rd.PenanggungJawab()


def test_in_the_xlsx_header() -> None:
    draft = rd.draft_from_candidates(candidates())
    pj = rd.PenanggungJawab("<b>Siti</b> =1+1", "siti.aminah@bbgp-jabar.id")
    kepala = {"Nama UPT": "BBGP Provinsi Jawa Barat", **rd.header_penanggung_jawab(pj)}
    data = rd.draft_xlsx_bytes(draft, kepala, "Laporan Dua Bulanan Komunitas Belajar")
    cells = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name("laporan").to_python()
    assert [(r[0], r[1]) for r in cells[2:5]] == [
        ("Nama UPT", "BBGP Provinsi Jawa Barat"), ("Penanggung jawab", "<b>Siti</b> =1+1"),
        ("Email penanggung jawab", "siti.aminah@bbgp-jabar.id")]
    assert rd.header_penanggung_jawab(rd.PenanggungJawab()) == {"Penanggung jawab": "–",
                                                                 "Email penanggung jawab": "–"}


def test_an_app_state_from_before_is_migrated_with_its_drafts(store_template: Path, tmp_path: Path) -> None:
    db = copy_store(store_template, tmp_path)
    path = app_state.app_path(db)
    path.unlink()
    sebelum = next(i for i, step in enumerate(app_state.MIGRATIONS) if "penanggung_jawab_nama" in step)
    with duckdb.connect(str(path)) as con:  # the app state as the version before the step wrote it
        for step in app_state.MIGRATIONS[:sebelum]:
            con.execute(step)
        app_state.set_meta(con, "schema_version", str(sebelum))
        con.execute("insert into laporan_dua_bulanan (periode, lingkup, komponen_laporan, peringkat, tema, teks, "
                    "disimpan_pada, disimpan_oleh) values ('2022-11/12', 'kabkota=semua', 'hal_baik', 1, 'tema 1', "
                    "'Tema lama', ?, 'lokal')", [datetime(2022, 12, 20, 8, 0)])
    app_state.ensure(db)
    saved = _saved(db)
    assert saved.draft["teks"].tolist() == ["Tema lama"]
    assert saved.penanggung_jawab == rd.PenanggungJawab()

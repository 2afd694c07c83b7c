"""Corrections in the queries (issue 18): a correction overrides the classifier in every count, ranking and draft;
examples come from confident (`yakin`) items only; "perlu ditinjau" items are counted apart; `lainnya` and
`umum/tidak spesifik` never enter the report's top 5; a wali sees only their region; saved report versions stay.

Hand-written store (tests/fixtures/refleksi): Nov–Des hal_baik items, all yakin —
A: rutin tiap Kamis, KS mendukung penuh, guru yang kompak sekali (lainnya); B: rapat rutin, jadwal rutin;
C (32.73): rutin tiap Kamis, Guru kompak sekali! (lainnya). "pertemuan rutin": A, B, C — 3 communities, 4 items."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from edits import bimonthly_report
from edits.koreksi_tema import catat
from queries.runner import Filters, run_query
from queries.scope import ADMIN, Scope
from store.database import open_readonly, write_transaction
from tests.fixtures.refleksi import NOV_DES, WALI
from tests.support import copy_store

RUTIN = "pertemuan rutin terjadwal"
UMUM = "umum/tidak spesifik"


@pytest.fixture
def store(refleksi_hand_template: Path, tmp_path: Path) -> Path:
    return copy_store(refleksi_hand_template, tmp_path, "koreksi.duckdb")


def run(db: Path, name: str, scope: Scope = ADMIN, filters: Filters = NOV_DES, **extra) -> pd.DataFrame:
    con = open_readonly(db)
    try:
        return run_query(con, name, filters, scope, extra)
    finally:
        con.close()


def tema(df: pd.DataFrame, komponen_col: str, komponen: str, t: str) -> dict:
    rows = df[(df[komponen_col] == komponen) & (df["tema"] == t)]
    assert len(rows) <= 1
    return {} if rows.empty else {k: (None if pd.isna(v) else v) for k, v in rows.iloc[0].items()}


def test_a_correction_moves_the_item_in_every_count(store: Path) -> None:
    sebelum = tema(run(store, "reflection_theme_ranking"), "komponen", "hal_baik", "pertemuan rutin")
    assert (sebelum["jumlah_komunitas"], sebelum["jumlah_butir"]) == (3, 4)
    catat(store, [("N2", "rapat rutin"), ("N2", "jadwal rutin")], RUTIN, "a@b.id", "admin", None)

    ranking = run(store, "reflection_theme_ranking")
    lama, baru = tema(ranking, "komponen", "hal_baik", "pertemuan rutin"), tema(ranking, "komponen", "hal_baik", RUTIN)
    # 2 communities, 2 items: tied with lainnya (A, C), which goes first by name
    assert (lama["jumlah_komunitas"], lama["jumlah_butir"], lama["peringkat"]) == (2, 2, 2)
    assert (baru["jumlah_komunitas"], baru["jumlah_butir"], baru["persen_komunitas"]) == (1, 2, 33.3)
    assert baru["contoh_1"] == "jadwal rutin"  # a corrected item is confident: quotable (higher score first)

    draft = run(store, "bimonthly_draft")
    assert (tema(draft, "komponen_laporan", "hal_baik", "pertemuan rutin")["jumlah_butir"],
            tema(draft, "komponen_laporan", "hal_baik", RUTIN)["jumlah_butir"]) == (2, 2)
    themes = run(store, "reflection_themes")
    assert tema(themes, "komponen", "hal_baik", RUTIN)["jumlah_komunitas"] == 1
    items = run(store, "reflection_items", tema=RUTIN)
    assert sorted(items["butir"]) == ["jadwal rutin", "rapat rutin"]


def test_examples_come_from_confident_items_only_and_the_rest_is_counted_apart(store: Path) -> None:
    with write_transaction(store) as con:  # the classifier was not sure of these
        con.execute("update butir_refleksi set yakin = false where butir in ('rutin tiap Kamis', 'KS mendukung penuh')")
    ranking = run(store, "reflection_theme_ranking")
    rutin = tema(ranking, "komponen", "hal_baik", "pertemuan rutin")
    # still counted (3 communities, 4 items), but the wording two communities used is not quoted any more
    assert (rutin["jumlah_komunitas"], rutin["jumlah_butir"], rutin["jumlah_butir_perlu_ditinjau"]) == (3, 4, 2)
    assert (rutin["contoh_1"], rutin["contoh_2"], rutin["contoh_3"]) == ("jadwal rutin", "rapat rutin", None)
    ks = tema(ranking, "komponen", "hal_baik", "dukungan kepala sekolah")
    assert (ks["jumlah_komunitas"], ks["jumlah_butir_perlu_ditinjau"], ks["contoh_1"]) == (1, 1, None)
    draft = run(store, "bimonthly_draft")
    assert tema(draft, "komponen_laporan", "hal_baik", "pertemuan rutin")["contoh"] == "jadwal rutin"
    ks_draft = tema(draft, "komponen_laporan", "hal_baik", "dukungan kepala sekolah")
    assert (ks_draft["jumlah_komunitas"], ks_draft["contoh"]) == (1, None)  # counted, never quoted
    assert tema(run(store, "reflection_themes"), "komponen", "hal_baik", "dukungan kepala sekolah")["contoh"] is None
    review = run(store, "reflection_review", hanya_ragu=True)
    assert list(review["butir"]) == ["rutin tiap Kamis", "rutin tiap Kamis", "KS mendukung penuh"][:len(review)]
    assert set(review["butir"]) == {"rutin tiap Kamis", "KS mendukung penuh"} and not review["yakin"].any()
    assert list(review["skor"]) == sorted(review["skor"])  # lowest score first

    # a reviewer's verdict makes the item confident: quotable again, no longer to review
    catat(store, [("N1", "KS mendukung penuh")], "dukungan kepala sekolah", "a@b.id", "admin", None)
    ks = tema(run(store, "reflection_theme_ranking"), "komponen", "hal_baik", "dukungan kepala sekolah")
    assert (ks["jumlah_butir_perlu_ditinjau"], ks["contoh_1"]) == (0, "KS mendukung penuh")
    assert "KS mendukung penuh" not in set(run(store, "reflection_review", hanya_ragu=True)["butir"])


def test_lainnya_and_umum_never_enter_the_report_even_when_most_items_are_set_to_them(store: Path) -> None:
    semua = [("N1", "rutin tiap Kamis"), ("N1", "KS mendukung penuh"), ("N2", "rapat rutin"),
             ("N3", "rutin tiap Kamis")]
    catat(store, semua, UMUM, "a@b.id", "admin", None)
    catat(store, [("N2", "jadwal rutin")], "lainnya", "a@b.id", "pimpinan", None)
    ranking = run(store, "reflection_theme_ranking")
    hal_baik = ranking[ranking["komponen"] == "hal_baik"]
    assert list(hal_baik["tema"][:2]) == [UMUM, "lainnya"]  # the ranking counts them (3 and 3 communities)
    draft = run(store, "bimonthly_draft")
    report = run(store, "bimonthly_report")
    for df in (draft, report):
        assert not set(df["tema"]) & {UMUM, "lainnya"}
        assert df[df["komponen_laporan"] == "hal_baik"].empty  # nothing else is left in hal_baik


def test_a_walis_view_applies_corrections_of_their_region_only(store: Path) -> None:
    catat(store, [("N3", "rutin tiap Kamis")], "lainnya", "a@b.id", "admin", None)  # Cempaka, 32.73
    catat(store, [("N2", "rapat rutin")], RUTIN, WALI.email, "wali_wilayah", ["32.04"])
    wali = run(store, "reflection_theme_ranking", scope=WALI)
    assert tema(wali, "komponen", "hal_baik", RUTIN)["jumlah_butir"] == 1
    assert tema(wali, "komponen", "hal_baik", "pertemuan rutin")["jumlah_butir"] == 2  # A's + B's jadwal rutin
    assert list(run(store, "koreksi_tema_log", scope=WALI)["id_refleksi"]) == ["N2"]
    assert set(run(store, "reflection_review", scope=WALI)["kode_kabkota"]) == {"32.04"}
    admin = run(store, "koreksi_tema_log")
    assert list(admin["id_refleksi"]) == ["N2", "N3"] and admin["berlaku"].all()


def test_a_saved_report_version_never_changes(store: Path) -> None:
    kunci = bimonthly_report.lingkup_key(None, None, None)
    draft_1 = bimonthly_report.draft_from_candidates(run(store, "bimonthly_draft"))
    assert bimonthly_report.save_draft(store, "2022-11/12", kunci, draft_1, "a@b.id", versi_leksikon=2) == 1
    catat(store, [("N2", "rapat rutin"), ("N2", "jadwal rutin")], RUTIN, "a@b.id", "admin", None)
    draft_2 = bimonthly_report.draft_from_candidates(run(store, "bimonthly_draft"))
    assert bimonthly_report.save_draft(store, "2022-11/12", kunci, draft_2, "k@b.id", versi_leksikon=3) == 2

    versi = bimonthly_report.saved_versions(run(store, "bimonthly_report_versions", periode="2022-11/12"))
    assert [(v.versi, v.disimpan_oleh, v.versi_leksikon) for v in versi] == [(2, "k@b.id", 3), (1, "a@b.id", 2)]
    pd.testing.assert_frame_equal(versi[1].draft, draft_1, check_dtype=False)
    pd.testing.assert_frame_equal(versi[0].draft, draft_2, check_dtype=False)
    rutin = versi[1].draft[versi[1].draft["tema"] == "pertemuan rutin"].iloc[0]
    assert (rutin["jumlah_komunitas"], rutin["jumlah_butir"]) == (3, 4)  # as saved, not the live 2 / 2
    # the working draft is the newest version; a wali never reads the UPT-wide versions
    saved = bimonthly_report.saved_draft(run(store, "bimonthly_report_saved", periode="2022-11/12"))
    pd.testing.assert_frame_equal(saved.draft, draft_2, check_dtype=False)
    assert run(store, "bimonthly_report_versions", scope=WALI, periode="2022-11/12").empty

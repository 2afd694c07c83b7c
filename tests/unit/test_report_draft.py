"""Bimonthly report drafts: automatic top 5, edits (reorder, replace, reword), save/load per period and
data selection, CSV/XLSX export, and the UPT name from the users file."""
from __future__ import annotations

import io
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from python_calamine import CalamineWorkbook

import vocab
from edits import bimonthly_report as rd
from queries.runner import Filters, run_query
from queries.scope import ADMIN, Scope, upt_name
from store.database import cursor, open_readonly
from tests.fixtures.refleksi import NOV_DES, USERS, WALI

SEMUA = rd.lingkup_key(ADMIN.effective_kabkota(()), None, None)
WILAYAH = rd.lingkup_key(WALI.effective_kabkota(()), None, None)
SCOPE_OF = {SEMUA: ADMIN, WILAYAH: WALI}


def run(con, name: str, filters: Filters = NOV_DES, scope: Scope = ADMIN, **extra) -> pd.DataFrame:
    return run_query(con, name, filters, scope, extra)


def load_draft(db: Path, periode: str, lingkup: str) -> rd.SavedDraft | None:
    """The saved draft as the page reads it: query bimonthly_report_saved under the scope the key describes."""
    con = open_readonly(db)
    try:
        return rd.saved_draft(run(cursor(con), "bimonthly_report_saved", scope=SCOPE_OF[lingkup], periode=periode))
    finally:
        con.close()


def candidates() -> pd.DataFrame:
    """bimonthly_draft-shaped rows: 7 hal_baik themes, 2 risiko themes."""
    data = [("hal_baik", i, f"tema {i}", 10 - i, 20 - i, f"contoh {i}") for i in range(1, 8)]
    data += [("risiko", 1, "dana", 4, 5, "dana kurang"), ("risiko", 2, "jadwal", 2, 2, "bentrok")]
    df = pd.DataFrame(data, columns=["komponen_laporan", "peringkat", "tema", "jumlah_komunitas", "jumlah_butir",
                                     "contoh"])
    return df.assign(periode="2022-11/12")


def part(draft: pd.DataFrame, komponen: str, cols: list[str]) -> list[tuple]:
    return [tuple(r) for r in draft.loc[draft.komponen_laporan == komponen, cols].itertuples(index=False)]


def test_lingkup_key_separates_a_region_from_the_whole_upt() -> None:
    assert SEMUA == "kabkota=semua"
    assert WILAYAH == "kabkota=32.04"
    assert rd.lingkup_key(["32.73", "32.04", "32.04"], "antar_sekolah", "SD") == \
        "kabkota=32.04,32.73;jenis=antar_sekolah;jenjang=SD"
    assert rd.lingkup_key([], None, None) == "kabkota="


def test_automatic_draft_is_the_top_five() -> None:
    draft = rd.draft_from_candidates(candidates())
    assert list(draft.columns) == rd.DRAFT_COLUMNS
    assert part(draft, "hal_baik", ["peringkat", "tema", "teks"]) == [
        (i, f"tema {i}", f"tema {i}") for i in range(1, 6)]
    assert part(draft, "risiko", ["tema"]) == [("dana",), ("jadwal",)]


def test_edits_reorder_replace_reword() -> None:
    kandidat = candidates()
    draft = rd.draft_from_candidates(kandidat)
    # row 3 (tema 4) to rank 1; row 0 reworded; row 1 replaced by tema 7 (its wording follows)
    draft, pesan = rd.apply_edits(draft, "hal_baik", {
        "3": {"peringkat": 1}, 0: {"teks": "  Pertemuan makin rutin "}, 1: {"tema": "tema 7"}}, kandidat)
    assert pesan == []
    assert part(draft, "hal_baik", ["peringkat", "tema", "teks", "jumlah_komunitas", "contoh"]) == [
        (1, "tema 4", "tema 4", 6, "contoh 4"),
        (2, "tema 1", "Pertemuan makin rutin", 9, "contoh 1"),
        (3, "tema 7", "tema 7", 3, "contoh 7"),
        (4, "tema 3", "tema 3", 7, "contoh 3"),
        (5, "tema 5", "tema 5", 5, "contoh 5"),
    ]
    assert part(draft, "risiko", ["tema"]) == [("dana",), ("jadwal",)]  # other components untouched
    # a reworded line keeps its wording when the theme is replaced; a theme already listed is refused
    draft, pesan = rd.apply_edits(draft, "hal_baik", {1: {"tema": "tema 6"}, 2: {"tema": "tema 4"}}, kandidat)
    assert part(draft, "hal_baik", ["tema", "teks"])[1:3] == [("tema 6", "Pertemuan makin rutin"), ("tema 7", "tema 7")]
    assert len(pesan) == 1 and "sudah ada" in pesan[0]
    # emptied wording = the theme name again; a rank past the end goes last
    draft, _ = rd.apply_edits(draft, "hal_baik", {1: {"teks": ""}, 0: {"peringkat": 9}}, kandidat)
    assert part(draft, "hal_baik", ["peringkat", "tema", "teks"])[0] == (1, "tema 6", "tema 6")
    assert part(draft, "hal_baik", ["tema"])[-1] == ("tema 4",)


def test_counts_follow_the_data_and_a_missing_theme_counts_zero() -> None:
    kandidat = candidates()
    draft = rd.draft_from_candidates(kandidat)
    assert rd.missing_themes(draft, kandidat) == []
    later = kandidat.assign(jumlah_komunitas=kandidat.jumlah_komunitas + 100)
    later = later[later.tema != "tema 2"]  # e.g. every item corrected to another theme since
    fresh = rd.refresh_counts(draft, later)
    assert part(fresh, "hal_baik", ["tema", "jumlah_komunitas", "jumlah_butir"])[:3] == [
        ("tema 1", 109, 19), ("tema 2", 0, 0), ("tema 3", 107, 17)]
    contoh = part(fresh, "hal_baik", ["contoh"])
    assert contoh[0] == ("contoh 1",) and pd.isna(contoh[1][0])
    assert rd.missing_themes(fresh, later) == ["tema 2"]


def test_save_load_round_trip_per_period_and_scope(empty_store: Path) -> None:
    kandidat = candidates()
    draft, _ = rd.apply_edits(rd.draft_from_candidates(kandidat), "hal_baik",
                              {4: {"peringkat": 1, "teks": "Guru makin kompak"}}, kandidat)
    assert load_draft(empty_store, "2022-11/12", SEMUA) is None
    rd.save_draft(empty_store, "2022-11/12", SEMUA, draft, "admin@bbgp-jabar.id")
    wali_draft = rd.draft_from_candidates(kandidat).iloc[:2]
    rd.save_draft(empty_store, "2022-11/12", WILAYAH, wali_draft, "wali.bandung@bbgp-jabar.id")

    saved = load_draft(empty_store, "2022-11/12", SEMUA)
    pd.testing.assert_frame_equal(saved.draft, draft, check_dtype=False)
    assert part(saved.draft, "hal_baik", ["peringkat", "tema", "teks"])[0] == (1, "tema 5", "Guru makin kompak")
    assert saved.disimpan_oleh == "admin@bbgp-jabar.id"
    # the wali's draft is separate, and saving it again replaces only it
    assert len(load_draft(empty_store, "2022-11/12", WILAYAH).draft) == 2
    rd.save_draft(empty_store, "2022-11/12", WILAYAH, wali_draft.iloc[:1], "wali.bandung@bbgp-jabar.id")
    assert len(load_draft(empty_store, "2022-11/12", WILAYAH).draft) == 1
    assert len(load_draft(empty_store, "2022-11/12", SEMUA).draft) == 7
    assert load_draft(empty_store, "2022-09/10", SEMUA) is None  # per period
    rd.delete_draft(empty_store, "2022-11/12", SEMUA)
    assert load_draft(empty_store, "2022-11/12", SEMUA) is None
    assert load_draft(empty_store, "2022-11/12", WILAYAH) is not None


def test_failed_save_changes_nothing(empty_store: Path) -> None:
    draft = rd.draft_from_candidates(candidates())
    rd.save_draft(empty_store, "2022-11/12", SEMUA, draft, "admin@bbgp-jabar.id")
    broken = pd.concat([draft, draft.iloc[:1]])  # duplicate (komponen, peringkat): violates the key
    with pytest.raises(duckdb.ConstraintException, match="duplicate key"):
        rd.save_draft(empty_store, "2022-11/12", SEMUA, broken, "admin@bbgp-jabar.id")
    assert len(load_draft(empty_store, "2022-11/12", SEMUA).draft) == 7


def _cells(data: bytes) -> list[list]:
    return CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name("laporan").to_python()


def test_xlsx_has_header_block_and_six_components(hand_store) -> None:
    kandidat = run(hand_store, "bimonthly_draft")
    draft, _ = rd.apply_edits(rd.draft_from_candidates(kandidat), "hal_baik", {0: {"teks": "=Rutin bertemu"}}, kandidat)
    kepala = {"Nama UPT": "BBGP Provinsi Jawa Barat", "Periode refleksi": "Nov–Des 2022 (2022-11/12)",
              "Kabupaten/kota": "Semua", "Lingkup pengguna": "Admin: Semua kab/kota UPT",
              "Data per": "20 Des 2022 08.00"}
    cells = _cells(rd.draft_xlsx_bytes(draft, kepala, "Laporan Dua Bulanan Komunitas Belajar"))
    assert cells[0][0] == "Laporan Dua Bulanan Komunitas Belajar"
    assert [(r[0], r[1]) for r in cells[2:7]] == list(kepala.items())
    judul = [r[0] for r in cells if isinstance(r[0], str) and r[0][:2] in {f"{i}." for i in range(1, 7)}]
    assert judul == [f"{i}. {vocab.KOMPONEN_LAPORAN_LABEL[k]}" for i, k in enumerate(vocab.KOMPONEN_LAPORAN, start=1)]
    baris = [r for r in cells if isinstance(r[0], float)]
    assert [(int(r[0]), r[1], r[2], int(r[3]), int(r[4]), r[5]) for r in baris] == [
        (1, "=Rutin bertemu", "pertemuan rutin", 3, 4, "rutin tiap Kamis"),  # text, never a formula
        (2, "dukungan kepala sekolah", "dukungan kepala sekolah", 1, 1, "KS mendukung penuh"),
        (1, "kolaborasi guru", "kolaborasi guru", 2, 2, "guru kompak"),
        (2, "siswa aktif", "siswa aktif", 1, 2, "siswa aktif"),
        (1, "lesson study", "lesson study", 2, 2, "Lesson study kelas 5"),
        (2, "modul ajar", "modul ajar", 1, 1, "modul ajar P5"),
    ]
    assert sum(1 for r in cells if r[0] == "Belum ada tema untuk komponen ini pada periode ini.") == 3
    csv = rd.draft_csv_frame(draft, "2022-11/12")
    assert list(csv.columns) == ["periode", *rd.DRAFT_COLUMNS] and len(csv) == 6


def test_upt_name(tmp_path: Path) -> None:
    users = tmp_path / "pengguna.toml"
    users.write_text(USERS, encoding="utf-8")
    assert upt_name(users) == "BBGP Provinsi Jawa Barat"
    users.write_text('[pengguna."a@b.id"]\nperan = "admin"\n', encoding="utf-8")
    assert upt_name(users) == "UPT"
    assert upt_name(tmp_path / "tidak_ada.toml") == "UPT"
    users.write_text("[upt\nnama = ", encoding="utf-8")
    assert upt_name(users) == "UPT"

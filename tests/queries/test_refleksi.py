"""The Refleksi pages' SQL on the hand-built store (tests/fixtures/refleksi, ANSWERS): exact columns,
hand-checked rows, scope."""
from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest

from data_loaders.themes import STOPWORDS
from queries.runner import QUERY_DIR, Filters, run_query
from queries.scope import ADMIN, Scope
from store.database import open_readonly, write_transaction
from tests.fixtures.refleksi import NOV_DES, WALI
from tests.support import add_refleksi, copy_store

SEP_OKT = Filters(dari=date(2022, 9, 1), sampai=date(2022, 10, 31))
TANPA = Scope(email="wali.kosong@bbgp-jabar.id", peran="wali_wilayah", kabkota=())
NEW_QUERIES = ["reflection_periods", "reflection_theme_ranking", "reflection_unmatched_terms", "reflection_followup",
               "reflection_missing", "bimonthly_draft"]


def run(con, name: str, filters: Filters = NOV_DES, scope: Scope = ADMIN, **extra) -> pd.DataFrame:
    return run_query(con, name, filters, scope, extra)


def rows(df: pd.DataFrame, cols: list[str]) -> list[tuple]:
    return [tuple(None if pd.isna(v) else v for v in r) for r in df[cols].itertuples(index=False)]


@pytest.mark.parametrize("name", NEW_QUERIES)
def test_every_new_query_is_scoped(hand_store, name: str) -> None:
    """A wali wilayah with no kab/kota sees nothing; one of 32.04 never sees Kombel Cempaka (32.73)."""
    assert run(hand_store, name, scope=TANPA).empty
    wali = run(hand_store, name, scope=WALI)
    if "nama_komunitas" in wali.columns:
        assert "Kombel Cempaka" not in set(wali["nama_komunitas"])


def test_reflection_periods(hand_store) -> None:
    df = run(hand_store, "reflection_periods")
    assert list(df.columns) == ["periode", "dari", "sampai", "jumlah_komunitas", "jumlah_jawaban"]
    assert rows(df.assign(dari=df.dari.dt.date, sampai=df.sampai.dt.date), list(df.columns)) == [
        ("2022-09/10", date(2022, 9, 1), date(2022, 10, 31), 3, 4),
        ("2022-11/12", date(2022, 11, 1), date(2022, 12, 31), 3, 8),
    ]
    # the date filter never hides a period; jenjang does (only D and C are SMP)
    assert list(run(hand_store, "reflection_periods", filters=Filters(date(2030, 1, 1), date(2030, 1, 2)))["periode"]) \
        == ["2022-09/10", "2022-11/12"]
    smp = run(hand_store, "reflection_periods", filters=Filters(NOV_DES.dari, NOV_DES.sampai, jenjang="SMP"))
    assert rows(smp, ["periode", "jumlah_komunitas"]) == [("2022-09/10", 1), ("2022-11/12", 1)]


RANKING_COLUMNS = ["komponen", "peringkat", "tema", "jumlah_komunitas", "jumlah_butir", "persen_komunitas",
                   "jumlah_komunitas_sebelumnya", "selisih_komunitas", "peringkat_sebelumnya",
                   "contoh_1", "contoh_2", "contoh_3"]


def test_theme_ranking_hand_checked(hand_store) -> None:
    df = run(hand_store, "reflection_theme_ranking")
    assert list(df.columns) == [*RANKING_COLUMNS[:8], "persen_komunitas_sebelumnya", *RANKING_COLUMNS[8:],
                                "jumlah_butir_perlu_ditinjau"]  # issues 18, 19
    assert "usang" not in set(df["tema"])
    assert rows(df, RANKING_COLUMNS) == [
        ("hal_baik", 1, "pertemuan rutin", 3, 4, 100.0, 2, 1, 1, "rutin tiap Kamis", "jadwal rutin", "rapat rutin"),
        ("hal_baik", 2, "lainnya", 2, 2, 66.7, 0, 2, None, "guru yang kompak sekali", "Guru kompak sekali!", None),
        ("hal_baik", 3, "dukungan kepala sekolah", 1, 1, 33.3, 1, 0, 2, "KS mendukung penuh", None, None),
        # no dampak item in Sep-Okt: nothing to compare with
        ("dampak_peserta_didik", 1, "siswa aktif", 1, 1, 100.0, None, None, None, "siswa aktif", None, None),
        ("dampak_guru_kepsek", 1, "kolaborasi guru", 2, 2, 100.0, None, None, None, "guru kompak", None, None),
        ("dampak_guru_kepsek", 2, "siswa aktif", 1, 1, 50.0, None, None, None, "murid semangat", None, None),
        ("rencana_tindak_lanjut", 1, "lesson study", 2, 2, 100.0, 1, 1, 1, "Lesson study kelas 5", "open class", None),
        ("rencana_tindak_lanjut", 2, "lainnya", 1, 1, 50.0, 0, 1, None, "diskon 50%_ok", None, None),
        ("rencana_tindak_lanjut", 3, "modul ajar", 1, 1, 50.0, 0, 1, None, "modul ajar P5", None, None),
    ]


@pytest.mark.parametrize("scope", [ADMIN, WALI])
def test_previous_share_is_the_previous_periods_own_share(hand_store, scope: Scope) -> None:
    """Refleksi's chart reads the previous block's share from the ranking (issue 19: one query, not two): it is
    that period's own persen_komunitas, 0 for a theme its komponen did not name then, NULL for a komponen not
    answered then."""
    now = run(hand_store, "reflection_theme_ranking", scope=scope)
    before = run(hand_store, "reflection_theme_ranking", filters=SEP_OKT, scope=scope)
    own = {(r.komponen, r.tema): r.persen_komunitas for r in before.itertuples()}
    answered = set(before["komponen"])
    expected = [own.get((k, t), 0.0) if k in answered else None for k, t in zip(now["komponen"], now["tema"])]
    got = [None if pd.isna(v) else v for v in now["persen_komunitas_sebelumnya"]]
    assert got == expected
    assert None in got and 0.0 in got and any(v not in (None, 0.0) for v in got)  # every case is in the fixture


def test_theme_ranking_scope_and_consistency(hand_store) -> None:
    wali = run(hand_store, "reflection_theme_ranking", scope=WALI)
    hal_baik = wali[wali["komponen"] == "hal_baik"]
    assert rows(hal_baik, ["tema", "jumlah_komunitas", "jumlah_butir", "persen_komunitas",
                           "jumlah_komunitas_sebelumnya", "selisih_komunitas"]) == [
        ("pertemuan rutin", 2, 3, 100.0, 2, 0),
        ("dukungan kepala sekolah", 1, 1, 50.0, 1, 0),
        ("lainnya", 1, 1, 50.0, 0, 1),
    ]
    # same counts and example as the shipped reflection_themes for that period
    themes = run_query(hand_store, "reflection_themes", NOV_DES)
    ranking = run(hand_store, "reflection_theme_ranking")
    merged = ranking.merge(themes, on=["komponen", "tema"], suffixes=("", "_t"))
    assert len(merged) == len(ranking) == len(themes)
    assert (merged["jumlah_komunitas"] == merged["jumlah_komunitas_t"]).all()
    assert (merged["jumlah_butir"] == merged["jumlah_butir_t"]).all()
    assert (merged["contoh_1"] == merged["contoh"]).all()


def test_theme_items_drill_down(hand_store) -> None:
    df = run(hand_store, "reflection_items", komponen=["dampak_peserta_didik", "dampak_guru_kepsek"],
             tema="siswa aktif")
    assert list(df.columns) == ["id_komunitas", "nama_komunitas", "kode_kabkota", "periode", "komponen", "jawaban",
                                "butir", "tema", "skor"]
    assert rows(df, ["nama_komunitas", "komponen", "butir"]) == [
        ("KKG Bakti Cileunyi", "dampak_peserta_didik", "siswa aktif"),
        ("KKG Bakti Cileunyi", "dampak_guru_kepsek", "murid semangat"),
    ]
    assert len(run(hand_store, "reflection_items")) == 15
    lainnya = run(hand_store, "reflection_items", tema="lainnya", scope=WALI)
    assert rows(lainnya, ["nama_komunitas", "butir"]) == [("Kombel Anggrek", "guru yang kompak sekali")]


def test_unmatched_terms(hand_store) -> None:
    df = run(hand_store, "reflection_unmatched_terms")
    assert list(df.columns) == ["frasa", "jumlah_butir", "contoh"]
    # "yang" is a stopword, digits and symbols split words: "diskon 50%_ok" -> diskon, ok
    assert rows(df, list(df.columns)) == [
        ("guru kompak", 2, "Guru kompak sekali!"),
        ("kompak sekali", 2, "Guru kompak sekali!"),
        ("diskon ok", 1, "diskon 50%_ok"),
    ]
    assert list(run(hand_store, "reflection_unmatched_terms", komponen=["rencana_tindak_lanjut"])["frasa"]) \
        == ["diskon ok"]
    assert rows(run(hand_store, "reflection_unmatched_terms", scope=WALI), ["frasa", "jumlah_butir"]) == [
        ("guru kompak", 1), ("kompak sekali", 1)]


def test_unmatched_terms_skips_the_classifier_stopwords() -> None:
    sql = (QUERY_DIR / "reflection_unmatched_terms.sql").read_text(encoding="utf-8")
    listed = set(re.findall(r"'([a-z]+)'", sql.split("not list_contains(")[1].split("]")[0]))
    assert STOPWORDS <= listed


def test_followup_search_is_bound_and_literal(hand_store) -> None:
    cols = ["nama_komunitas", "kabkota", "tema", "butir", "periode", "tanggal", "penggerak_nama", "penggerak_email",
            "id_komunitas", "kode_kabkota"]
    df = run(hand_store, "reflection_followup")
    assert list(df.columns) == cols
    assert rows(df, ["nama_komunitas", "tema", "butir", "penggerak_nama"]) == [
        ("Kombel Anggrek", "lesson study", "Lesson study kelas 5", "Siti"),
        ("Kombel Anggrek", "modul ajar", "modul ajar P5", "Siti"),
        ("Kombel Cempaka", "lainnya", "diskon 50%_ok", "Dewi"),
        ("Kombel Cempaka", "lesson study", "open class", "Dewi"),
    ]
    def cari(s: str | None, scope: Scope = ADMIN) -> list[tuple]:
        return rows(run(hand_store, "reflection_followup", scope=scope, cari=s), ["butir"])

    assert cari("LESSON") == [("Lesson study kelas 5",), ("open class",)]  # item or theme, any case
    assert cari("cempaka") == [("diskon 50%_ok",), ("open class",)]  # community name
    assert cari("%") == cari("_") == [("diskon 50%_ok",)]  # wildcards are literal characters
    assert cari("x' or 1=1 --") == []
    assert cari("") == cari(None) and len(cari(None)) == 4
    assert cari("lesson", WALI) == [("Lesson study kelas 5",)]
    assert run(hand_store, "reflection_followup", SEP_OKT)["butir"].tolist() == ["lesson study"]


def test_missing_chase_list(hand_store) -> None:
    cols = ["nama_komunitas", "kabkota", "jenis", "jenjang", "penggerak_nama", "penggerak_email", "refleksi_terakhir",
            "id_komunitas", "kode_kabkota"]
    df = run(hand_store, "reflection_missing")
    assert list(df.columns) == cols
    # D reflected last on 30 Oct; its penggerak name comes from the penggerak list
    assert rows(df.assign(refleksi_terakhir=df.refleksi_terakhir.dt.date),
                ["nama_komunitas", "kabkota", "penggerak_nama", "penggerak_email", "refleksi_terakhir"]) == [
        ("Kombel Dahlia", "Kabupaten Bandung", "Yanti Rahmawati", "yanti@guru.smp.belajar.id", date(2022, 10, 30)),
    ]
    sep = run(hand_store, "reflection_missing", SEP_OKT)
    assert rows(sep, ["nama_komunitas", "refleksi_terakhir"]) == [("Kombel Cempaka", None)]
    assert run(hand_store, "reflection_missing", SEP_OKT, scope=WALI).empty


def test_bimonthly_draft_is_the_report_without_the_cut(hand_store) -> None:
    draft = run(hand_store, "bimonthly_draft")
    report = run_query(hand_store, "bimonthly_report", NOV_DES)
    assert list(draft.columns) == list(report.columns)
    pd.testing.assert_frame_equal(draft[draft["peringkat"] <= 5].reset_index(drop=True), report)
    assert rows(draft, ["komponen_laporan", "peringkat", "tema", "jumlah_komunitas", "jumlah_butir", "contoh"]) == [
        ("hal_baik", 1, "pertemuan rutin", 3, 4, "rutin tiap Kamis"),
        ("hal_baik", 2, "dukungan kepala sekolah", 1, 1, "KS mendukung penuh"),
        # dampak = both components: B counts once for "siswa aktif" (2 items)
        ("dampak", 1, "kolaborasi guru", 2, 2, "guru kompak"),
        ("dampak", 2, "siswa aktif", 1, 2, "siswa aktif"),
        ("rencana_tindak_lanjut", 1, "lesson study", 2, 2, "Lesson study kelas 5"),
        ("rencana_tindak_lanjut", 2, "modul ajar", 1, 1, "modul ajar P5"),
    ]


def test_bimonthly_draft_keeps_themes_beyond_the_top_five(refleksi_hand_template: Path, tmp_path: Path) -> None:
    path = copy_store(refleksi_hand_template, tmp_path, "enam.duckdb")
    with write_transaction(path) as con:
        for i in range(6):
            add_refleksi(con, "C", date(2022, 12, 10), "risiko", id_refleksi=f"R{i}", jawaban=f"risiko {i}",
                         periode="2022-11/12", sumber_file="r.csv", sumber_baris=2,
                         dimuat_pada=datetime(2022, 12, 20, 8, 0))
            con.execute("insert into butir_refleksi values (?, 1, ?, ?, 0.5, 2, true)",
                        [f"R{i}", f"risiko {i}", f"tema {i}"])
    con = open_readonly(path)
    try:
        draft = run(con, "bimonthly_draft")
        report = run_query(con, "bimonthly_report", NOV_DES)
    finally:
        con.close()
    assert list(draft.loc[draft.komponen_laporan == "risiko", "peringkat"]) == [1, 2, 3, 4, 5, 6]
    assert list(report.loc[report.komponen_laporan == "risiko", "tema"]) == [f"tema {i}" for i in range(5)]

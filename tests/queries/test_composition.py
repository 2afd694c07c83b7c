"""How the runner composes queries (partials as CTEs, each once), binds the domain's lists, guards the region
scope, and prints a runnable query (`python -m queries NAME --sql`)."""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from queries.__main__ import main
from queries.runner import (
    QUERY_DIR,
    Filters,
    _frame,
    bind_params,
    param_defaults,
    query_names,
    run_query,
    runnable_sql,
    sql_literal,
    sql_text,
)
from queries.scope import ADMIN, Scope
from store.meta import set_meta
from tests.support import TinyStore, add_kegiatan, add_komunitas, add_refleksi, module_store
from vocab import KOMPONEN, KOMPONEN_LAPORAN

PERIOD = Filters(dari=date(2024, 1, 1), sampai=date(2024, 2, 11))
WALI_73 = Scope(email="wali@bbgp.id", peran="wali_wilayah", kabkota=("32.73",))
USERS_TOML = """
[pengguna."wali@bbgp.id"]
peran = "wali_wilayah"
kabkota = ["32.73"]
"""
_CTE = re.compile(r"^(_?[a-z][a-z0-9_]*) as (?:(?:not )?materialized )?\($", re.MULTILINE)


def fill(con: duckdb.DuckDBPyConnection) -> None:
    add_komunitas(con, "A", kode_kabkota="32.04", tanggal_terdaftar=date(2023, 6, 1), nama_komunitas="Kombel O'Brien")
    add_komunitas(con, "B", kode_kabkota="32.73", jenis="dalam_sekolah", npsn="2", nama_komunitas="Kombel Mawar")
    add_komunitas(con, "C", kode_kabkota="32.73", tanggal_terdaftar=date(2024, 1, 20))
    for day, minutes in ((3, 60), (10, 30), (17, None), (30, 90)):
        add_kegiatan(con, "A", date(2024, 1, day), minutes)
        add_kegiatan(con, "B", date(2024, 1, day + 1), minutes)
    add_kegiatan(con, "C", date(2024, 2, 6), 45)
    for komunitas, komponen in (("A", "hal_baik"), ("B", "risiko"), ("B", "tantangan"), ("C", "hal_baik")):
        add_refleksi(con, komunitas, date(2024, 1, 25), komponen, periode="2024-01/02")
    con.execute("insert into butir_refleksi select id_refleksi, 1, jawaban, 'pertemuan rutin', 0.8, 1, true "
                "from refleksi")
    set_meta(con, "versi_leksikon", "1")


store = module_store(fill)


# --- composition ----------------------------------------------------------------------------------------------

def test_every_query_defines_each_partial_once_and_pastes_none() -> None:
    for name in query_names():
        text = sql_text(name)
        assert "{{" not in text, name
        defined = _CTE.findall(text)
        partials = [d for d in defined if d.startswith("_")]
        assert len(partials) == len(set(partials)), name
        for partial in partials:
            assert f"select * from {partial}" in text, (name, partial)


def test_weekly_rule_hoists_its_partials_dependencies_first() -> None:
    text = sql_text("weekly_rule")
    assert [d for d in _CTE.findall(text) if d.startswith("_")] == [
        "_komunitas", "_kalender", "_rentang_komunitas", "_minggu_komunitas", "_weekly_rule"]
    assert text.count("select * from _kalender") == 3  # from _rentang_komunitas, _minggu_komunitas, _weekly_rule
    assert text.count("select * from _komunitas") == 2
    # one `with` list: the partials, then the query's own CTEs; the query's header stays on top
    assert text.startswith("-- weekly_rule:")
    assert text.index("\n_weekly_rule as (") < text.index("\naturan as (")


def test_a_partial_reading_its_includers_cte_is_defined_in_the_includer() -> None:
    # _contoh_tema reads butir_contoh, a CTE of bimonthly_draft, which bimonthly_report includes
    text = sql_text("bimonthly_report")
    assert _CTE.findall(text).count("_contoh_tema") == 1
    assert text.index("\nbutir_contoh as (") < text.index("\n_contoh_tema as (") < text.index("\ncontoh_terpilih as (")
    assert text.index("\nbimonthly_draft as (") < text.index("\nbutir_contoh as (")


def test_a_query_without_with_gets_one(planted, tiny: TinyStore) -> None:
    planted({
        "_wilayah_lingkup": "-- @default batas: 2\n"
                            "select kode_kabkota from wilayah where list_contains($kabkota, kode_kabkota) limit $batas",
        "q": "-- q: a header\nselect count(*) as n from ({{ _wilayah_lingkup }})\n",
    })
    text = sql_text("q")
    assert text.startswith("-- q: a header\nwith\n\n_wilayah_lingkup as (\n")
    assert "from (select * from _wilayah_lingkup)" in text
    assert param_defaults("q") == {"batas": 2}
    assert run_query(tiny.con, "q", PERIOD, WALI_73).n.tolist() == [1]
    assert run_query(tiny.con, "q", replace_kabkota(("32.04", "32.73"))).n.tolist() == [2]


def replace_kabkota(kabkota: tuple[str, ...]) -> Filters:
    return Filters(dari=PERIOD.dari, sampai=PERIOD.sampai, kabkota=kabkota)


def test_queries_referring_to_themselves_are_refused(planted) -> None:
    planted({
        "a": "select * from ({{ _b }}) where $kabkota is null",
        "_b": "select * from ({{ a }})",
        "c": "select * from ({{ c }}) where $kabkota is null",
    })
    with pytest.raises(ValueError, match="saling merujuk: a -> _b -> a"):
        sql_text("a")
    with pytest.raises(ValueError, match="saling merujuk: c -> c"):
        sql_text("c")
    with pytest.raises(KeyError):
        sql_text("_b")  # a partial is not runnable on its own


def test_an_input_partial_needs_its_input_before_it(planted) -> None:
    planted({
        "_per_kabkota": "-- @input: baris\nselect kode_kabkota, count(*) as n from baris group by all",
        "q": "with\n\nhasil as (\n{{ _per_kabkota }}\n)\n\nselect * from hasil where $kabkota is null",
    })
    with pytest.raises(ValueError, match="baris"):
        sql_text("q")


# --- the domain's lists ---------------------------------------------------------------------------------------

def test_domain_lists_are_bound_not_written() -> None:
    for path in QUERY_DIR.glob("*.sql"):
        assert "'hal_baik'" not in path.read_text(encoding="utf-8"), path.name
    themes = bind_params("reflection_themes", PERIOD, ADMIN, {"urutan_komponen": ["usulan_kegiatan"]})
    assert themes["urutan_komponen"] == list(KOMPONEN)  # never a caller's choice
    assert bind_params("bimonthly_report", PERIOD, ADMIN)["urutan_komponen_laporan"] == list(KOMPONEN_LAPORAN)
    assert "urutan_komponen" not in bind_params("weekly_rule", PERIOD, ADMIN)


def test_reflection_outputs_follow_the_vocab_order(store: TinyStore) -> None:
    items = store.run("reflection_items", **vars(PERIOD))
    assert items.komponen.tolist() == ["hal_baik", "hal_baik", "tantangan", "risiko"]


# --- the region scope guard -----------------------------------------------------------------------------------

def test_kabkota_in_a_comment_or_a_string_is_not_a_filter(planted, tiny: TinyStore) -> None:
    planted({
        "komentar": "-- filters by $kabkota (it does not)\nselect kode_kabkota from komunitas -- $kabkota\n",
        "blok": "/* $kabkota */ select kode_kabkota from komunitas",
        "teks": "select '$kabkota' as x from komunitas",
    })
    for name in ("komentar", "blok", "teks"):
        with pytest.raises(ValueError, match=r"tidak memfilter \$kabkota"):
            run_query(tiny.con, name, PERIOD)


SEMUA = "-- @lingkup: semua_wilayah\n"


@pytest.mark.parametrize("sql", [
    "select id_komunitas from komunitas",
    "select * from wilayah where kode_kabkota in (select kode_kabkota from komunitas)",
    "with wilayah as (select * from komunitas) select * from wilayah",  # a CTE named like an allowed table
    "with komunitas as (select * from komunitas) select * from komunitas",  # its own body reads the table
    "with a as (select * from komunitas), komunitas as (select 1) select * from a",  # before the CTE: the table
    "select * from wilayah, (select * from kegiatan_mingguan) as k",
    "select * from ({{ _komunitas }})",
])
def test_lingkup_semua_wilayah_refuses_regional_tables(planted, sql: str) -> None:
    planted({"q": SEMUA + sql, "_komunitas": (QUERY_DIR / "_komunitas.sql").read_text(encoding="utf-8")})
    with pytest.raises(ValueError, match="semua_wilayah"):
        sql_text("q")


def test_lingkup_semua_wilayah_runs_on_non_regional_tables(planted, tiny: TinyStore) -> None:
    planted({
        "q": SEMUA + "with komunitas as (select kode_kabkota, kabkota from wilayah)\n"
                     "select count(*) as n from komunitas join wilayah using (kode_kabkota)\n"
                     "where kode_kabkota in (select kode_kabkota from unnest(['32.04', '32.73']) as t(kode_kabkota))",
        "leksikon": SEMUA + "select versi from leksikon order by versi",
    })
    assert run_query(tiny.con, "q", PERIOD, WALI_73).n.tolist() == [2]  # no region to restrict
    assert bind_params("q", PERIOD, WALI_73) == {}
    assert "from app.leksikon" in sql_text("leksikon")  # through its view (queries/lingkup/leksikon.sql)


def test_lingkup_accepts_only_semua_wilayah(planted) -> None:
    planted({"q": "-- @lingkup: 32.04\nselect * from wilayah"})
    with pytest.raises(ValueError, match="@lingkup"):
        sql_text("q")


# --- the printed query ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("value", [
    None, True, 0, -3, 2**40, 100.0, -2.5, "", "O'Brien -- /* x */", "baris\nkedua", date(2024, 2, 29),
    [], ["32.04", "32.73"], [date(2024, 1, 15)], [None],
])
def test_literals_have_the_bound_type_and_value(value) -> None:
    with duckdb.connect() as con:
        literal = sql_literal(value)
        assert con.execute(f"select {literal}, typeof({literal})").fetchall() \
            == con.execute("select $v, typeof($v)", {"v": value}).fetchall()


def _no_comments(text: str) -> str:
    return "\n".join(line.split("--")[0] for line in text.splitlines())


@pytest.mark.parametrize("name, filters, scope, extra", [
    # partials several times over, lists of kab/kota and holidays
    ("weekly_grid", replace_kabkota(("32.04", "32.73")), ADMIN, None),
    ("weekly_rule", Filters(PERIOD.dari, PERIOD.sampai, ambang=50.0, libur=(date(2024, 1, 15),)), WALI_73, None),
    ("headline", Filters(PERIOD.dari, PERIOD.sampai, jenis="dalam_sekolah"), ADMIN, None),
    # list parameters (komponen, urutan_komponen) and a partial defined inside its includer
    ("reflection_items", PERIOD, ADMIN, {"komponen": ["hal_baik", "tantangan", "risiko"]}),
    ("bimonthly_report", PERIOD, ADMIN, None),
    # a string that needs quoting
    ("kualitas_komunitas_pilihan", PERIOD, ADMIN, {"cari": "o'brien"}),
])
def test_printed_sql_returns_the_rows_of_run_query(store: TinyStore, name, filters, scope, extra) -> None:
    text = runnable_sql(name, bind_params(name, filters, scope, extra), scope)
    assert "$" not in _no_comments(text)
    expected = run_query(store.con, name, filters, scope, extra)
    assert len(expected) > 0
    pd.testing.assert_frame_equal(_frame(store.con.sql(text).to_arrow_table()), expected)


def test_cli_sql_prints_the_scoped_query(store: TinyStore, tmp_path: Path, capsys) -> None:
    users = tmp_path / "pengguna.toml"
    users.write_text(USERS_TOML, encoding="utf-8")
    args = ["weekly_grid", "--db", str(store.path), "--sql", "--sebagai", "wali@bbgp.id", "--pengguna-file", str(users),
            "--libur", "2024-01-15"]
    assert main(args) == 0
    text = capsys.readouterr().out
    header = text[:text.index("\n\n")].splitlines()
    assert "-- $kabkota = ['32.73']" in header
    assert "-- $libur = [DATE '2024-01-15']" in header
    assert "-- $dari = DATE '2024-01-04'" in header  # the default period in scope: the first activity ..
    assert "-- $sampai = DATE '2024-02-04'" in header  # .. the last complete week
    filters = Filters(dari=date(2024, 1, 4), sampai=date(2024, 2, 4), libur=(date(2024, 1, 15),))
    pd.testing.assert_frame_equal(_frame(store.con.sql(text).to_arrow_table()),
                                  run_query(store.con, "weekly_grid", filters, WALI_73))


def test_cli_sql_needs_no_store_for_an_explicit_period(tmp_path: Path, capsys) -> None:
    args = ["kualitas_komunitas_pilihan", "--db", str(tmp_path / "tidak_ada.duckdb"), "--sql",
            "--dari", "2024-01-01", "--sampai", "2024-01-31"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "-- $kabkota = NULL" in out and "-- $cari = ''" in out
    assert main(args[:3] + ["--dari", "2024-01-01"]) == 1  # the default end of the period needs the store
    with pytest.raises(SystemExit) as exit_:
        main(args + ["--out", str(tmp_path / "x.csv")])
    assert exit_.value.code == 2

"""Every query in queries/ (found at collection time, so a new .sql file is covered without
touching this test) restricts a wali wilayah to exactly their kab/kota — the admin's result for
those kab/kota, unchanged when every other kab/kota's rows are deleted — gives a stranger nothing
of any kab/kota, and the dashboard's cache never hands one user's result to another."""
from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from queries.runner import Filters, query_names, run_query
from queries.scope import ADMIN, NOBODY, Scope
from store import rollup
from store.database import data_version, open_readonly
from tests.fixtures.security import ALL_KABKOTA, PERIOD, WALI, WALI_KOTA
from tests.support import copy_store


def drop_kabkota(source: Path, target: Path, codes: tuple[str, ...]) -> Path:
    """A copy of the store without the rows of these kab/kota (and what hangs off them). Rows of no
    kab/kota stay: UPT-wide events, which _kegiatan_upt.sql puts in every scope by design."""
    copy_store(source, target.parent, target.name)
    komunitas = "select id_komunitas from komunitas where list_contains($k, kode_kabkota)"
    # A plain connection on a private copy: write_transaction would also stamp a new load time.
    with duckdb.connect(str(target)) as con:
        for sql in (
            f"delete from butir_refleksi where id_refleksi in "
            f"(select id_refleksi from refleksi where id_komunitas in ({komunitas}))",
            f"delete from refleksi where id_komunitas in ({komunitas})",
            f"delete from kegiatan where id_komunitas in ({komunitas})",
            "delete from komunitas where list_contains($k, kode_kabkota)",
            "delete from sekolah where list_contains($k, kode_kabkota)",
            "delete from kehadiran_upt where penggerak_email in "
            "(select lower(trim(penggerak_email)) from penggerak where list_contains($k, kode_kabkota))",
            "delete from penggerak where list_contains($k, kode_kabkota)",
            "delete from kegiatan_upt where list_contains($k, kode_kabkota)",
            "delete from karantina where lower(baris_json ->> 'kabkota') in "
            "(select lower(kabkota) from wilayah where list_contains($k, kode_kabkota))",
        ):
            con.execute(sql, {"k": list(codes)})
        rollup.rebuild(con)  # the activity summaries follow kegiatan, as after a load
    return target


@pytest.fixture(scope="module")
def con(security_store: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = open_readonly(security_store)
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def without(security_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable]:
    """`without(codes)`: a read-only connection on the store less those kab/kota (built once each)."""
    opened: dict[tuple[str, ...], duckdb.DuckDBPyConnection] = {}

    def get(codes: tuple[str, ...]) -> duckdb.DuckDBPyConnection:
        if codes not in opened:
            path = drop_kabkota(security_store, tmp_path_factory.mktemp("tanpa") / "kombel.duckdb", codes)
            opened[codes] = open_readonly(path)
        return opened[codes]

    yield get
    for c in opened.values():
        c.close()


# Columns computed relative to the population in the user's scope, so they legitimately differ from the
# admin's UPT-wide figures for the same rows: the penggerak ranking's score and rank are normalised over
# the penggerak in scope (METRICS §7), and an event's reach counts the kab/kota in scope only.
RELATIVE = ("skor", "peringkat", "kabkota_terjangkau")

_results: dict[tuple, pd.DataFrame] = {}


def canonical(df: pd.DataFrame) -> pd.DataFrame:
    """Rows in a fixed order (a relative rank may reorder them), as plain objects."""
    if df.empty:
        return pd.DataFrame(columns=list(df.columns), dtype=object)
    cols = list(df.columns)
    return df.astype(object).sort_values(cols, key=lambda c: c.astype(str)).reset_index(drop=True)


def run(con: duckdb.DuckDBPyConnection, name: str, scope: Scope, **filters: object) -> pd.DataFrame:
    """Memoised per module run: the same (query, scope, filters) recurs across the tests."""
    f = dataclasses.replace(PERIOD, **filters)
    key = (id(con), name, scope, f)
    if key not in _results:
        _results[key] = run_query(con, name, f, scope)
    return _results[key].copy()


def test_the_store_has_data_in_three_kabkota(con: duckdb.DuckDBPyConnection) -> None:
    for name in ("weekly_rule", "activity_frequency", "reflection_items", "weekly_grid"):
        assert set(run(con, name, ADMIN)["kode_kabkota"]) == set(ALL_KABKOTA), name


@pytest.mark.parametrize("scope", [WALI, WALI_KOTA], ids=["wali_2_kabkota", "wali_1_kabkota"])
@pytest.mark.parametrize("name", query_names())
def test_wali_sees_exactly_the_admin_result_for_their_kabkota(
    con: duckdb.DuckDBPyConnection, name: str, scope: Scope
) -> None:
    wali = run(con, name, scope)
    pd.testing.assert_frame_equal(wali, run(con, name, ADMIN, kabkota=scope.kabkota))
    if "kabkota" in wali.columns and "kode_kabkota" not in wali.columns:
        pytest.fail(f"{name}: a kab/kota name without its code cannot be checked against the scope")
    if "kode_kabkota" not in wali.columns:
        return
    assert set(wali["kode_kabkota"].dropna()) <= set(scope.kabkota)
    # The admin's rows of those kab/kota; rows of no kab/kota are either everyone's (UPT-wide events)
    # or the admin's alone (unplaced quarantine), never more than the admin has.
    admin = run(con, name, ADMIN)
    assert wali["kode_kabkota"].isna().sum() <= admin["kode_kabkota"].isna().sum()
    mine = admin[admin["kode_kabkota"].isin(scope.kabkota)]
    ours = wali[wali["kode_kabkota"].notna()]
    relative = [c for c in RELATIVE if c in wali.columns]
    pd.testing.assert_frame_equal(canonical(ours.drop(columns=relative)), canonical(mine.drop(columns=relative)),
                                  check_dtype=False)


@pytest.mark.parametrize("scope", [WALI, WALI_KOTA], ids=["wali_2_kabkota", "wali_1_kabkota"])
@pytest.mark.parametrize("name", query_names())
def test_asking_for_another_kabkota_gives_nothing_of_it(
    con: duckdb.DuckDBPyConnection, name: str, scope: Scope
) -> None:
    others = tuple(k for k in ALL_KABKOTA if k not in scope.kabkota)
    outside = run(con, name, scope, kabkota=others)
    pd.testing.assert_frame_equal(outside, run(con, name, NOBODY))
    # mixed with one of their own: only their own comes back
    mixed = run(con, name, scope, kabkota=(*others, scope.kabkota[0]))
    pd.testing.assert_frame_equal(mixed, run(con, name, ADMIN, kabkota=(scope.kabkota[0],)))


@pytest.mark.parametrize("scope", [WALI, WALI_KOTA], ids=["wali_2_kabkota", "wali_1_kabkota"])
@pytest.mark.parametrize("name", query_names())
def test_wali_result_does_not_depend_on_other_kabkota(
    con: duckdb.DuckDBPyConnection, without: Callable, name: str, scope: Scope
) -> None:
    """Also for outputs with no kab/kota column (counts, themes, calendars): deleting every other
    kab/kota's rows changes nothing the wali sees."""
    others = tuple(k for k in ALL_KABKOTA if k not in scope.kabkota)
    pd.testing.assert_frame_equal(run(con, name, scope), run(without(others), name, scope))


@pytest.mark.parametrize("name", query_names())
def test_a_stranger_gets_nothing_of_any_kabkota(
    con: duckdb.DuckDBPyConnection, without: Callable, name: str
) -> None:
    """A stranger's result is what a store with no kab/kota's rows at all gives (only UPT-wide rows)."""
    nothing = without(ALL_KABKOTA)
    pd.testing.assert_frame_equal(run(con, name, NOBODY), run(nothing, name, NOBODY))
    pd.testing.assert_frame_equal(run(con, name, NOBODY, kabkota=ALL_KABKOTA), run(nothing, name, NOBODY))
    empty_region = Scope(email="w@bbgp.id", peran="wali_wilayah", kabkota=())
    pd.testing.assert_frame_equal(run(con, name, empty_region), run(con, name, NOBODY))


@pytest.mark.parametrize("name", ["weekly_rule_followup", "headline"])
def test_dashboard_cache_keeps_users_apart(security_store: Path, name: str) -> None:
    """ui.data caches results across sessions: the scope must be part of the key."""
    import streamlit as st

    from ui import data

    st.cache_data.clear()  # every cached result of ui.data (cached_query's cache, cached_default_period)
    path, version = str(security_store), data_version(security_store)
    admin = data.cached_query(path, version, name, PERIOD, ADMIN, ())
    wali = data.cached_query(path, version, name, PERIOD, WALI, ())
    stranger = data.cached_query(path, version, name, PERIOD, NOBODY, ())
    con = open_readonly(security_store)
    try:
        pd.testing.assert_frame_equal(wali, run_query(con, name, PERIOD, WALI))
        pd.testing.assert_frame_equal(admin, run_query(con, name, PERIOD, ADMIN))
        pd.testing.assert_frame_equal(stranger, run_query(con, name, PERIOD, NOBODY))
    finally:
        con.close()
    if "kode_kabkota" in wali.columns:
        assert set(wali["kode_kabkota"]) == set(WALI.kabkota) < set(admin["kode_kabkota"])
    assert data.cached_default_period(path, version, NOBODY) != data.cached_default_period(path, version, ADMIN)
    st.cache_data.clear()


def test_filters_and_scope_reprs_differ_for_every_field() -> None:
    """ui.data hashes Filters and Scope by repr: two scopes that differ must never share a key."""
    scopes = [ADMIN, NOBODY, WALI, WALI_KOTA, dataclasses.replace(WALI, email="lain@bbgp.id"),
              Scope(email="w@bbgp.id", peran="wali_wilayah", kabkota=())]
    assert len({repr(s) for s in scopes}) == len(scopes)
    assert repr(Filters(PERIOD.dari, PERIOD.sampai, kabkota=("32.04",))) != repr(PERIOD)

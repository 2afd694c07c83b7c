"""Paging in SQL (issue 19 item 1): a page of run_page is exactly that slice of the whole query in the order the
page asks for, its total the length of the whole (filtered) list; sorting on every output column, a literal
case-insensitive search, equality/IN/NULL/upto filters; a column the query does not output is refused; the
download batches put together are the whole filtered list.

Store: 23 communities in three kab/kota, 2024-01-01 (Monday) .. 2024-02-11 (Sunday); community i meets in the
weeks where (week + i) % (i % 4 + 1) == 0, so some meet every week, some stop, some never met; three share a
name (ties in a sort fall back to the query's own order), one has a name with `%` and `_` in it.
"""
from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest

from queries.runner import Filters, PageRequest, page_batches, run_page, run_query
from queries.scope import Scope
from tests.support import add_kegiatan, add_komunitas, module_store

KABKOTA = ("32.04", "32.01", "32.73")
FILTERS = Filters(dari=date(2024, 1, 1), sampai=date(2024, 2, 11))
LISTS = ("weekly_rule_followup", "activity_per_community")


def fill(con) -> None:
    for i in range(23):
        nama = "Kombel Sama" if i in (3, 9, 15) else ("Kombel 100%_persen" if i == 7 else None)
        add_komunitas(con, f"K{i:02d}", kode_kabkota=KABKOTA[i % 3], nama_komunitas=nama,
                      jenis=("antar_sekolah", "dalam_sekolah", "daring_pmm")[i % 3], penggerak_nama=f"Guru {i % 5}",
                      penggerak_email=f"guru{i}@contoh.id", tanggal_terdaftar=date(2023, 6, 1))
        if i == 22:
            continue  # never met
        for w in range(6):
            if (w + i) % (i % 4 + 1) == 0 and not (i % 5 == 0 and w >= 4):
                add_kegiatan(con, f"K{i:02d}", date(2024, 1, 3) + timedelta(weeks=w), 30 + i)


store = module_store(fill)


def whole(store, name: str, scope: Scope | None = None) -> pd.DataFrame:
    return run_query(store.con, name, FILTERS, *([scope] if scope else []))


def pages(store, name: str, request: PageRequest, size: int = 7) -> tuple[pd.DataFrame, list[int]]:
    """Every page of `request` put together, and the totals each page reported."""
    parts, totals, offset = [], [], 0
    while True:
        page, total = run_page(store.con, name, FILTERS, request=PageRequest(
            sort=request.sort, search=request.search, search_in=request.search_in, where=request.where,
            upto=request.upto, present=request.present, limit=size, offset=offset))
        totals.append(total)
        if page.empty:
            parts = parts or [page]  # no row at all: the empty page, with its columns
            break
        assert len(page) <= size
        parts.append(page)
        offset += size
    return pd.concat(parts, ignore_index=True), totals


def same(a: pd.DataFrame, b: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True), check_dtype=False)


@pytest.mark.parametrize("name", LISTS)
def test_pages_in_the_query_own_order_are_the_whole_list(store, name: str) -> None:
    full = whole(store, name)
    assert len(full) == 23
    together, totals = pages(store, name, PageRequest())
    same(together, full)
    assert set(totals) == {23}
    first, total = run_page(store.con, name, FILTERS, request=PageRequest(limit=5, offset=10))
    same(first, full.iloc[10:15])
    assert total == 23


@pytest.mark.parametrize("name", LISTS)
def test_every_output_column_sorts_both_ways_ties_in_the_query_order(store, name: str) -> None:
    full = whole(store, name)
    for column in full.columns:
        for desc in (False, True):
            together, _ = pages(store, name, PageRequest(sort=((column, desc),)), size=9)
            expected = full.sort_values(column, ascending=not desc, na_position="last", kind="stable")
            same(together, expected)


def test_search_is_literal_case_insensitive_and_bound(store) -> None:
    full = whole(store, "weekly_rule_followup")
    cols = ("nama_komunitas", "kabkota", "penggerak_nama")

    def expected(text: str) -> pd.DataFrame:
        hay = full[list(cols)].fillna("").astype(str).agg(" ".join, axis=1).str.lower()
        return full[hay.str.contains(text.lower(), regex=False)]

    for text in ("kombel sama", "BANDUNG", "guru 3", "100%_", "%", "_", "' or 1=1 --", "tidak ada"):
        together, totals = pages(store, "weekly_rule_followup", PageRequest(search=text, search_in=cols))
        assert len(together) == len(expected(text)) == totals[0]
        same(together, expected(text))
    assert len(expected("%")) == 1 and len(expected("kombel sama")) == 3  # wildcards are plain characters


def test_filters_equal_in_null_upto_present(store) -> None:
    full = whole(store, "weekly_rule_followup")
    berisiko, totals = pages(store, "weekly_rule_followup", PageRequest(where=(("berisiko", True),)))
    same(berisiko, full[full["berisiko"].fillna(False).astype(bool)])
    assert 0 < totals[0] < 23
    ids = ("K05", "K01", "K22", "tidak-ada")
    picked, _ = pages(store, "weekly_rule_followup", PageRequest(where=(("id_komunitas", ids),)))
    same(picked, full[full["id_komunitas"].isin(ids)])
    not_true, _ = pages(store, "weekly_rule_followup", PageRequest(where=(("memenuhi_aturan", (False, None)),)))
    same(not_true, full[~full["memenuhi_aturan"].fillna(False).astype(bool)])
    null, _ = pages(store, "weekly_rule_followup", PageRequest(where=(("kegiatan_terakhir", None),)))
    same(null, full[full["kegiatan_terakhir"].isna()])
    assert list(null["id_komunitas"]) == ["K22"]
    present, _ = pages(store, "weekly_rule_followup", PageRequest(present=("kegiatan_terakhir",)))
    same(present, full[full["kegiatan_terakhir"].notna()])
    upto, _ = pages(store, "weekly_rule_followup", PageRequest(upto=(("minggu_beruntun", 1),)))
    same(upto, full[full["minggu_beruntun"] <= 1])
    nothing, totals = pages(store, "weekly_rule_followup", PageRequest(where=(("id_komunitas", ()),)))
    assert nothing.empty and totals == [0]


def test_the_region_scope_holds_in_a_page(store) -> None:
    wali = Scope(email="wali@contoh.id", peran="wali_wilayah", kabkota=("32.01",))
    page, total = run_page(store.con, "weekly_rule_followup", FILTERS, wali, request=PageRequest(limit=100))
    assert set(page["kode_kabkota"]) == {"32.01"} and total == len(whole(store, "weekly_rule_followup", wali))
    page, total = run_page(store.con, "weekly_rule_followup", FILTERS, wali,
                           request=PageRequest(where=(("kode_kabkota", "32.04"),)))
    assert page.empty and total == 0


@pytest.mark.parametrize("bad", ['nama_komunitas" desc; drop table komunitas; --', "nama_normal", "1", "",
                                 "kegiatan_terakhir desc"])
def test_a_column_the_query_does_not_output_is_refused(store, bad: str) -> None:
    for request in (PageRequest(sort=((bad, False),)), PageRequest(where=((bad, 1),)),
                    PageRequest(search="x", search_in=(bad,)), PageRequest(upto=((bad, 1),)),
                    PageRequest(present=(bad,))):
        with pytest.raises(ValueError, match="tidak ada di hasil kueri"):
            run_page(store.con, "weekly_rule_followup", FILTERS, request=request)
    assert len(whole(store, "weekly_rule_followup")) == 23


def test_past_the_end_is_an_empty_page_with_the_total(store) -> None:
    page, total = run_page(store.con, "activity_per_community", FILTERS, request=PageRequest(limit=10, offset=500))
    assert page.empty and total == 23
    assert list(page.columns) == list(whole(store, "activity_per_community").columns)


def test_download_batches_are_the_whole_filtered_sorted_list(store) -> None:
    full = whole(store, "weekly_rule_followup")
    request = PageRequest(sort=(("persen_terpenuhi", True),), where=(("jenis", ("antar_sekolah", "daring_pmm")),),
                          limit=5, offset=5)  # a page's limit and offset do not cut a download
    batches = list(page_batches(store.con, "weekly_rule_followup", FILTERS, request=request, batch_rows=4))
    assert len(batches) > 1 and all(len(b) <= 4 for b in batches)
    expected = full[full["jenis"].isin(("antar_sekolah", "daring_pmm"))].sort_values(
        "persen_terpenuhi", ascending=False, na_position="last", kind="stable")
    same(pd.concat(batches, ignore_index=True), expected)

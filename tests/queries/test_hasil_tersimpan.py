"""Materialised results (issue 19): a list is computed once per (query, bound parameters, scope) on a connection
and every page, count, sort, search, download and summary of it reads that table. Checked on a real store: the
pages are exactly run_query's rows in order; a second page, a sort, a search and the summary that includes the
list do not compute it again (Hasil.computed counts materialisations); a wali's result never serves admin or
another region; the total is bounded by DuckDB's own byte count, least recently used out.

Store: 23 communities in three kab/kota with weekly activity (as tests/queries/test_paging.py) and a penggerak
list, so the Penggerak summaries have rows."""
from __future__ import annotations

import threading
from datetime import date, timedelta

import pandas as pd
import pytest

from queries.runner import Filters, Hasil, PageRequest, page_batches, run_page, run_query
from queries.scope import ADMIN, Scope
from store.database import open_readonly
from tests.support import add_kegiatan, add_komunitas, add_penggerak, module_store

KABKOTA = ("32.04", "32.01", "32.73")
FILTERS = Filters(dari=date(2024, 1, 1), sampai=date(2024, 2, 11))
WALI = Scope("wali@contoh.id", "wali_wilayah", ("32.04",))
WALI_LAIN = Scope("lain@contoh.id", "wali_wilayah", ("32.73",))


def fill(con) -> None:
    for i in range(23):
        add_komunitas(con, f"K{i:02d}", kode_kabkota=KABKOTA[i % 3], nama_komunitas=f"Kombel {i % 11}",
                      jenis=("antar_sekolah", "dalam_sekolah", "daring_pmm")[i % 3], penggerak_nama=f"Guru {i}",
                      penggerak_email=f"guru{i}@contoh.id", tanggal_terdaftar=date(2023, 6, 1))
        if i % 2:
            add_penggerak(con, f"guru{i}@contoh.id", penggerak_nama=f"Guru {i}", kode_kabkota=KABKOTA[i % 3])
        if i == 22:
            continue
        for w in range(6):
            if (w + i) % (i % 4 + 1) == 0:
                add_kegiatan(con, f"K{i:02d}", date(2024, 1, 3) + timedelta(weeks=w), 30 + i)


store = module_store(fill)


@pytest.fixture
def con(store):
    """A connection of the test's own: the materialised tables live with it."""
    c = open_readonly(store.path)
    yield c
    c.close()


def all_pages(con, name: str, request: PageRequest, hasil: Hasil | None, scope: Scope = ADMIN,
              size: int = 5) -> pd.DataFrame:
    parts, offset = [], 0
    while True:
        page, total = run_page(con, name, FILTERS, scope, request=PageRequest(
            sort=request.sort, search=request.search, search_in=request.search_in, where=request.where,
            limit=size, offset=offset), hasil=hasil)
        if page.empty:
            break
        parts.append(page)
        offset += size
    return pd.concat(parts, ignore_index=True) if parts else page


REQUESTS = [
    PageRequest(),
    PageRequest(sort=(("nama_komunitas", True),)),
    PageRequest(search="kombel 1", search_in=("nama_komunitas",)),
    PageRequest(where=(("berisiko", True),), sort=(("kabkota", False),)),
]


@pytest.mark.parametrize("name", ["weekly_rule_followup", "activity_per_community"])
def test_pages_of_the_materialised_list_are_run_querys_rows_and_the_list_is_computed_once(con, name) -> None:
    hasil = Hasil(con)
    whole = run_query(con, name, FILTERS)
    assert len(whole) > 10
    pd.testing.assert_frame_equal(all_pages(con, name, PageRequest(), hasil), whole)
    for request in REQUESTS:
        if request.where and "berisiko" not in whole.columns:
            continue
        pd.testing.assert_frame_equal(all_pages(con, name, request, hasil), all_pages(con, name, request, None))
    assert hasil.computed == 1  # every page, sort, search and filter above read the one table
    # run_query of a list already materialised reads it, in the query's own order
    pd.testing.assert_frame_equal(run_query(con, name, FILTERS, hasil=hasil), whole)
    # a download streamed in batches: the same rows
    batches = list(page_batches(con, name, FILTERS, request=PageRequest(), batch_rows=4, hasil=hasil))
    pd.testing.assert_frame_equal(pd.concat(batches, ignore_index=True), whole)
    assert hasil.computed == 1
    # other parameters: another table
    run_page(con, name, Filters(dari=FILTERS.dari, sampai=FILTERS.sampai, jenis="daring_pmm"), hasil=hasil)
    assert hasil.computed == 2


def test_a_summary_reads_the_list_it_includes_and_the_list_page_reuses_it(con) -> None:
    hasil = Hasil(con)
    # the ranking's list reads the eligibility list (materialised too, once), so the eligibility summary after it
    # computes nothing new
    for summary, lst, made in (("penggerak_ranking_ringkas", "penggerak_ranking", 2),
                               ("penggerak_eligibility_ringkas", "penggerak_eligibility", 0)):
        plain = run_query(con, summary, FILTERS)
        before = hasil.computed
        pd.testing.assert_frame_equal(run_query(con, summary, FILTERS, hasil=hasil), plain)
        assert hasil.computed == before + made  # the lists, materialised for the summary
        run_query(con, summary, FILTERS, hasil=hasil)
        page, total = run_page(con, lst, FILTERS, request=PageRequest(limit=3), hasil=hasil)
        assert hasil.computed == before + made  # the summary again and the list's first page: no new computation
        assert total == int(plain.iloc[0]["jumlah_penggerak"]) > 0
        pd.testing.assert_frame_equal(page, run_query(con, lst, FILTERS).head(3))
    # the page passes the weights explicitly; at their defaults they are the same bound parameters
    bobot = {f"bobot_{k}": 1.0 for k in ("kegiatan", "berbagi", "aturan", "upt", "pengimbasan")}
    run_page(con, "penggerak_ranking", FILTERS, extra=bobot, hasil=hasil)
    assert hasil.computed == 2
    run_page(con, "penggerak_ranking", FILTERS, extra=bobot | {"bobot_upt": 0.0}, hasil=hasil)
    assert hasil.computed == 3


def test_a_walis_result_never_serves_admin_or_another_region(con) -> None:
    hasil = Hasil(con)
    name = "weekly_rule_followup"
    wali_first = all_pages(con, name, PageRequest(), hasil, WALI)
    admin = all_pages(con, name, PageRequest(), hasil, ADMIN)
    lain = all_pages(con, name, PageRequest(), hasil, WALI_LAIN)
    assert hasil.computed == 3
    assert set(wali_first["kode_kabkota"]) == {"32.04"}
    assert set(lain["kode_kabkota"]) == {"32.73"}
    assert set(admin["kode_kabkota"]) == set(KABKOTA)
    pd.testing.assert_frame_equal(wali_first, run_query(con, name, FILTERS, WALI))
    pd.testing.assert_frame_equal(admin, run_query(con, name, FILTERS))
    # a wali asking for another region through the kab/kota filter still sees only theirs
    page, total = run_page(con, name, Filters(dari=FILTERS.dari, sampai=FILTERS.sampai, kabkota=("32.73",)), WALI,
                           hasil=hasil)
    assert total == 0 and page.empty


def test_the_total_is_bounded_by_bytes_least_recently_used_out(con) -> None:
    hasil = Hasil(con, max_bytes=10**12)
    name = "activity_per_community"

    # activity_per_community does not read $ambang: vary the period instead
    def make_period(weeks: int) -> str:
        f = Filters(dari=FILTERS.dari, sampai=FILTERS.dari + timedelta(weeks=weeks, days=-1))
        run_page(con, name, f, request=PageRequest(limit=1), hasil=hasil)
        return hasil.names()[-1]

    a, b = make_period(6), make_period(5)
    assert hasil.names() == [a, b] and hasil.bytes(con) > 0
    hasil.max_bytes = hasil.bytes(con)  # exactly what two of them take
    run_page(con, name, Filters(dari=FILTERS.dari, sampai=FILTERS.sampai), request=PageRequest(limit=1), hasil=hasil)
    assert hasil.names() == [b, a]  # reading a made it the most recently used
    c = make_period(4)
    assert b not in hasil.names() and hasil.names()[-1] == c  # the least recently used went first
    assert hasil.bytes(con) <= hasil.max_bytes or hasil.names() == [c]
    hasil.max_bytes = 1  # nothing fits: only the newest stays
    d = make_period(3)
    assert hasil.names() == [d]
    assert hasil.computed == 4
    # an evicted list is made again when asked for, with the same rows
    page, _ = run_page(con, name, FILTERS, request=PageRequest(limit=None), hasil=hasil)
    pd.testing.assert_frame_equal(page, run_query(con, name, FILTERS))
    assert hasil.computed == 5


def test_two_sessions_asking_at_once_compute_once(con) -> None:
    hasil = Hasil(con)
    from store import database

    results, errors = [], []

    def ask() -> None:
        try:
            results.append(run_page(database.cursor(con), "weekly_rule_followup", FILTERS,
                                    request=PageRequest(limit=None), hasil=hasil)[1])
        except Exception as e:  # noqa: BLE001 — reported below
            errors.append(e)

    threads = [threading.Thread(target=ask) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(set(results)) == 1 and hasil.computed == 1


def test_weekly_rule_sebaran_reads_the_follow_up_list_and_equals_the_weekly_rule_per_band(con) -> None:
    hasil = Hasil(con)
    aturan = run_query(con, "weekly_rule", FILTERS)
    dinilai = aturan["persen_terpenuhi"].notna()
    kelas = (aturan["persen_terpenuhi"].clip(0, 100) // 10).clip(upper=10)
    expected = (aturan.assign(kelas=kelas.where(dinilai))
                .groupby(["jenis", "kelas"], dropna=False)
                .agg(jumlah_komunitas=("id_komunitas", "size"),
                     komunitas_memenuhi_aturan=("memenuhi_aturan", lambda s: int(s.fillna(False).sum())),
                     komunitas_berisiko=("berisiko", lambda s: int(s.fillna(False).sum())))
                .reset_index())
    for got in (run_query(con, "weekly_rule_sebaran", FILTERS),
                run_query(con, "weekly_rule_sebaran", FILTERS, hasil=hasil)):
        got = got.assign(kelas=got["kelas"].astype("Float64"))
        key = ["jenis", "kelas"]
        a = got.sort_values(key).reset_index(drop=True)
        b = expected.assign(kelas=expected["kelas"].astype("Float64")).sort_values(key).reset_index(drop=True)
        assert a[key + ["jumlah_komunitas"]].astype(str).values.tolist() == \
            b[key + ["jumlah_komunitas"]].astype(str).values.tolist()
        assert a["komunitas_memenuhi_aturan"].tolist() == b["komunitas_memenuhi_aturan"].tolist()
        assert a["komunitas_berisiko"].tolist() == b["komunitas_berisiko"].tolist()
    # the page's follow-up list then reads the same table: nothing computed again
    assert hasil.computed == 1
    run_page(con, "weekly_rule_followup", FILTERS, hasil=hasil)
    assert hasil.computed == 1

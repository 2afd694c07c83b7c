"""The frame cache bounded by bytes, and warming after a load (issue 19 items 3 and 5), on the app's own read path
(ui/data.py) and a real loaded store: the warmer fills the frame cache and materialises the long lists, so the
Penggerak page's default view then computes no list itself; it runs once per version and stops as soon as a newer
version of the store exists."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from queries.runner import Filters, Hasil, bind_params
from queries.scope import ADMIN, Scope
from store import database
from tests.app.conftest import open_page
from tests.support import add_komunitas
from ui import data
from vocab import PIMPINAN, WALI_WILAYAH


def frame(rows: int, text: str = "x") -> pd.DataFrame:
    return pd.DataFrame({"a": range(rows), "b": [text * 10] * rows})


def test_frames_are_bounded_by_bytes_least_recently_used_out() -> None:
    one = data._size(frame(1000))
    cache = data.Frames(max_bytes=int(one * 2.5))
    cache.put(("a",), frame(1000))
    cache.put(("b",), frame(1000))
    assert cache.get(("a",)) is not None  # a is now the most recently used
    cache.put(("c",), frame(1000))
    assert ("a",) in cache and ("c",) in cache and ("b",) not in cache
    assert cache.bytes <= cache.max_bytes
    cache.put(("huge",), frame(10_000))  # more than the whole cache: not kept, nothing evicted for it
    assert ("huge",) not in cache and len(cache) == 2
    got = cache.get(("a",))
    got.loc[0, "b"] = "changed"  # a caller's change never reaches the cache
    assert cache.get(("a",)).loc[0, "b"] == "x" * 10
    page = (frame(3), 3)
    cache.put(("page",), page)
    assert cache.get(("page",))[1] == 3


def test_cached_query_is_computed_once_per_version_and_bounded(loaded_store: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    real = data.run_query
    monkeypatch.setattr(data, "run_query", lambda *a, **k: calls.append(a[1]) or real(*a, **k))
    path, version = data.open_store()
    filters = Filters(date(2022, 8, 1), date(2022, 12, 25))
    first = data.cached_query(str(path), version, "headline", filters, ADMIN, ())
    again = data.cached_query(str(path), version, "headline", filters, ADMIN, ())
    pd.testing.assert_frame_equal(first, again)
    assert calls == ["headline"]
    data.cached_query(str(path), "other|-", "headline", filters, ADMIN, ())  # another data version: recomputed
    assert calls == ["headline", "headline"]
    assert 0 < data.frames().bytes <= data.frames().max_bytes


def test_a_result_serves_every_login_of_the_same_region_and_no_other(loaded_store: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Keyed by region, not by who asks: the warmer's ADMIN results serve an admin or pimpinan who logged in with
    their own email; a wali's region is another entry with its own rows."""
    calls = []
    real = data.run_query
    monkeypatch.setattr(data, "run_query", lambda *a, **k: calls.append(a[3]) or real(*a, **k))
    path, version = data.open_store()
    filters = Filters(date(2022, 8, 1), date(2022, 12, 25))
    semua = data.cached_query(str(path), version, "progress_kabkota", filters, ADMIN, ())
    pimpinan = Scope("kepala@upt.id", PIMPINAN, None)
    pd.testing.assert_frame_equal(data.cached_query(str(path), version, "progress_kabkota", filters, pimpinan, ()),
                                  semua)
    assert calls == [ADMIN]
    kode = str(semua["kode_kabkota"].iloc[0])
    wali = Scope("wali@upt.id", WALI_WILAYAH, (kode,))
    sendiri = data.cached_query(str(path), version, "progress_kabkota", filters, wali, ())
    assert calls == [ADMIN, wali] and set(sendiri["kode_kabkota"]) == {kode} and len(semua) > 1


def test_the_warmer_fills_the_caches_and_the_page_then_computes_no_list(loaded_store: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    path, version = data.open_store()
    assert data.hangatkan(path, version) is None  # off in tests (KOMBEL_HANGAT=0) unless asked for
    thread = data.hangatkan(path, version, paksa=True)
    thread.join(timeout=300)
    assert not thread.is_alive()
    assert data.hangatkan(path, version, paksa=True) is None  # once per version
    dari, sampai = data.cached_default_period(str(path), version, ADMIN)
    filters = Filters(dari, sampai)
    cache = data.frames()
    for kind, name in data.HANGAT:
        if kind == "q":
            data_version = version if "app" in data.schemas(name) else version.partition("|")[0]
            assert ("query", str(path), data_version, name, repr(filters), repr(None), "()") in cache, name
    hasil = data.results(str(path), version)
    for name in ("weekly_rule_followup", "activity_per_community", "penggerak_ranking", "penggerak_eligibility"):
        assert hasil.lookup(name, ADMIN, bind_params(name, filters, ADMIN)) is not None, name
    made = []
    real = Hasil._make
    monkeypatch.setattr(Hasil, "_make", lambda self, con, name, *a: made.append(name) or real(self, con, name, *a))
    at = open_page("pages/penggerak.py")  # the default view, as the first visitor sees it
    assert not at.exception
    assert at.metric[0].value  # the figures are there
    # every list the page shows was the warmed one (what it still made are small series that a side panel's
    # summary includes, e.g. kontak_hasil for the contact figures)
    assert not {"penggerak_ranking", "penggerak_eligibility", "weekly_rule_followup"} & set(made)


def test_the_warmer_stops_when_a_newer_version_arrives(loaded_store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path, version = data.open_store()
    real = data.cached_query
    seen = []

    def then_a_load(*args, **kwargs):
        result = real(*args, **kwargs)
        seen.append(args[2])
        if len(seen) == 1:  # another process loads while the warmer runs
            with database.write_transaction(path) as con:
                add_komunitas(con, "BARU01", kode_kabkota="32.04")
        return result

    monkeypatch.setattr(data, "cached_query", then_a_load)
    with data._hangat_lock:
        data._hangat[str(path)] = (version, None)
    done = data._warm(path, version)
    assert done == ["data_info"]  # stopped before the next step
    assert data.open_store()[1] != version
    hasil = data.results(str(path), version)
    assert hasil.computed == 0  # no list computed for the replaced version

"""Charts kept in the shared frame cache (ui/charts.py `_tersimpan`, issue 19 warm pages): the same input gives
the very figure built before, equal to a fresh build; any change of data or argument gives its own figure; the
cache counts a figure at no less than its JSON and stays within its bound."""
from __future__ import annotations

import pandas as pd
import plotly.io as pio
import pytest

from ui import charts, data


@pytest.fixture(autouse=True)
def fresh_cache(monkeypatch: pytest.MonkeyPatch) -> data.Frames:
    cache = data.Frames(max_bytes=50 * 1024 * 1024)
    monkeypatch.setattr(data, "frames", lambda: cache)
    return cache


def per_bulan(terlaksana: int = 7) -> pd.DataFrame:
    return pd.DataFrame({"bulan": ["Agu 2022", "Agu 2022", "Sep 2022", "Sep 2022"],
                         "ukuran": ["Direncanakan", "Terlaksana"] * 2, "jumlah": [10, terlaksana, 12, 9]})


def json(fig) -> str:
    return pio.to_json(fig, validate=False)


def build(df: pd.DataFrame, **kw):
    args = dict(judul="Kegiatan UPT per bulan", sub="Agu–Sep 2022", label_x="Bulan", label_y="Jumlah",
                warna="ukuran") | kw
    return charts.bar(df, "bulan", "jumlah", **args), charts.bar.__wrapped__(df, "bulan", "jumlah", **args)


def test_the_same_input_gives_the_figure_built_before_equal_to_a_fresh_build(fresh_cache) -> None:
    first, fresh = build(per_bulan())
    again, _ = build(per_bulan())  # an equal frame built anew, as a cached query's copy is
    assert again is first
    assert json(first) == json(fresh)
    assert len(fresh_cache) == 1
    assert len(json(first)) <= fresh_cache.bytes == charts._ukuran(first) <= 4 * len(json(first)) + 8192


def test_a_changed_value_or_argument_gives_its_own_figure(fresh_cache) -> None:
    base, _ = build(per_bulan())
    other_value, fresh = build(per_bulan(terlaksana=8))
    assert other_value is not base and json(other_value) == json(fresh)
    assert [t.y.tolist() for t in other_value.data if t.name == "Terlaksana"] == [[8, 9]]
    other_title, _ = build(per_bulan(), judul="Judul lain")
    assert other_title.layout.title.text == "Judul lain" and base.layout.title.text == "Kegiatan UPT per bulan"
    grouped, fresh = build(per_bulan(), berkelompok=True)
    assert grouped.layout.barmode == "group" and base.layout.barmode != "group"
    assert json(grouped) == json(fresh)
    assert len(fresh_cache) == 4


def test_the_cache_stays_within_its_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    one = charts._ukuran(build(per_bulan())[0])
    small = data.Frames(max_bytes=int(one * 2.5))
    monkeypatch.setattr(data, "frames", lambda: small)
    for n in range(5):
        build(per_bulan(terlaksana=n))
    assert len(small) == 2 and small.bytes <= small.max_bytes
    latest, _ = build(per_bulan(terlaksana=4))
    assert latest is build(per_bulan(terlaksana=4))[0]  # the newest is kept, the oldest went first

"""The kab/kota map (ui/charts.py `choropleth`, issue 15 item 6): drawn from the bundled boundaries on plain
axes (no geo or tile subplot, which would fetch a topojson or fonts from the internet), names and values written
on it, fitted to the kab/kota given, on their provinces, a fixed 0–100 % colour scale, enclaves drawn above the
kabupaten around them, labelled bars for one or two kab/kota, text from data escaped, and a bounded payload for
all 514 kab/kota."""
from __future__ import annotations

import csv
import json
import re

import pandas as pd
import plotly.graph_objects as go
import pytest

from tests.support import ROOT
from ui import charts
from ui import format as fmt

REF = ROOT / "data" / "reference"
KABKOTA = list(csv.DictReader((REF / "kabkota.csv").open(encoding="utf-8")))
GEO = {f["properties"]["kode"]: f["geometry"] for f in
       json.loads((REF / "kabkota.geojson").read_text(encoding="utf-8"))["features"]}
JABAR = [r for r in KABKOTA if r["kode_prov"] == "32"]


def frame(rows: list[dict], nilai: list[float | None]) -> pd.DataFrame:
    return pd.DataFrame({"kode_kabkota": [r["kode_kabkota"] for r in rows],
                         "kabkota": [r["nama_kabkota"] for r in rows], "nilai": nilai})


def peta(df: pd.DataFrame, persen: bool = True) -> go.Figure:
    return charts.choropleth(df, "nilai", judul="Pemenuhan per kab/kota", sub="1 Agu 2022 – 31 Des 2022",
                             label="% minggu terpenuhi", persen=persen)


def points(geom: dict) -> list[list[float]]:
    polys = [geom["coordinates"]] if geom["type"] == "Polygon" else geom["coordinates"]
    return [p for poly in polys for ring in poly for p in ring]


def label_traces(fig: go.Figure) -> list:
    return [t for t in fig.data if t.mode and "text" in t.mode and t.hovertext is not None]


def written(fig: go.Figure) -> list[str]:
    return [t for tr in label_traces(fig) for t in tr.text if t]


def hovered(fig: go.Figure) -> list[str]:
    return [h for tr in label_traces(fig) for h in tr.hovertext]


def test_map_is_drawn_offline_from_the_bundled_boundaries() -> None:
    fig = peta(frame(JABAR, [40 + i for i in range(len(JABAR))]))
    spec = fig.to_plotly_json()
    assert {t["type"] for t in spec["data"]} == {"scatter"}
    assert not any(k.startswith(("geo", "map", "mapbox")) for k in spec["layout"]), "a geo/tile subplot fetches"
    filled = [t for t in fig.data if t.fill == "toself"]
    assert len(filled) >= 2  # the provinces' ground and at least one colour band
    assert fig.layout.xaxis.visible is False and fig.layout.yaxis.scaleanchor == "x"


def test_names_and_values_are_on_the_map_and_every_one_in_hover() -> None:
    nilai = [40 + 2 * i for i in range(len(JABAR))]
    fig = peta(frame(JABAR, nilai))
    hover = hovered(fig)
    assert len(hover) == len(JABAR) == 27
    for r, v in zip(JABAR, nilai):
        assert any(h.startswith(f"<b>{charts.nama_pendek(r['nama_kabkota'])}</b>") and h.endswith(fmt.persen(v))
                   for h in hover), r["nama_kabkota"]
    teks = written(fig)
    # most kab/kota are named with their value; the rest are left to the hover rather than overlapping
    assert len(teks) >= 15, teks
    assert "Kab. Sukabumi<br>" + fmt.persen(nilai[1]) in teks  # a large kabupaten always has room
    assert all(re.fullmatch(r"[^<]+<br>\d+(,\d)? %", t) for t in teks), teks
    note = " ".join(a.text for a in fig.layout.annotations)
    assert ("sentuh atau arahkan kursor" in note) == (len(teks) < len(JABAR))


def test_fitted_to_the_kabkota_given_on_their_provinces() -> None:
    rows = [r for r in KABKOTA if r["kode_kabkota"] in ("32.04", "32.73", "33.01", "36.03")]
    fig = peta(frame(rows, [50, 60, 70, 80]))
    xs = [p[0] for r in rows for p in points(GEO[r["kode_kabkota"]])]
    ys = [p[1] for r in rows for p in points(GEO[r["kode_kabkota"]])]
    (x0, x1), (y0, y1) = fig.layout.xaxis.range, fig.layout.yaxis.range
    assert x0 <= min(xs) and x1 >= max(xs) and y0 <= min(ys) and y1 >= max(ys)
    assert x1 - x0 < 1.15 * (max(xs) - min(xs)) and y1 - y0 < 1.15 * (max(ys) - min(ys))  # not all of Java
    # the provinces touched (Jawa Barat, Jawa Tengah, Banten) are drawn around them, reaching past the scope
    ground = next(t for t in fig.data if t.fill == "toself" and t.fillcolor == charts.WARNA_LATAR_PROVINSI)
    gx = [x for x in ground.x if x is not None]
    assert min(gx) < x0 and max(gx) > x1


def test_colour_scale_is_fixed_0_to_100_for_percentages() -> None:
    """A narrow range (86,6–87,6 %) is one colour band, not the full scale."""
    fig = peta(frame(JABAR, [86.6 + i / 26 for i in range(27)]))
    key = next(t for t in fig.data if t.marker is not None and t.marker.colorbar is not None
               and t.marker.cmax is not None)
    assert (key.marker.cmin, key.marker.cmax) == (0, 100)
    assert list(key.marker.colorbar.ticktext) == ["0 %", "20 %", "40 %", "60 %", "80 %", "100 %"]
    bands = {t.fillcolor for t in fig.data if t.fill == "toself" and t.fillcolor != charts.WARNA_LATAR_PROVINSI}
    assert len(bands) == 1
    counts = peta(frame(JABAR, list(range(27))), persen=False)  # counts: from 0 to a round top, whole ticks
    key = next(t for t in counts.data if t.marker is not None and t.marker.cmax is not None)
    assert (key.marker.cmin, key.marker.cmax) == (0, 30)
    assert list(key.marker.colorbar.ticktext) == ["0", "10", "20", "30"]


def test_an_enclave_is_drawn_above_the_kabupaten_around_it() -> None:
    """Kota Bogor lies in a hole of Kab. Bogor; holes are filled, so Kota Bogor's band must come later."""
    kab = GEO["32.01"]
    polys = [kab["coordinates"]] if kab["type"] == "Polygon" else kab["coordinates"]
    assert any(len(p) > 1 for p in polys), "the premise: Kab. Bogor has a hole"
    nilai = [5.0 if r["kode_kabkota"] == "32.71" else 95.0 if r["kode_kabkota"] == "32.01" else 50.0 for r in JABAR]
    fig = peta(frame(JABAR, nilai))
    fills = [t.fillcolor for t in fig.data if t.fill == "toself"]
    low, high = charts.WARNA_PETA[0], charts.WARNA_PETA[-1]
    assert fills.index(high) < fills.index(low)


def test_missing_values_are_grey_and_said() -> None:
    nilai: list[float | None] = [50.0] * 27
    nilai[3] = None
    fig = peta(frame(JABAR, nilai))
    assert charts.WARNA_TANPA_NILAI in {t.fillcolor for t in fig.data}
    assert "Abu-abu: belum ada nilai." in " ".join(a.text for a in fig.layout.annotations)
    assert any(h.endswith(": –") for h in hovered(fig))


@pytest.mark.parametrize("kode", [("32.04",), ("32.04", "32.73")])
def test_one_or_two_kabkota_get_labelled_bars(kode: tuple[str, ...]) -> None:
    rows = [r for r in KABKOTA if r["kode_kabkota"] in kode]
    fig = peta(frame(rows, [86.6, 87.6][:len(rows)]))
    assert [t.type for t in fig.data] == ["bar"]
    assert set(fig.data[0].y) == {charts.nama_pendek(r["nama_kabkota"]) for r in rows}
    assert set(fig.data[0].text) == {fmt.persen(v) for v in [86.6, 87.6][:len(rows)]}
    assert tuple(fig.layout.xaxis.range) == (0, 110)  # the whole 0–100 % scale, not 86,6–87,6


def test_names_from_data_are_escaped() -> None:
    rows = [dict(r) for r in JABAR]
    rows[0]["nama_kabkota"] = "<b>x</b>"
    rows[1]["nama_kabkota"] = '<a href="https://phish.example">Masuk</a>'
    fig = peta(frame(rows, [90.0, 10.0] + [50.0] * 25))  # highest and lowest: named even on a big map
    spec = json.dumps(json.loads(fig.to_json()), ensure_ascii=False)  # Plotly's JSON writes `<` as \u003c
    assert "<b>x</b>" not in spec and "<a href" not in spec
    assert any(h.startswith("<b>&lt;b&gt;x&lt;/b&gt;</b>") for h in hovered(fig))
    two = peta(frame(rows[:2], [90.0, 10.0]))
    assert "&lt;b&gt;x&lt;/b&gt;" in list(two.data[0].y)
    assert "<b>x</b>" not in json.dumps(json.loads(two.to_json()), ensure_ascii=False)


def test_all_514_kabkota_name_only_the_ends_and_stay_small() -> None:
    nilai = [(i * 37) % 100 + 0.5 for i in range(len(KABKOTA))]
    fig = peta(frame(KABKOTA, nilai))
    assert len(hovered(fig)) == 514
    teks = written(fig)
    assert 1 <= len(teks) <= 2 * charts.N_UJUNG
    ujung = sorted(nilai)
    allowed = {fmt.persen(v) for v in ujung[:charts.N_UJUNG] + ujung[-charts.N_UJUNG:]}
    assert all(t.split("<br>")[1] in allowed for t in teks)
    size = len(fig.to_json())
    assert size < 400_000, size  # simplified to the scale drawn (the bundled boundaries alone are 990 KB)

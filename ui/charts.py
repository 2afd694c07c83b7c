"""Plotly charts with one colour meaning per concept everywhere (Okabe–Ito, colour-blind safe),
Indonesian labels and number formats (`separators=",."` gives `1.234` and `56,3`).

Every chart takes a title (`judul`, the subject or the finding) and a subtitle (`sub`, the period),
so a chart saved as an image still says what and when.

No markup from data: Plotly reads a subset of HTML in every text it draws (`<a href>` is a clickable link), so
every text given to a chart — the frame's text cells (categories, legend groups, hover names), titles and axis
labels — passes through `_aman` / `fmt.plotly_teks` here, once, before Plotly sees it. Pages pass raw text."""
from __future__ import annotations

import json
import math
from functools import cache
from pathlib import Path

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
import streamlit as st

from ui import format as fmt
from vocab import JENIS_LABEL

GEOJSON = Path(__file__).resolve().parent.parent / "data" / "reference" / "kabkota.geojson"

WARNA_STATUS = {
    "terpenuhi": "#009E73",
    "terpenuhi_tanpa_durasi": "#56B4E9",
    "tidak_terpenuhi": "#D55E00",
    "libur": "#BBBBBB",
}
WARNA_JENIS = {"dalam_sekolah": "#0072B2", "antar_sekolah": "#E69F00", "daring_pmm": "#CC79A7"}
WARNA_JENIS_LABEL = {JENIS_LABEL[k]: v for k, v in WARNA_JENIS.items()} | {"Tidak diketahui": "#999999"}
# Paul Tol's muted palette for activity forms and modes, so they never borrow a jenis or status colour.
WARNA_BENTUK = {"Belajar bersama": "#332288", "Berbagi praktik baik": "#44AA99", "Webinar": "#DDCC77",
                "Refleksi": "#AA4499", "Lainnya": "#88CCEE", "Tidak diketahui": "#999999"}
WARNA_MODA = {"Luring": "#882255", "Daring": "#88CCEE", "Tidak diketahui": "#999999"}
WARNA_UTAMA = "#0072B2"
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
SKALA_PETA = "Blues"
_TOOLS_OFF = ["zoom2d", "pan2d", "select2d", "lasso2d", "zoomIn2d", "zoomOut2d", "autoScale2d", "resetScale2d",
              "zoomInMap", "zoomOutMap", "resetViewMap", "panMap"]


def _aman(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of `df` whose text cells Plotly shows as typed (`fmt.plotly_teks`); numbers and dates untouched.
    Each distinct value is escaped once (a 35,000-community frame has a handful of categories)."""
    df = df.copy()
    for col in df.columns:
        if not (pd.api.types.is_numeric_dtype(df[col]) or pd.api.types.is_datetime64_any_dtype(df[col])):
            df[col] = df[col].map({v: fmt.plotly_teks(v) for v in df[col].dropna().unique()})
    return df


def _label(teks: str) -> str:
    return fmt.plotly_teks(teks)


def _warna(peta: dict[str, str] | None) -> dict[str, str]:
    """A colour map keyed like the escaped categories it colours."""
    return {_label(k): v for k, v in (peta or {}).items()}


def _style(fig: go.Figure, judul: str, sub: str, height: int | None = None) -> go.Figure:
    judul, sub = _label(judul), _label(sub)
    fig.update_layout(
        # One line each (Plotly neither wraps titles nor places multi-line ones reliably): keep them short.
        title=dict(text=judul, subtitle_text=sub, x=0, xanchor="left", xref="container", pad=dict(l=8, t=8),
                   y=1, yref="container", yanchor="top", font_size=16),
        separators=",.", margin=dict(l=10, r=10, t=75, b=10), legend_title_text="",
    )
    fig.update_xaxes(tickformat=",~f")  # 14.000 rather than Plotly's 14k; ignored on category axes
    fig.update_yaxes(tickformat=",~f")
    if fig.layout.showlegend is not False and len(fig.data) > 1:  # legend under the plot, no x title to clash
        fig.update_layout(legend=dict(orientation="h", yanchor="top", y=-0.15, x=0))
        fig.update_xaxes(title="")
    if height:
        fig.update_layout(height=height)
    return fig


def show(fig: go.Figure, key: str) -> None:
    st.plotly_chart(fig, width="stretch", key=key,
                    config={"displaylogo": False, "modeBarButtonsToRemove": _TOOLS_OFF})


def _prepare(df: pd.DataFrame, x: str, warna: str | None, y: str | None = None) -> pd.DataFrame:
    """The columns a chart draws (`x`, `y`, `warna`), with Indonesian labels for categories and dates (Plotly's
    own date axis would say `Aug`), every text escaped."""
    df = df[[c for c in dict.fromkeys((x, y, warna)) if c]].copy()
    if warna is not None:
        df[warna] = df[warna].map(fmt.nilai)
    if pd.api.types.is_datetime64_any_dtype(df[x]):
        df[x] = df[x].map(lambda t: fmt.tanggal(t.date()))
    return _aman(df)


def bar(df: pd.DataFrame, x: str, y: str, *, judul: str, sub: str, label_x: str, label_y: str,
        warna: str | None = None, peta_warna: dict[str, str] | None = None, warna_tetap: str = WARNA_UTAMA,
        horizontal: bool = False, persen: bool = False, height: int | None = None) -> go.Figure:
    """Bars of `y` per `x`, stacked by `warna`; single-colour bars carry their value as text."""
    df = _prepare(df, x, warna, y)
    labels = {x: _label(label_x), y: _label(label_y), warna or "": ""}
    teks = None
    if warna is None:
        df["_teks"] = df[y].map(fmt.persen if persen else fmt.angka)
        teks = "_teks"
    common = dict(color=warna, color_discrete_map=_warna(peta_warna), labels=labels, text=teks,
                  color_discrete_sequence=[warna_tetap] if warna is None else OKABE_ITO)
    if horizontal:
        fig = px.bar(df, x=y, y=x, orientation="h", **common)
        fig.update_yaxes(type="category", autorange="reversed", title="")
        value_axis = fig.update_xaxes
    else:
        fig = px.bar(df, x=x, y=y, **common)
        fig.update_xaxes(type="category")
        value_axis = fig.update_yaxes
    if persen:
        value_axis(range=[0, 110], ticksuffix=" %")
    if teks:
        fig.update_traces(textposition="outside", cliponaxis=False, hovertemplate="%{text}<extra></extra>")
    return _style(fig, judul, sub, height)


def line(df: pd.DataFrame, x: str, y: str, *, judul: str, sub: str, label_x: str, label_y: str,
         warna: str | None = None, peta_warna: dict[str, str] | None = None, warna_tetap: str = WARNA_UTAMA,
         persen: bool = False) -> go.Figure:
    df = _prepare(df, x, warna, y)
    fig = px.line(df, x=x, y=y, color=warna, color_discrete_map=_warna(peta_warna), markers=True,
                  labels={x: _label(label_x), y: _label(label_y), warna or "": ""},
                  color_discrete_sequence=[warna_tetap] if warna is None else OKABE_ITO)
    fig.update_xaxes(type="category")
    if persen:
        fig.update_yaxes(range=[0, 105], ticksuffix=" %")
    return _style(fig, judul, sub)


_KELAS = [f"{i}–{i + 10} %" for i in range(0, 100, 10)] + ["100 %"]


def histogram(df: pd.DataFrame, x: str, *, judul: str, sub: str, label_x: str, warna: str,
              peta_warna: dict[str, str] | None = None) -> go.Figure:
    """Communities per 10-point band of `x` (0–100 %), stacked by `warna`; exactly 100 % has a band of its own."""
    df = _prepare(df, x, warna)
    kelas = (df[x].clip(0, 100) // 10).astype(int).clip(upper=10).map(lambda i: _KELAS[i])
    hitung = (df.assign(_kelas=kelas).groupby(["_kelas", warna], observed=True).size()
              .rename("jumlah").reset_index())
    fig = px.bar(hitung, x="_kelas", y="jumlah", color=warna, color_discrete_map=_warna(peta_warna),
                 category_orders={"_kelas": _KELAS}, labels={"_kelas": _label(label_x), "jumlah": "Jumlah komunitas",
                                                             warna: ""})
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=_KELAS)
    return _style(fig, judul, sub)


@cache
def _geojson() -> dict:
    return json.loads(GEOJSON.read_text(encoding="utf-8"))


def _features(kode: tuple[str, ...]) -> dict:
    wanted = set(kode)
    return {"type": "FeatureCollection",
            "features": [f for f in _geojson()["features"] if f["properties"]["kode"] in wanted]}


def _bounds(geo: dict) -> tuple[float, float, float, float]:
    xs: list[float] = []
    ys: list[float] = []

    def walk(c: list) -> None:
        if c and isinstance(c[0], (int, float)):
            xs.append(c[0])
            ys.append(c[1])
        else:
            for part in c:
                walk(part)

    for f in geo["features"]:
        walk(f["geometry"]["coordinates"])
    return min(xs), min(ys), max(xs), max(ys)


def choropleth(df: pd.DataFrame, nilai: str, *, judul: str, sub: str, label: str,
               persen: bool = False) -> go.Figure:
    """A kab/kota map of `nilai`, zoomed to the kab/kota in `df` (only those are sent to the browser).

    MapLibre on a blank style: no tile or topojson download, so it also works on an offline server.
    """
    geo = _features(tuple(df["kode_kabkota"]))
    df = _aman(df)
    df["_teks"] = df[nilai].map(fmt.persen if persen else fmt.angka)
    if not geo["features"]:
        return _style(go.Figure(), judul, sub)
    x0, y0, x1, y1 = _bounds(geo)
    span = max(x1 - x0, (y1 - y0) * 1.6, 0.05)
    fig = px.choropleth_map(
        df, geojson=geo, locations="kode_kabkota", featureidkey="properties.kode", color=nilai,
        color_continuous_scale=SKALA_PETA, hover_name="kabkota",
        hover_data={"kode_kabkota": False, nilai: False, "_teks": True},
        labels={nilai: _label(label), "_teks": _label(label)},
        map_style="white-bg", center={"lon": (x0 + x1) / 2, "lat": (y0 + y1) / 2},
        zoom=max(0.0, min(11.0, math.log2(360 / span) + 0.1)), opacity=0.9,
    )
    fig.update_traces(marker_line_color="#555555", marker_line_width=0.6)
    fig.update_coloraxes(colorbar_title_text="", colorbar_ticksuffix=" %" if persen else "")
    return _style(fig, judul, sub, height=520)


def week_grid(df: pd.DataFrame, *, judul: str, sub: str) -> go.Figure:
    """Community × week heatmap of the weekly-rule status (one colour per status)."""
    codes = list(WARNA_STATUS)
    names = df.drop_duplicates("id_komunitas").set_index("id_komunitas")["nama_komunitas"]
    twins = names[names.duplicated(keep=False)]  # same name twice: tell them apart by id
    baris = df["nama_komunitas"].where(~df["id_komunitas"].isin(twins.index),
                                       df["nama_komunitas"] + " (" + df["id_komunitas"] + ")")
    baris = baris.map(fmt.plotly_teks)  # names and ids are typed by users
    grid = df.assign(_z=df["status"].map(codes.index), _baris=baris).pivot_table(
        index="_baris", columns="minggu", values="_z", aggfunc="first")
    n = len(codes)
    scale = []
    for i, c in enumerate(codes):  # a stepped scale: each status owns one band
        scale += [(i / n, WARNA_STATUS[c]), ((i + 1) / n, WARNA_STATUS[c])]
    teks = grid.map(lambda z: "" if pd.isna(z) else fmt.STATUS_LABEL[codes[int(z)]])
    fig = go.Figure(go.Heatmap(
        z=grid.values, x=[fmt.tanggal(pd.Timestamp(m).date()) for m in grid.columns], y=list(grid.index),
        zmin=-0.5, zmax=n - 0.5, colorscale=scale, text=teks.values, xgap=1, ygap=1,
        hovertemplate="%{y}<br>Minggu mulai %{x}<br>%{text}<extra></extra>",
        colorbar=dict(tickvals=list(range(n)), ticktext=[fmt.STATUS_LABEL[c] for c in codes], title="",
                      orientation="h", lenmode="pixels", len=560, thickness=14, x=0, xanchor="left",
                      yref="container", y=1, yanchor="top", ypad=72),
    ))
    # Week labels on top, so they stay in view above a long list of communities.
    fig.update_xaxes(type="category", side="top", tickangle=-45, title="")
    fig.update_yaxes(type="category", autorange="reversed", title="")
    fig = _style(fig, judul, sub, height=max(360, 22 * len(grid.index) + 215))
    fig.update_layout(margin_t=185)  # title, then the colour key, then the week labels
    return fig

"""Plotly charts with one colour meaning per concept everywhere (Okabe–Ito, colour-blind safe),
Indonesian labels and number formats (`separators=",."` gives `1.234` and `56,3`).

Every chart takes a title (`judul`, the subject or the finding) and a subtitle (`sub`, the period),
so a chart saved as an image still says what and when.

No markup from data: Plotly reads a subset of HTML in every text it draws (`<a href>` is a clickable link), so
every text given to a chart — the frame's text cells (categories, legend groups, hover names), titles and axis
labels — passes through `_aman` / `fmt.plotly_teks` here, once, before Plotly sees it. Pages pass raw text."""
from __future__ import annotations

import functools
import hashlib
import math
import pickle

import numpy as np
import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
import streamlit as st

from ui import data
from ui import format as fmt
from ui.peta_geometri import Cincin, nama_pendek
from ui.peta_geometri import lingkup as _lingkup
from ui.peta_geometri import luas as _luas
from vocab import JENIS_LABEL

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


def _tersimpan(builder):
    """A chart builder whose figures are kept in the shared frame cache (ui/data.py, bounded by bytes: a figure
    counts _ukuran). Every rerun of a page (each widget change) draws the same charts from the same cached frames,
    and Plotly takes tens of ms to build one. The key is a digest of the pickled arguments: equal bytes are equal
    input, so a hit is never another chart (a frame built differently only misses). Figures are shared between
    sessions: nothing may change one after it is built (st.plotly_chart only reads it)."""
    @functools.wraps(builder)
    def tersimpan(*args, **kwargs) -> go.Figure:
        kunci = ("grafik", builder.__name__, hashlib.blake2b(
            pickle.dumps((args, sorted(kwargs.items())), protocol=pickle.HIGHEST_PROTOCOL), digest_size=20).digest())
        return data.cached(kunci, lambda: builder(*args, **kwargs), size=_ukuran)
    return tersimpan


def _ukuran(fig: go.Figure) -> int:
    """A figure's bytes for the cache bound, from its traces' values: 16 bytes a value, about twice its JSON (a
    national map: 0.56 MB counted, 0.28 MB of JSON), in 3 ms where Plotly's to_json takes 60."""
    values = (getattr(trace, k, None) for trace in fig.data for k in ("x", "y", "z", "text", "customdata", "hovertext"))
    return 4096 + 1024 * len(fig.data) + 16 * sum(int(np.size(v)) for v in values if v is not None)


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


@_tersimpan
def bar(df: pd.DataFrame, x: str, y: str, *, judul: str, sub: str, label_x: str, label_y: str,
        warna: str | None = None, peta_warna: dict[str, str] | None = None, warna_tetap: str = WARNA_UTAMA,
        horizontal: bool = False, persen: bool = False, height: int | None = None,
        berkelompok: bool = False) -> go.Figure:
    """Bars of `y` per `x`, stacked by `warna` (side by side when `berkelompok`); single-colour bars carry their
    value as text."""
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
    if berkelompok:
        fig.update_layout(barmode="group")
    return _style(fig, judul, sub, height)


@_tersimpan
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


@_tersimpan
def histogram(df: pd.DataFrame, x: str, jumlah: str, *, judul: str, sub: str, label_x: str, warna: str,
              peta_warna: dict[str, str] | None = None) -> go.Figure:
    """Communities per 10-point band of `x` (0–100 %), stacked by `warna`; exactly 100 % has a band of its own.
    `df` is already counted (a query's aggregate): `jumlah` communities per row, never a row per community."""
    df = _prepare(df, x, warna).assign(jumlah=df[jumlah].to_numpy())
    kelas = (df[x].clip(0, 100) // 10).astype(int).clip(upper=10).map(lambda i: _KELAS[i])
    hitung = df.assign(_kelas=kelas).groupby(["_kelas", warna], observed=True)["jumlah"].sum().reset_index()
    fig = px.bar(hitung, x="_kelas", y="jumlah", color=warna, color_discrete_map=_warna(peta_warna),
                 category_orders={"_kelas": _KELAS}, labels={"_kelas": _label(label_x), "jumlah": "Jumlah komunitas",
                                                             warna: ""})
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=_KELAS)
    return _style(fig, judul, sub)


# ---------------------------------------------------------------------------------------------
# Maps, drawn on plain x/y axes from the bundled boundaries. Plotly's geo and tile maps are not offline: a geo
# subplot fetches a world topojson from cdn.plot.ly even when every trace brings its own GeoJSON (plotly.js
# #6767), and map styles fetch label fonts. Longitude/latitude as x/y is accurate enough this close to the
# equator (the y scale is corrected by 1/cos(latitude)).

MAKS_LABEL_NAMA = 40  # above this many kab/kota only the highest and lowest are named on the map
N_UJUNG = 5  # ... that many of each
WARNA_TANPA_NILAI = "#DDDDDD"
WARNA_LATAR_PROVINSI = "#F3F3F3"
_HALO = "0 0 2px #FFFFFF, 0 0 2px #FFFFFF, 0 0 3px #FFFFFF"
_HALO_GELAP = "0 0 2px #08306B, 0 0 2px #08306B, 0 0 3px #08306B"
_GARIS_PROVINSI = "#555555"
_KELAS_PETA = 10  # colour bands: 0–10 %, 10–20 %, ... (or tenths of the largest count)
# The bands' colours, lowest first; the palest is still visible on white.
WARNA_PETA = px.colors.sample_colorscale(SKALA_PETA, [0.12 + 0.88 * (i + 0.5) / _KELAS_PETA
                                                      for i in range(_KELAS_PETA)])

def _garis(cincin: list[Cincin]) -> tuple[list, list]:
    """Rings as one line: segments separated by None (Plotly fills each segment of a `toself` trace)."""
    xs: list = []
    ys: list = []
    for cx, cy in cincin:
        xs += [*cx, None]
        ys += [*cy, None]
    return xs, ys


def _tanpa_tumpuk(calon: list[tuple[float, float, int, float] | None]) -> list[bool]:
    """Which labels to write: (x, y in pixels, characters, area) per kab/kota, None for no label. The largest
    areas are placed first; a label that would overlap one already placed is left to the hover."""
    kotak: list[tuple[float, float, float, float]] = []
    tulis = [False] * len(calon)
    for i in sorted((i for i, c in enumerate(calon) if c), key=lambda i: -calon[i][3]):
        x, y, huruf, _ = calon[i]
        w, h = 5.2 * huruf / 2 + 2, 13  # half-width, half-height of two lines of 10 px text
        if all(abs(x - a) >= w + aw or abs(y - b) >= h + ah for a, b, aw, ah in kotak):
            kotak.append((x, y, w, h))
            tulis[i] = True
    return tulis


def _skala_bulat(maks: float) -> tuple[float, float]:
    """The top of a count scale from 0 and its tick step: a round step (1, 2, 2,5 or 5 × 10^k, whole numbers)
    for about five ticks, the top the first tick at or above `maks`: 26 -> (30, 10)."""
    kasar = max(maks, 1.0) / 5
    dasar = 10 ** math.floor(math.log10(kasar))
    langkah = max(next(f * dasar for f in (1, 2, 2.5, 5, 10)
                       if f == 10 or (f * dasar >= kasar and (f * dasar) % 1 == 0)), 1.0)
    return math.ceil(max(maks, 1.0) / langkah) * langkah, langkah


def _kartu(df: pd.DataFrame, nilai: str, *, judul: str, sub: str, label: str, persen: bool) -> go.Figure:
    """One or two kab/kota: their values as labelled bars (a map would be one zoomed blob)."""
    return bar(df.assign(kabkota=df["kabkota"].map(nama_pendek)), "kabkota", nilai, judul=judul, sub=sub,
               label_x="", label_y=label, horizontal=True, persen=persen, height=150 + 55 * len(df))


@_tersimpan
def choropleth(df: pd.DataFrame, nilai: str, *, judul: str, sub: str, label: str,
               persen: bool = False, lebar_px: int = 560) -> go.Figure:
    """A map of `nilai` per kab/kota in `df` (`kode_kabkota`, `kabkota`), fitted to them, on the provinces they
    belong to. Names and values are written on the map (every kab/kota up to MAKS_LABEL_NAMA, else the
    N_UJUNG highest and lowest), those that fit without overlapping when the map is `lebar_px` wide; hover
    shows every one. Colours in ten fixed bands from 0 (0–100 for a
    percentage), so a narrow range of values does not look like a big difference. One or two kab/kota get
    labelled bars instead. Only the kab/kota in `df` and their provinces are sent to the browser, simplified
    to the scale drawn (all 514 kab/kota: see tests/unit/test_peta.py for the size)."""
    lingkup = _lingkup(tuple(df["kode_kabkota"]))
    if lingkup is None:
        return _style(go.Figure(), judul, sub)
    df = df[df["kode_kabkota"].isin(lingkup.bentuk)].drop_duplicates("kode_kabkota")
    if len(df) <= 2:
        return _kartu(df, nilai, judul=judul, sub=sub, label=label, persen=persen)
    nilai_ = pd.to_numeric(df[nilai], errors="coerce").astype("float64")
    teratas, langkah = (100.0, 20.0) if persen else _skala_bulat(float(nilai_.max()) if nilai_.notna().any() else 0)
    kelas = (nilai_.clip(0, teratas) / teratas * _KELAS_PETA).floordiv(1).clip(upper=_KELAS_PETA - 1)
    teks_nilai = nilai_.map(fmt.persen if persen else fmt.angka)
    nama = df["kabkota"].map(lambda n: fmt.plotly_teks(nama_pendek(str(n))))
    fig = go.Figure()
    prov_x, prov_y = _garis([c for rings in lingkup.provinsi for c in rings])  # the provinces touched: ground, outline
    fig.add_scatter(x=prov_x, y=prov_y, fill="toself", fillcolor=WARNA_LATAR_PROVINSI, mode="lines",
                    line=dict(width=0), hoverinfo="skip", showlegend=False)
    # One filled trace per colour band (not one per kab/kota: 514 traces are slow to draw); kab/kota holding
    # an enclave first, so the enclave is drawn on top of the hole that was filled.
    for lapis in (True, False):
        for b in [*range(_KELAS_PETA), -1]:
            pilih = df[(df["kode_kabkota"].isin(lingkup.berlubang) == lapis)
                       & (kelas.isna() if b < 0 else kelas == b).to_numpy()]
            if pilih.empty:
                continue
            xs, ys = _garis([c for k in pilih["kode_kabkota"] for c in lingkup.bentuk[k]])
            fig.add_scatter(x=xs, y=ys, fill="toself", fillcolor=WARNA_TANPA_NILAI if b < 0 else WARNA_PETA[b],
                            mode="lines", line=dict(width=0.7, color="#FFFFFF"), hoverinfo="skip",
                            showlegend=False)
    fig.add_scatter(x=prov_x, y=prov_y, mode="lines", line=dict(width=1.2, color=_GARIS_PROVINSI), hoverinfo="skip",
                    showlegend=False)
    # Labels and hover at a point inside each kab/kota.
    titik = [lingkup.label[k] for k in df["kode_kabkota"]]
    x0, y0, x1, y1 = lingkup.batas
    tepi_x, tepi_y = max((x1 - x0) * 0.04, 0.02), max((y1 - y0) * 0.04, 0.02)
    rasio = 1 / math.cos(math.radians((y0 + y1) / 2))
    lebar_data, tinggi_data = x1 - x0 + 2 * tepi_x, (y1 - y0 + 2 * tepi_y) * rasio
    tinggi_px = min(max(lebar_px * tinggi_data / lebar_data, 240), 520)
    per_px = max(lebar_data / lebar_px, tinggi_data / tinggi_px)  # degrees per pixel as drawn
    if len(df) <= MAKS_LABEL_NAMA:
        calon = pd.Series(True, index=df.index)
    else:
        ada = nilai_.notna()
        urut = nilai_.rank(method="first")
        calon = ada & ((urut <= N_UJUNG) | (urut > ada.sum() - N_UJUNG))
    luas = {k: sum(_luas(*c) for c in lingkup.bentuk[k]) for k in df["kode_kabkota"]}
    tulis = _tanpa_tumpuk(
        [(p[0] / per_px, p[1] * rasio / per_px, max(len(nama_pendek(str(n))), len(t)), luas[k])
         if c else None for p, n, t, c, k in zip(titik, df["kabkota"], teks_nilai, calon, df["kode_kabkota"])])
    tulisan = pd.Series([f"{n}<br>{t}" if w else "" for n, t, w in zip(nama, teks_nilai, tulis)], index=df.index)
    hover = pd.Series([f"<b>{n}</b><br>{_label(label)}: {t}" for n, t in zip(nama, teks_nilai)], index=df.index)
    titik_x = pd.Series([p[0] for p in titik], index=df.index)
    titik_y = pd.Series([p[1] for p in titik], index=df.index)
    gelap = (kelas >= _KELAS_PETA * 0.6).to_numpy()
    for pilih, warna_teks, halo in ((~gelap, "#1A1A1A", _HALO), (gelap, "#FFFFFF", _HALO_GELAP)):
        if not pilih.any():
            continue
        fig.add_scatter(  # text in the band's contrast colour with a halo, so it stays readable where it spills over
            x=titik_x[pilih], y=titik_y[pilih], mode="markers+text", text=tulisan[pilih],
            textposition="middle center", textfont=dict(size=10, color=warna_teks, shadow=halo),
            marker=dict(size=14, color="rgba(0,0,0,0)"), showlegend=False, hovertext=hover[pilih],
            hovertemplate="%{hovertext}<extra></extra>", cliponaxis=False,
        )
    catatan = []
    if sum(tulis) < int(calon.sum()):
        catatan.append("Nama yang tidak muat: sentuh atau arahkan kursor ke wilayahnya.")
    if nilai_.isna().any():
        catatan.append("Abu-abu: belum ada nilai.")
    # The colour key: a stepped scale on an invisible point.
    garis = [langkah * i for i in range(round(teratas / langkah) + 1)]
    skala = []
    for i, w in enumerate(WARNA_PETA):
        skala += [(i / _KELAS_PETA, w), ((i + 1) / _KELAS_PETA, w)]
    fig.add_scatter(x=[titik[0][0]], y=[titik[0][1]], mode="markers", hoverinfo="skip", showlegend=False,
                    marker=dict(size=0, opacity=0, color=[0], cmin=0, cmax=teratas, colorscale=skala, colorbar=dict(
                        orientation="h", x=0, xanchor="left", y=0, yanchor="top", len=1, thickness=12,
                        title="", outlinewidth=0, tickvals=garis,
                        ticktext=[fmt.persen(v, 0) if persen else fmt.angka(v) for v in garis])))
    fig.update_xaxes(visible=False, range=[x0 - tepi_x, x1 + tepi_x], fixedrange=True)
    fig.update_yaxes(visible=False, range=[y0 - tepi_y, y1 + tepi_y], fixedrange=True, scaleanchor="x",
                     scaleratio=rasio)
    fig = _style(fig, judul, sub, height=int(tinggi_px) + 140 + 16 * len(catatan))
    fig.update_layout(plot_bgcolor="#FFFFFF", dragmode=False, hovermode="closest", showlegend=False,
                      margin_b=55 + 16 * len(catatan))
    if catatan:  # under the colour key, one line each (a phone is narrow)
        fig.add_annotation(text="<br>".join(catatan), xref="paper", yref="paper", x=0, y=0, xanchor="left",
                           yanchor="top", yshift=-40, align="left", showarrow=False,
                           font=dict(size=11, color="#555555"))
    return fig


def _bungkus(teks: str, lebar: int = 26) -> str:
    """A long category on lines of about `lebar` characters (escaped first: the breaks are our own markup)."""
    baris: list[str] = []
    for kata in str(teks).split():
        if baris and len(baris[-1]) + 1 + len(kata) <= lebar:
            baris[-1] += " " + kata
        else:
            baris.append(kata)
    return "<br>".join(fmt.plotly_teks(b) for b in baris)


@_tersimpan
def tema_teratas(df: pd.DataFrame, *, judul: str, sub: str, label_sebelumnya: str) -> go.Figure:
    """The top themes of one reflection component: bars of `persen_komunitas` (0–100 %) per `tema`, the previous
    period's share (`persen_sebelumnya`, may be missing) as a black tick, and the value with its change in points
    written past both (never under the tick). The page's caption explains the tick: no legend on a phone."""
    tema = [_bungkus(t) for t in df["tema"]]
    kini = pd.to_numeric(df["persen_komunitas"], errors="coerce").astype("float64").fillna(0.0)
    lalu = pd.to_numeric(df["persen_sebelumnya"], errors="coerce").astype("float64")
    teks = []
    for a, b in zip(kini, lalu):
        beda = "" if pd.isna(b) else f" ({'+' if a - b >= 0.05 else ''}{fmt.angka(a - b, 1)} poin)"
        teks.append(f"{fmt.persen(a)}{beda}")
    fig = go.Figure(go.Bar(x=kini.tolist(), y=tema, orientation="h", marker_color=WARNA_UTAMA, customdata=teks,
                           hovertemplate="%{y}<br>%{customdata}<extra></extra>"))
    if lalu.notna().any():
        fig.add_scatter(x=lalu.tolist(), y=tema, mode="markers", marker=dict(symbol="line-ns", size=22,
                                                                    line=dict(width=3, color="#1A1A1A")),
                        customdata=[fmt.persen(b) for b in lalu],
                        hovertemplate=f"%{{y}}<br>{_label(label_sebelumnya)}: %{{customdata}}<extra></extra>")
    fig.add_scatter(x=(pd.concat([kini, lalu], axis=1).max(axis=1) + 1.5).tolist(), y=tema, mode="text", text=teks,
                    textposition="middle right", hoverinfo="skip", cliponaxis=False)
    fig.update_xaxes(range=[0, 140], tickvals=[0, 50, 100],
                     ticktext=[fmt.persen(v, 0) for v in (0, 50, 100)], title="")
    fig.update_yaxes(type="category", autorange="reversed", title="")
    fig.update_layout(showlegend=False, bargap=0.35)
    return _style(fig, judul, sub, height=130 + 58 * max(len(df), 1))


@_tersimpan
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

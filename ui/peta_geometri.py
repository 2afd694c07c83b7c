"""The kab/kota and province boundaries (data/reference/*.geojson) as simplified rings, shared by the dashboard's
map (ui/charts.py, Plotly) and the printable brief (ui/ringkas_cetak.py, inline SVG). Pure: no streamlit, no plotly."""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

GEOJSON = Path(__file__).resolve().parent.parent / "data" / "reference" / "kabkota.geojson"
PROVINSI_GEOJSON = GEOJSON.with_name("provinsi.geojson")

Cincin = tuple[tuple[float, ...], tuple[float, ...]]  # one closed ring: xs, ys


def _cincin(geom: dict) -> list[list[list[float]]]:
    """The outer rings of a (Multi)Polygon. Holes are left out: an enclave (a kota inside its kabupaten) is a
    feature of its own, drawn above the kabupaten (see `choropleth`)."""
    polys = [geom["coordinates"]] if geom["type"] == "Polygon" else geom["coordinates"]
    return [p[0] for p in polys]


@cache
def _wilayah_geo(path: Path, kunci: str) -> dict[str, tuple[list[list[list[float]]], bool]]:
    """code -> (outer rings, has holes) of every feature of a bundled GeoJSON."""
    fitur = json.loads(path.read_text(encoding="utf-8"))["features"]
    return {f["properties"][kunci]: (_cincin(f["geometry"]),
                                      any(len(p) > 1 for p in ([f["geometry"]["coordinates"]]
                                          if f["geometry"]["type"] == "Polygon" else f["geometry"]["coordinates"])))
            for f in fitur}


def _sederhana(titik: list[list[float]], tol: float) -> list[list[float]]:
    """Douglas–Peucker: the ring with every point closer than `tol` degrees to the simplified line dropped
    (about one pixel at the scale the map is drawn, so nothing visible is lost)."""
    if len(titik) <= 4 or tol <= 0:
        return titik
    simpan = [False] * len(titik)
    simpan[0] = simpan[-1] = True
    tumpuk = [(0, len(titik) - 1)]
    while tumpuk:
        a, b = tumpuk.pop()
        (x0, y0), (x1, y1) = titik[a], titik[b]
        dx, dy = x1 - x0, y1 - y0
        panjang = math.hypot(dx, dy)
        jauh, idx = -1.0, -1
        for i in range(a + 1, b):
            x, y = titik[i]
            d = (abs(dy * (x - x0) - dx * (y - y0)) / panjang) if panjang else math.hypot(x - x0, y - y0)
            if d > jauh:
                jauh, idx = d, i
        if jauh > tol:
            simpan[idx] = True
            tumpuk += [(a, idx), (idx, b)]
    return [p for p, s in zip(titik, simpan) if s]


def _bentuk(cincin: list[list[list[float]]], tol: float) -> list[Cincin]:
    """Rings simplified for the scale; islands smaller than about two pixels are dropped (Indonesia has
    thousands), but a feature always keeps its largest ring."""
    hasil: list[tuple[float, Cincin]] = []
    for r in cincin:
        xs, ys = [p[0] for p in r], [p[1] for p in r]
        ukuran = max(max(xs) - min(xs), max(ys) - min(ys))
        s = _sederhana(r, tol)
        if len(s) < 4:
            s = r
        hasil.append((ukuran, (tuple(p[0] for p in s), tuple(p[1] for p in s))))
    terbesar = max(u for u, _ in hasil)
    return [c for u, c in hasil if u >= 2 * tol or u == terbesar]


def luas(xs: tuple[float, ...], ys: tuple[float, ...]) -> float:
    return abs(sum(xs[i] * ys[i + 1] - xs[i + 1] * ys[i] for i in range(len(xs) - 1))) / 2


def _titik_label(xs: tuple[float, ...], ys: tuple[float, ...]) -> tuple[float, float]:
    """A point inside the ring for its label: the middle of the widest inside stretch of the horizontal line
    through the ring's centroid (a centroid alone can fall outside a crescent-shaped kab/kota)."""
    a = cx = cy = 0.0
    for i in range(len(xs) - 1):
        k = xs[i] * ys[i + 1] - xs[i + 1] * ys[i]
        a += k
        cx += (xs[i] + xs[i + 1]) * k
        cy += (ys[i] + ys[i + 1]) * k
    if abs(a) < 1e-12:
        return sum(xs) / len(xs), sum(ys) / len(ys)
    cx, cy = cx / (3 * a), cy / (3 * a)
    potong = sorted(xs[i] + (cy - ys[i]) * (xs[i + 1] - xs[i]) / (ys[i + 1] - ys[i])
                    for i in range(len(xs) - 1) if (ys[i] <= cy) != (ys[i + 1] <= cy))
    ruas = [(potong[i], potong[i + 1]) for i in range(0, len(potong) - 1, 2)]
    if not ruas:
        return cx, cy
    x0, x1 = max(ruas, key=lambda r: r[1] - r[0])
    return (x0 + x1) / 2, cy


@dataclass(frozen=True)
class Lingkup:
    """The geometry of one set of kab/kota, simplified for the scale it is drawn at."""
    bentuk: dict[str, list[Cincin]]  # kab/kota code -> rings
    berlubang: frozenset[str]  # kab/kota with an enclave, drawn first
    label: dict[str, tuple[float, float]]  # kab/kota code -> label point
    provinsi: tuple[list[Cincin], ...]  # the provinces touched, for context
    batas: tuple[float, float, float, float]  # x0, y0, x1, y1 of the kab/kota


@lru_cache(maxsize=32)
def lingkup(kode: tuple[str, ...]) -> Lingkup | None:
    kab = _wilayah_geo(GEOJSON, "kode")
    kode = tuple(k for k in kode if k in kab)
    if not kode:
        return None
    semua = [p for k in kode for r in kab[k][0] for p in r]
    x0, x1 = min(p[0] for p in semua), max(p[0] for p in semua)
    y0, y1 = min(p[1] for p in semua), max(p[1] for p in semua)
    tol = max(x1 - x0, y1 - y0) / 900  # ~1 px on a wide screen
    bentuk = {k: _bentuk(kab[k][0], tol) for k in kode}
    label = {k: _titik_label(*max(bentuk[k], key=lambda c: luas(*c))) for k in kode}
    prov = _wilayah_geo(PROVINSI_GEOJSON, "kode_prov")
    disentuh = sorted({k.split(".")[0] for k in kode} & set(prov))
    return Lingkup(bentuk, frozenset(k for k in kode if kab[k][1]), label,
                    tuple(_bentuk(prov[p][0], tol) for p in disentuh), (x0, y0, x1, y1))


def nama_pendek(nama: str) -> str:
    return nama.replace("Kabupaten ", "Kab. ", 1) if nama.startswith("Kabupaten ") else nama

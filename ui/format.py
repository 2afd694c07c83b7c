"""Indonesian display formats and labels: numbers (`1.234`, `56,3 %`), dates, domain values."""
from __future__ import annotations

import csv
import math
import re
from datetime import date
from functools import cache
from pathlib import Path

from vocab import JENIS_LABEL

KABKOTA_CSV = Path(__file__).resolve().parent.parent / "data" / "reference" / "kabkota.csv"

BULAN_PENDEK = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")

STATUS_LABEL = {
    "terpenuhi": "Terpenuhi",
    "terpenuhi_tanpa_durasi": "Terpenuhi, durasi tak diketahui",
    "tidak_terpenuhi": "Tidak terpenuhi",
    "libur": "Libur sekolah",
}
NILAI_LABEL = {"tidak_diketahui": "Tidak diketahui", "ya": "Ya", "tidak": "Tidak", "luring": "Luring",
               "daring": "Daring", **JENIS_LABEL, **STATUS_LABEL}


def _missing(x: object) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x)) or str(x) in ("NaT", "<NA>", "nan")


def angka(x: object, desimal: int = 0) -> str:
    """`1234` -> `1.234`; `1234.5, 1` -> `1.234,5`; missing -> `–`."""
    if _missing(x):
        return "–"
    teks = f"{float(x):,.{desimal}f}"
    return teks.replace(",", "\0").replace(".", ",").replace("\0", ".")


def persen(x: object, desimal: int = 1) -> str:
    """`56.3` (already 0–100) -> `56,3 %`."""
    return "–" if _missing(x) else f"{angka(x, desimal)} %"


def tanggal(d: date | None) -> str:
    """`2022-08-15` -> `15 Agu 2022`."""
    if d is None or _missing(d):
        return "–"
    return f"{d.day} {BULAN_PENDEK[d.month - 1]} {d.year}"


def periode(dari: date, sampai: date) -> str:
    return f"{tanggal(dari)} – {tanggal(sampai)}"


def bulan(yyyy_mm: str) -> str:
    """`2022-08` -> `Agu 2022`."""
    try:
        y, m = yyyy_mm.split("-")[:2]
        return f"{BULAN_PENDEK[int(m) - 1]} {y}"
    except (ValueError, IndexError):
        return str(yyyy_mm)


def jenis(value: object) -> str:
    return "Semua jenis" if _missing(value) else JENIS_LABEL.get(str(value), str(value))


def nilai(value: object) -> str:
    """A stored domain value as people say it (`daring_pmm` -> `Daring (PMM)`, `belajar bersama` -> same)."""
    if _missing(value):
        return "Tidak diketahui"
    teks = str(value)
    return NILAI_LABEL.get(teks, teks[:1].upper() + teks[1:])


def kalimat(teks: str) -> str:
    """`daftar sekolah IKM` -> `Daftar sekolah IKM`: only the first letter raised."""
    return teks[:1].upper() + teks[1:]


def kode(value: object, labels: dict[str, str]) -> object:
    """A code from a fixed list as people read it: its label in `labels`, else `survei_kebutuhan` ->
    `Survei kebutuhan`. Missing stays missing (the table shows it as empty)."""
    if _missing(value):
        return None
    teks = str(value)
    return labels.get(teks) or kalimat(teks.replace("_", " "))


def kode_kolom(nilai_kolom, labels: dict[str, str]):
    """`kode` over a pandas Series."""
    return nilai_kolom.map(lambda v: kode(v, labels))


def minggu(d: date) -> str:
    """A week by its Monday: `Sen 15 Agu 2022`."""
    return f"Sen {tanggal(d)}"


@cache
def _wilayah() -> dict[str, str]:
    with open(KABKOTA_CSV, encoding="utf-8") as f:
        return {r["kode_kabkota"]: r["nama_kabkota"] for r in csv.DictReader(f)}


def nama_kabkota(kode: str) -> str:
    """The official name of a kab/kota code, even one without any data yet."""
    return _wilayah().get(kode, kode)


_MARKDOWN = re.compile(r"([!-/:-@\[-`{-~])")  # ASCII punctuation: all of it can be backslash-escaped
# GFM turns bare `https://…`, `www.…` and `name@host.tld` into links after escapes are resolved (Streamlit's
# Markdown does too): an invisible WORD JOINER (U+2060) where they start keeps them text.
_AUTOLINK = re.compile(r"(?i)(?:(?<=https)|(?<=http)|(?<=mailto)|(?<=xmpp))(?=:)|(?<=www)(?=\.)|(?=@)")


def polos(teks: object) -> str:
    """Uploaded text for an element that renders Markdown (caption, success, subheader, ...): every ASCII
    punctuation backslash-escaped, bare URLs and e-mail addresses kept from becoming links, and line breaks
    flattened, so a link, image, emphasis, emoji code or LaTeX in a name is shown exactly as typed instead of
    rendered."""
    return _MARKDOWN.sub(r"\\\1", _AUTOLINK.sub("\u2060", " ".join(str(teks).split())))


_PLOTLY_ENTITIES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def plotly_teks(teks: object) -> object:
    """Uploaded text for Plotly, which reads a subset of HTML in every text it draws (labels, categories,
    legend, hover, titles: `<a href>` becomes a link, `<b>` bold, `<br>` a line break): `&`, `<` and `>` as
    entities, so it shows exactly as typed. Anything that is not text is returned unchanged."""
    return teks.translate(_PLOTLY_ENTITIES) if isinstance(teks, str) else teks


_BERKAS = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*\[\]()`&;%#{}$!\']+')


def nama_berkas(teks: str) -> str:
    """A download's file name from text that may come from data: characters that a file system, a shell or
    Markdown would read (`/`, `\\`, `<>`, `[]()`, quotes, ...) become `_`."""
    return _BERKAS.sub("_", str(teks)).strip(" ._") or "unduhan"

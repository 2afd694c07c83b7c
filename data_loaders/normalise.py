"""Value parsers for the messy cells of METRICS §2.

Each parser takes one text value and returns the parsed value or raises ValueError with a
machine reason code. `map_unique` applies a parser to a column once per distinct value,
which is what keeps million-row loads fast.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd

MIN_YEAR, MAX_YEAR = 2000, 2100
_EXCEL_EPOCH = date(1899, 12, 30)

_MONTHS = {
    "januari": 1, "jan": 1, "january": 1,
    "februari": 2, "pebruari": 2, "feb": 2, "peb": 2, "february": 2,
    "maret": 3, "mar": 3, "march": 3,
    "april": 4, "apr": 4,
    "mei": 5, "may": 5,
    "juni": 6, "jun": 6, "june": 6,
    "juli": 7, "jul": 7, "july": 7,
    "agustus": 8, "agu": 8, "agt": 8, "ags": 8, "agst": 8, "aug": 8, "august": 8,
    "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10, "oct": 10, "october": 10,
    "november": 11, "nopember": 11, "nov": 11, "nop": 11,
    "desember": 12, "des": 12, "dec": 12, "december": 12,
}
_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T].*)?$")
_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})(?:[ ,T].*)?$")
_DMONY = re.compile(r"(\d{1,2})[\s\-/.]+([a-z]+)\.?[\s\-/.,]+(\d{2}|\d{4})\b")
_SERIAL = re.compile(r"^\d{5}(?:\.\d+)?$")  # Excel serials of 2000-2100 have 5 digits


class ParseError(ValueError):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def parse_date(text: str) -> date:
    s = text.strip().casefold()
    y = m = d = None
    if mt := _ISO.match(s):
        y, m, d = (int(g) for g in mt.groups())
    elif mt := _DMY.match(s):
        d, m, y = int(mt.group(1)), int(mt.group(2)), int(mt.group(3))
        y = y + 2000 if y < 100 else y
    elif mt := _DMONY.search(s):
        month = _MONTHS.get(mt.group(2))
        if month is None:
            raise ParseError("tanggal_tidak_terbaca")
        d, m, y = int(mt.group(1)), month, int(mt.group(3))
        y = y + 2000 if y < 100 else y
    elif _SERIAL.match(s):
        value = _EXCEL_EPOCH + timedelta(days=int(float(s)))
        y, m, d = value.year, value.month, value.day
    else:
        raise ParseError("tanggal_tidak_terbaca")
    try:
        value = date(y, m, d)
    except ValueError:
        raise ParseError("tanggal_tidak_terbaca") from None
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ParseError("tanggal_di_luar_rentang")
    return value


_DUR_HOURS = re.compile(r"(\d+(?:[.,]\d+)?)\s*(?:jam|j|hours?|hrs?|h)\b")
_DUR_MIN = re.compile(r"(\d+(?:[.,]\d+)?)\s*(?:menit|mnt|min(?:ute)?s?|m)\b")
_DUR_FILLER = {"dan", "kurang", "lebih", "kl", "sekitar", "kira", "selama"}  # "kurang lebih 1 jam"
_DUR_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})(?::\d{2})?$")


def parse_duration(text: str) -> int:
    """Minutes from `90`, `90 menit`, `1 jam`, `1,5 jam`, `1 jam 30 menit`, `01:30`."""
    s = text.strip().casefold()
    if s.startswith("-"):
        raise ParseError("durasi_tidak_valid")
    if mt := _DUR_CLOCK.match(s):
        return int(mt.group(1)) * 60 + int(mt.group(2))
    try:
        return _round(parse_number(s))
    except ParseError:
        pass
    hours = _DUR_HOURS.findall(s)
    minutes = _DUR_MIN.findall(s)
    if not hours and not minutes:
        raise ParseError("durasi_tidak_valid")
    rest = _DUR_MIN.sub(" ", _DUR_HOURS.sub(" ", s))
    if set(re.findall(r"[0-9a-z]+", rest)) - _DUR_FILLER:
        raise ParseError("durasi_tidak_valid")
    total = sum(float(h.replace(",", ".")) for h in hours) * 60 + sum(float(x.replace(",", ".")) for x in minutes)
    return _round(total)


def _round(x: float) -> int:
    if x < 0:
        raise ParseError("durasi_tidak_valid")
    return int(x + 0.5)


_THOUSANDS_DOT = re.compile(r"^-?\d{1,3}(?:\.\d{3})+$")
_THOUSANDS_COMMA = re.compile(r"^-?\d{1,3}(?:,\d{3})+$")


def parse_number(text: str) -> float:
    """`1.234` (dot thousands) -> 1234, `1,5` -> 1.5, `12` -> 12."""
    s = text.strip().replace(" ", "")
    if _THOUSANDS_DOT.match(s):
        s = s.replace(".", "")
    elif _THOUSANDS_COMMA.match(s) and s.count(",") > 1:
        s = s.replace(",", "")
    else:
        s = s.replace(",", ".")
    try:
        return float(s)
    except ValueError:
        raise ParseError("angka_tidak_valid") from None


def parse_count(text: str) -> int:
    value = parse_number(text)
    if value < 0 or not value.is_integer():
        raise ParseError("angka_tidak_valid")
    return int(value)


_TRUE = {"ya", "y", "iya", "yes", "sudah", "terdaftar", "true", "benar", "1", "v", "aktif", "ada", "punya", "memiliki"}
_FALSE = {"tidak", "t", "tdk", "no", "n", "belum", "belum terdaftar", "tidak terdaftar", "false", "salah", "0",
          "tidak aktif", "tidak ada", "tidak punya", "tidak memiliki", "-"}


def parse_bool(text: str) -> bool:
    s = re.sub(r"\s+", " ", text.strip().casefold().rstrip("."))
    if s in _TRUE:
        return True
    if s in _FALSE:
        return False
    raise ParseError("nilai_tidak_dikenal")


def clean_id(text: str) -> str:
    """Identifiers a spreadsheet stored as numbers: `20212345.0` -> `20212345`."""
    s = text.strip()
    if re.fullmatch(r"\d+\.0+", s):
        s = s.split(".", 1)[0]
    return s


def normal_text(text: str) -> str:
    """Casefolded, accents and punctuation removed, spaces collapsed: the matching form of a name."""
    s = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").casefold()
    s = re.sub(r"[^0-9a-z]+", " ", s)
    return " ".join(s.split())


_NON_ALNUM_LINE = re.compile(r"[^0-9a-z\n]+")


def normal_texts(values: Sequence[str]) -> list[str]:
    """`normal_text` of many values: the ASCII ones (nearly all) in one regex pass over their joined text.

    For ASCII, NFKD and casefold are plain `lower()`, and once every non-alphanumeric run is one space,
    collapsing spaces is `strip()`; a newline separates the values, so values holding one go the slow way."""
    out: list[str] = [""] * len(values)
    fast = [i for i, v in enumerate(values) if v.isascii() and "\n" not in v]
    if fast:
        joined = _NON_ALNUM_LINE.sub(" ", "\n".join([values[i] for i in fast]).lower())
        for i, part in zip(fast, joined.split("\n")):
            out[i] = part.strip()
    if len(fast) < len(values):
        rest = set(range(len(values))) - set(fast)
        for i in rest:
            out[i] = normal_text(values[i])
    return out


def _label_parser(table: list[tuple[str, tuple[str, ...]]], default: str | None = None) -> Callable[[str], str]:
    """First (value, keywords) whose every keyword occurs in the normalised label wins."""
    def parse(text: str) -> str:
        words = set(normal_text(text).split())
        compact = normal_text(text).replace(" ", "")
        for value, needles in table:
            if all((n in words) or (" " not in n and len(n) > 4 and n in compact) for n in needles):
                return value
        if default is not None:
            return default
        raise ParseError("nilai_tidak_dikenal")
    return parse


parse_jenis = _label_parser([
    ("dalam_sekolah", ("dalam",)),
    ("dalam_sekolah", ("intra",)),
    ("antar_sekolah", ("antar",)),
    ("antar_sekolah", ("antarsekolah",)),
    ("antar_sekolah", ("lintas",)),
    ("antar_sekolah", ("kkg",)),
    ("antar_sekolah", ("mgmp",)),
    ("daring_pmm", ("daring",)),
    ("daring_pmm", ("pmm",)),
    ("daring_pmm", ("online",)),
])
parse_moda = _label_parser([
    ("daring", ("daring",)), ("daring", ("online",)), ("daring", ("virtual",)), ("daring", ("zoom",)),
    ("luring", ("luring",)), ("luring", ("offline",)), ("luring", ("tatap", "muka")), ("luring", ("langsung",)),
    ("daring", ("hybrid",)), ("daring", ("campuran",)),
])
parse_bentuk = _label_parser([
    ("berbagi praktik baik", ("praktik", "baik")), ("berbagi praktik baik", ("praktek", "baik")),
    ("berbagi praktik baik", ("sharing",)), ("berbagi praktik baik", ("berbagi",)),
    ("webinar", ("webinar",)), ("webinar", ("seminar",)),
    ("refleksi", ("refleksi",)),
    ("belajar bersama", ("belajar",)), ("belajar bersama", ("diskusi",)), ("belajar bersama", ("lokakarya",)),
    ("belajar bersama", ("workshop",)), ("belajar bersama", ("pelatihan",)), ("belajar bersama", ("kajian",)),
    ("belajar bersama", ("iht",)), ("belajar bersama", ("lesson", "study")),
], default="lainnya")
parse_jenjang = _label_parser([
    ("PAUD", ("paud",)), ("PAUD", ("tk",)), ("PAUD", ("kb",)), ("PAUD", ("ra",)), ("PAUD", ("sps",)),
    ("PAUD", ("tpa",)), ("PAUD", ("kanak",)),
    ("SLB", ("slb",)), ("SLB", ("luar", "biasa")),
    ("SMK", ("smk",)), ("SMK", ("kejuruan",)),
    ("SMA", ("sma",)), ("SMA", ("ma",)), ("SMA", ("atas",)),
    ("SMP", ("smp",)), ("SMP", ("mts",)), ("SMP", ("pertama",)),
    ("SD", ("sd",)), ("SD", ("mi",)), ("SD", ("dasar",)),
])
parse_jalur_ikm = _label_parser([
    ("mandiri berbagi", ("berbagi",)), ("mandiri berubah", ("berubah",)), ("mandiri belajar", ("belajar",)),
])
parse_jenis_kegiatan = _label_parser([
    ("peningkatan kapasitas luring", ("luring",)), ("peningkatan kapasitas luring", ("offline",)),
    ("peningkatan kapasitas luring", ("tatap", "muka")),
    ("peningkatan kapasitas daring", ("daring",)), ("peningkatan kapasitas daring", ("online",)),
    ("webinar", ("webinar",)), ("webinar", ("seminar",)),
    ("berbagi praktik baik", ("praktik",)), ("berbagi praktik baik", ("praktek",)),
    ("berbagi praktik baik", ("sharing",)), ("berbagi praktik baik", ("berbagi",)),
    ("refleksi", ("refleksi",)),
    ("monitoring", ("monitoring",)), ("monitoring", ("monev",)), ("monitoring", ("pemantauan",)),
    ("monitoring", ("pendampingan",)),
    ("sosialisasi", ("sosialisasi",)),
])

PELATIHAN_TOPICS: dict[str, tuple[tuple[str, ...], ...]] = {
    "aksi_nyata_kurikulum_merdeka": (("kurikulum", "merdeka"), ("km",)),
    "aksi_nyata_perencanaan_pembelajaran": (("perencanaan",),),
    "aksi_nyata_asesmen_awal": (("asesmen",), ("assesmen",)),
    "aksi_nyata_pembelajaran_berdiferensiasi": (("berdiferensiasi",), ("diferensiasi",)),
}


def topics_in(text: str) -> set[str]:
    """The Pelatihan Mandiri topics named in a Google-Forms multi-select cell."""
    found = set()
    for part in re.split(r"[,;\n/]+", text):
        words = set(normal_text(part).split())
        for column, alternatives in PELATIHAN_TOPICS.items():
            if any(all(w in words for w in alt) for alt in alternatives):
                found.add(column)
    return found


def map_unique(series: pd.Series, parser: Callable[[str], Any]) -> tuple[pd.Series, pd.Series]:
    """Parse each distinct non-null value once; returns (values, error codes) aligned to series."""
    codes, uniques = pd.factorize(series)
    values = np.empty(len(uniques) + 1, dtype=object)  # the extra last slot (code -1) is NULL
    errors = np.empty(len(uniques) + 1, dtype=object)
    if parser is normal_text:  # never fails; the bulk version is several times faster
        values[:-1] = normal_texts(list(uniques))
        return (pd.Series(values[codes], index=series.index),
                pd.Series(errors[codes], index=series.index, dtype=object))
    for i, raw in enumerate(uniques):
        try:
            values[i] = parser(raw)
        except ParseError as exc:
            errors[i] = exc.code
    return (pd.Series(_typed(values)[codes], index=series.index),
            pd.Series(errors[codes], index=series.index, dtype=object))


def _typed(values: np.ndarray) -> np.ndarray:
    """Dates as datetime64 (NaT) and counts as float (NaN) so a million rows reach DuckDB without Python objects."""
    present = [v for v in values if v is not None]
    if present and all(type(v) is date for v in present):
        return np.array([np.datetime64(v, "D") if v is not None else np.datetime64("NaT") for v in values],
                        dtype="datetime64[D]")
    if present and all(type(v) is int for v in present):
        return np.array([float(v) if v is not None else np.nan for v in values], dtype=float)
    return values


def factorize_rows(*columns: pd.Series) -> tuple[np.ndarray, list[tuple]]:
    """(code per row, distinct value tuples) over several columns at once; None is a value like any other."""
    combined = np.zeros(len(columns[0]), dtype=np.int64)
    for col in columns:
        codes, uniques = pd.factorize(col)
        # Re-factorising after each column keeps the combined code below the row count (no overflow).
        combined, _ = pd.factorize(combined * (len(uniques) + 1) + (codes + 1))
    n = int(combined.max()) + 1 if len(combined) else 0
    first = np.full(n, -1, dtype=np.int64)
    first[combined[::-1]] = np.arange(len(combined) - 1, -1, -1)
    values = []
    for col in columns:
        picked = col.to_numpy(dtype=object)[first]
        picked[pd.isna(picked)] = None
        values.append(picked.tolist())
    return combined, list(zip(*values))

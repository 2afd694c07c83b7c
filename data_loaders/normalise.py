"""Value parsers for the messy cells of METRICS §2.

Each parser takes one text value and returns the parsed value or raises ValueError with a
machine reason code. `map_unique` applies a parser to a column once per distinct value,
which is what keeps million-row loads fast.
"""
from __future__ import annotations

import math
import re
import unicodedata
import weakref
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

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
# --- dates ------------------------------------------------------------------------------------------------
# A numeric date a/b/year is day/month in Indonesia and month/day from an English-locale account or program.
# Which one a column uses is decided once, from all its distinct values (DateScan), never value by value.
DMY, MDY, CONFLICT = "dmy", "mdy", "konflik"
ORDER_LABELS = {DMY: "urutan hari/bulan (format Indonesia)", MDY: "urutan bulan/hari (format AS)"}

_WEEKDAY = (r"^(?:senin|selasa|rabu|kamis|jum'?at|sabtu|minggu|ahad|monday|tuesday|wednesday|thursday|friday"
            r"|saturday|sunday|sen|sel|rab|kam|jum|sab|min|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\.?,?\s+")
# a/b/c with an optional time (or anything) after a space, comma or ISO's T; year-first when a has 4 digits.
_NUMERIC_DATE = r"^(?P<a>\d{1,4})[-/.](?P<b>\d{1,2})[-/.](?P<c>\d{1,4})(?P<rest>(?:[ ,t].*)?)$"
_DMONY = re.compile(r"(\d{1,2})[\s\-/.]+([a-z]+)\.?[\s\-/.,]+(\d{2}|\d{4})\b")
_MONDY = re.compile(r"^([a-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})\b")  # English: `September 15, 2022`, `Sep 15 2022`
_SERIAL = re.compile(r"^\d{5}(?:\.\d+)?$")  # Excel serials of 2000-2100 have 5 digits
# The time after a date: `10:23:45`, `5:58:00 PM GMT+7`, `05:58 PM`, `17.58` (Indonesian), ISO `T14:03:11Z`.
_TIME = re.compile(r"^[ ,t]+(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?(?:[.,]\d+)?\s*(am|pm|a\.m\.|p\.m\.)?"
                   r"(?:\s|$|z|[+-]|gmt|utc|wib|wita|wit)")


# Invisible format characters a copy from a web page, WhatsApp or a right-to-left text carries into a cell
# (zero-width space/joiners, direction marks and embeddings, word joiner, a stray BOM, soft hyphen): they make
# `15/08/2022` or `KOM-001` unreadable though nobody can see them, so typed values are read without them.
_INVISIBLE_CHARS = "\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
_INVISIBLE = re.compile(f"[{_INVISIBLE_CHARS}]")


def visible(text: str) -> str:
    """`text` without invisible format characters."""
    return _INVISIBLE.sub("", text) if not text.isascii() else text


class ParseError(ValueError):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def parse_date(text: str, order: str = DMY) -> date:
    """One value read with a given order: the column reader `DateScan` on a column of one value."""
    dates, errors = DateScan.of(pd.Series([text], dtype=object)).read(order)
    if errors[0] is not None:
        raise ParseError(errors[0])
    return pd.Timestamp(dates[0]).date()


def _date_words(s: str) -> date:
    """Dates that need no day/month order: month names, Excel serials (s is lower case, without a weekday)."""
    if mt := _DMONY.search(s):
        month = _MONTHS.get(mt.group(2))
        if month is None:
            raise ParseError("tanggal_tidak_terbaca")
        d, m, y = int(mt.group(1)), month, int(mt.group(3))
        y = y + 2000 if y < 100 else y
    elif (mt := _MONDY.match(s)) and mt.group(1) in _MONTHS:
        d, m, y = int(mt.group(2)), _MONTHS[mt.group(1)], int(mt.group(3))
    elif _SERIAL.match(s):
        value = _EXCEL_EPOCH + timedelta(days=int(float(s)))
        y, m, d = value.year, value.month, value.day
    else:
        raise ParseError("tanggal_tidak_terbaca")
    return _checked_date(y, m, d)


def _checked_date(y: int, m: int, d: int) -> date:
    try:
        value = date(y, m, d)
    except ValueError:
        raise ParseError("tanggal_tidak_terbaca") from None
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ParseError("tanggal_di_luar_rentang")
    return value


def _seconds_of_day(rest: str) -> int:
    """The time written after a date, in seconds; 0 (midnight) when there is none or it is not a time."""
    mt = _TIME.match(rest)
    if not mt:
        return 0
    h, mi, s = int(mt.group(1)), int(mt.group(2)), int(mt.group(3) or 0)
    half = (mt.group(4) or "").replace(".", "")
    if half:
        if not 1 <= h <= 12:
            return 0
        h = h % 12 + (12 if half == "pm" else 0)
    if h > 23 or mi > 59 or s > 59:
        return 0
    return h * 3600 + mi * 60 + s


@dataclass
class DateScan:
    """One date column's distinct values, split once (in Arrow, vectorised) into the numeric parts a/b/year.

    `proof()` counts the values only one order can read (`15/8/2022` day/month, `8/15/2022` month/day);
    `read(order)` turns every row into a date with the order decided for the whole column."""
    codes: np.ndarray          # per row: index into the distinct values, -1 for an empty cell
    values: list[str]          # the distinct values as written
    text: list[str]            # the same, lower case, trimmed, without a leading weekday
    a: np.ndarray              # the three numeric parts (0 where the value is not numeric)
    b: np.ndarray
    c: np.ndarray
    year: np.ndarray
    numeric: np.ndarray        # a/b/year: a and b are day and month, in the column's order
    iso: np.ndarray            # year/month/day
    rest: np.ndarray           # what follows a numeric date (a time), else None

    @classmethod
    def of(cls, series: pd.Series) -> DateScan:
        codes, uniques = factorize(series)
        values = [str(v) for v in uniques]
        lower = pc.utf8_lower(pa.array(values, type=pa.string()))
        lower = pc.replace_substring_regex(lower, f"[{_INVISIBLE_CHARS}]", "")
        text = pc.replace_substring_regex(pc.utf8_trim_whitespace(lower), _WEEKDAY, "", max_replacements=1)
        parts = pc.extract_regex(text, _NUMERIC_DATE)
        matched = parts.is_valid().to_numpy(zero_copy_only=False)

        def field(name: str) -> tuple[np.ndarray, np.ndarray]:
            digits = pc.struct_field(parts, name)
            width = pc.fill_null(pc.utf8_length(digits), 0).to_numpy(zero_copy_only=False)
            number = pc.fill_null(pc.cast(digits, pa.int64()), 0)
            return number.to_numpy(zero_copy_only=False).astype(np.int64), width

        (a, wa), (b, _wb), (c, wc) = field("a"), field("b"), field("c")
        iso = matched & (wa == 4) & (wc <= 2)
        numeric = matched & (wa <= 2) & ((wc == 2) | (wc == 4))
        year = np.where(iso, a, c + np.where(wc == 2, 2000, 0))
        rest = np.asarray(pc.struct_field(parts, "rest").to_pylist(), dtype=object)
        return cls(codes=codes, values=values, text=text.to_pylist(), a=a, b=b, c=c, year=year, numeric=numeric,
                   iso=iso, rest=rest)

    def proof(self) -> tuple[np.ndarray, np.ndarray]:
        """(distinct values only day/month can read, distinct values only month/day can read) as masks."""
        day_month = self.numeric & (self.a >= 13) & (self.a <= 31) & (self.b >= 1) & (self.b <= 12)
        month_day = self.numeric & (self.b >= 13) & (self.b <= 31) & (self.a >= 1) & (self.a <= 12)
        return day_month, month_day

    def either_way(self) -> np.ndarray:
        """Distinct values both orders read, as different dates (`9/8/2022`; `5/5/2022` is the same date)."""
        return self.numeric & (self.a >= 1) & (self.a <= 12) & (self.b >= 1) & (self.b <= 12) & (self.a != self.b)

    def read(self, order: str, with_time: bool = False) -> tuple[np.ndarray, np.ndarray]:
        """(dates per row as datetime64[D], or datetime64[s] with the time; error code per row or None)."""
        n = len(self.values)
        if order == MDY:
            month_first = self.numeric
        elif order == CONFLICT:
            month_first = self.numeric & (self.b > 12)
        else:
            month_first = np.zeros(n, dtype=bool)
        y = self.year
        m = np.where(self.iso | ~month_first, self.b, self.a)
        d = np.where(self.iso, self.c, np.where(month_first, self.b, self.a))
        shaped = self.iso | self.numeric
        leap = (y % 4 == 0) & ((y % 100 != 0) | (y % 400 == 0))
        month_days = _MONTH_DAYS[np.clip(m, 0, 12)] + ((m == 2) & leap)
        valid = shaped & (m >= 1) & (m <= 12) & (d >= 1) & (d <= month_days) & (y >= 1)
        in_range = (y >= MIN_YEAR) & (y <= MAX_YEAR)
        ok = valid & in_range
        errors = np.full(n + 1, None, dtype=object)  # the extra last slot (code -1) is an empty cell
        errors[:n][~valid] = "tanggal_tidak_terbaca"
        errors[:n][valid & ~in_range] = "tanggal_di_luar_rentang"
        if order == CONFLICT:
            ambiguous = self.either_way()
            errors[:n][ambiguous] = "tanggal_urutan_ambigu"
            ok &= ~ambiguous
        unit = "s" if with_time else "D"
        out = np.full(n + 1, np.datetime64("NaT"), dtype=f"datetime64[{unit}]")
        yy, mm, dd = np.where(ok, y, 2000), np.where(ok, m, 1), np.where(ok, d, 1)
        days = ((yy - 1970).astype("datetime64[Y]").astype("datetime64[M]") + (mm - 1)).astype("datetime64[D]") \
            + (dd - 1).astype("timedelta64[D]")
        out[:n][ok] = days[ok]
        if with_time:
            timed = [i for i in np.flatnonzero(ok & self.numeric | ok & self.iso) if self.rest[i]]
            seconds = np.array([_seconds_of_day(self.rest[i]) for i in timed], dtype=np.int64)
            out[timed] += seconds.astype("timedelta64[s]")
        for i in np.flatnonzero(~shaped):  # month names, serials, junk: one by one (few distinct values)
            try:
                out[i] = np.datetime64(_date_words(self.text[i]), unit)
                errors[i] = None
            except ParseError as exc:
                errors[i] = exc.code
        return out[self.codes], errors[self.codes]


_MONTH_DAYS = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])


# --- numbers and durations ----------------------------------------------------------------------------------
# `1.234,5` is Indonesian (decimal comma, thousands dot), `1,234.5` English. A value whose marks can be read
# only one way proves its column's style; `1.500` and `1,234` (one mark before exactly three digits) read
# either way and follow the column's style — Indonesian unless its values prove English (`decide_style`).
ID, EN = "id", "en"
STYLE_LABELS = {ID: "desimal koma, ribuan titik (format Indonesia)", EN: "desimal titik, ribuan koma (format Inggris)"}
MAX_DURATION = 24 * 60            # minutes: a longer "meeting" is a typing or reading error
MAX_COUNT = 10_000                # participants of one community meeting, members of one community
MAX_EVENT_COUNT = 1_000_000       # participants of one UPT programme event (a national webinar)
JP_MINUTES = {"SD": 35, "SMP": 40, "SMA": 45, "SMK": 45}  # one jam pelajaran per jenjang (Kurikulum Merdeka)

_NUMBER_TOKEN = re.compile(r"\d+(?:[.,]\d+)*")
_NUMBER = re.compile(r"([+-]?)(\d+(?:[.,]\d+)*)")
_SCIENTIFIC = re.compile(r"[+-]?\d+(?:[.,]\d+)?e[+-]?\d+", re.IGNORECASE)
_NOT_FINITE = {"nan", "+nan", "-nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity", "∞", "-∞"}


def number_style(token: str) -> str | None:
    """ID or EN when a number's marks read only one way; None without marks or for `1.500` / `1,234`."""
    dots, commas = token.count("."), token.count(",")
    if not dots and not commas:
        return None
    if dots and commas:  # the last mark is the decimal one
        return ID if token.rfind(",") > token.rfind(".") else EN
    mark = "." if dots else ","
    if dots + commas > 1:  # a repeated mark separates thousands
        return ID if mark == "." else EN
    head, tail = token.split(mark)
    if len(tail) == 3 and len(head) <= 3 and not head.startswith("0"):
        return None
    return EN if mark == "." else ID  # a decimal mark


def decide_style(values: Iterable[str]) -> tuple[str | None, dict[str, str]]:
    """(ID, EN, CONFLICT, or None when no value says; an example value per style found) for one column."""
    examples: dict[str, str] = {}
    for value in values:
        for token in _NUMBER_TOKEN.findall(value):
            style = number_style(token)
            if style is not None and style not in examples:
                examples[style] = value
        if len(examples) == 2:
            return CONFLICT, examples
    return (next(iter(examples)) if examples else None), examples


def _read_number(token: str, style: str | None) -> tuple[float, int]:
    """(value, digits after the decimal mark) of digits with marks, in `style` when the marks allow both."""
    own = number_style(token)
    if own is None and ("." in token or "," in token):
        if style == CONFLICT:
            raise ParseError("angka_ambigu")
        own = style or ID
    decimal, thousands = (",", ".") if own == ID else (".", ",")
    whole, _, fraction = token.rpartition(decimal) if decimal in token else (token, "", "")
    groups = whole.split(thousands)
    if decimal in whole or thousands in fraction or (
            len(groups) > 1 and (not 1 <= len(groups[0]) <= 3 or any(len(g) != 3 for g in groups[1:]))):
        raise ParseError("angka_tidak_valid")
    return float("".join(groups) + ("." + fraction if fraction else "")), len(fraction)


def parse_number(text: str, style: str | None = ID) -> float:
    """`1.234` -> 1234 and `1,5` -> 1.5 (Indonesian), `1,234.5` -> 1234.5; `style` settles `1.500`.
    Not a number: angka_tidak_valid; NaN, infinity, `1e400`: nilai_tidak_wajar."""
    return _number(text, style)[0]


def _number(text: str, style: str | None) -> tuple[float, int]:
    """(value, digits after the decimal mark) of `parse_number`."""
    s = visible(text).strip().replace(" ", "").replace("\u00a0", "").replace("\u202f", "")
    if s.casefold() in _NOT_FINITE:
        raise ParseError("nilai_tidak_wajar")
    decimals = 0
    if mt := _NUMBER.fullmatch(s):
        value, decimals = _read_number(mt.group(2), style)
        value = -value if mt.group(1) == "-" else value
    elif _SCIENTIFIC.fullmatch(s):
        value = float(s.replace(",", "."))
    else:
        raise ParseError("angka_tidak_valid")
    if not math.isfinite(value):
        raise ParseError("nilai_tidak_wajar")
    return value, decimals


# What people write after a head count: `12 orang`, `25 guru`, `30 peserta`, `12 org.`.
_COUNT_UNIT = re.compile(r"^(.*?\d)\s*(?:orang|org|peserta|guru|anggota|pendidik|people|persons?|participants?|"
                         r"members?)\.?$", re.IGNORECASE)


def parse_count(text: str, style: str | None = ID, limit: int = MAX_COUNT) -> int:
    """A whole number from 0 to `limit` (`12 orang` is 12): negative or larger is nilai_tidak_wajar, a fraction
    angka_tidak_valid."""
    if mt := _COUNT_UNIT.match(text.strip()):
        text = mt.group(1)
    value, decimals = _number(text, style)
    # A head count to a thousandth (`1.000` in a column whose other values are English) is a misreading.
    if value < 0 or value > limit or decimals >= 3:
        raise ParseError("nilai_tidak_wajar")
    if not value.is_integer():
        raise ParseError("angka_tidak_valid")
    return int(value)


_DUR_HOURS = re.compile(r"(\d+(?:[.,]\d+)*)\s*(?:jam|j|hours?|hrs?|h)\b")
_DUR_MIN = re.compile(r"(\d+(?:[.,]\d+)*)\s*(?:menit|mnt|min(?:ute)?s?|m)\b")
_DUR_FILLER = {"dan", "kurang", "lebih", "kl", "sekitar", "kira", "selama"}  # "kurang lebih 1 jam"
_DUR_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})(?::\d{2})?$")
_DUR_TIMES = re.compile(r"^(\d+)\s*[x×*]\s*(.+)$")  # `2 x 45 menit`
_DUR_JP = re.compile(r"^(?:(\d+)\s*[x×*]\s*)?(\d+(?:[.,]\d+)?)\s*(?:jp|jpl|jam\s*pelajaran)\b\.?$")


def parse_duration(text: str, style: str | None = ID) -> int:
    """Minutes from `90`, `90 menit`, `1 jam`, `1,5 jam`, `1 jam 30 menit`, `01:30`, `2 x 45 menit`.

    Negative or unreadable: durasi_tidak_valid; over 24 hours, NaN, infinity or a fraction of a minute to three
    decimals (`1,234` read as a decimal): nilai_tidak_wajar; jam pelajaran (`2 JP`): durasi_jp — the caller
    knows the community's jenjang (`parse_jp`)."""
    s = visible(text).strip().casefold()
    if s.startswith("-"):
        raise ParseError("durasi_tidak_valid")
    if s in _NOT_FINITE:
        raise ParseError("nilai_tidak_wajar")
    if _DUR_JP.match(s):
        raise ParseError("durasi_jp")
    minutes = _duration_minutes(s, style)
    if not math.isfinite(minutes) or minutes > MAX_DURATION:
        raise ParseError("nilai_tidak_wajar")
    return _round(minutes)


def _duration_minutes(s: str, style: str | None) -> float:
    if mt := _DUR_CLOCK.match(s):
        if int(mt.group(2)) > 59:
            raise ParseError("durasi_tidak_valid")
        return int(mt.group(1)) * 60 + int(mt.group(2))
    try:
        return _duration_number(s, style) if _NUMBER.fullmatch(s) else parse_number(s, style)
    except ParseError as exc:
        if exc.code != "angka_tidak_valid":
            raise
    if mt := _DUR_TIMES.match(s):
        return int(mt.group(1)) * _duration_minutes(mt.group(2).strip(), style)
    hours = _DUR_HOURS.findall(s)
    minutes = _DUR_MIN.findall(s)
    if not hours and not minutes:
        raise ParseError("durasi_tidak_valid")
    rest = _DUR_MIN.sub(" ", _DUR_HOURS.sub(" ", s))
    if set(re.findall(r"[0-9a-z]+", rest)) - _DUR_FILLER:
        raise ParseError("durasi_tidak_valid")
    return sum(_duration_number(h, style) for h in hours) * 60 + sum(_duration_number(m, style) for m in minutes)


def _duration_number(token: str, style: str | None) -> float:
    """A number in a duration; one read to a thousandth of a minute or hour (`1,234` minutes) makes no sense."""
    value, decimals = _read_number(token.lstrip("+"), style)
    if decimals >= 3:
        raise ParseError("nilai_tidak_wajar")
    return value


def parse_jp(text: str, style: str | None = ID) -> float:
    """How many jam pelajaran `2 JP`, `2 x 1 JP`, `3 jam pelajaran` say (ParseError when not that form)."""
    mt = _DUR_JP.match(visible(text).strip().casefold())
    if not mt:
        raise ParseError("durasi_tidak_valid")
    return int(mt.group(1) or 1) * _duration_number(mt.group(2), style)


def _round(x: float) -> int:
    if x < 0:
        raise ParseError("durasi_tidak_valid")
    return int(x + 0.5)


# Spreadsheet error values: what Excel and LibreOffice write for a formula that failed (CSV export), and what
# read.py puts in a cell the XLSX marks as an error (calamine itself returns "" for them).
ERROR_CELLS = tuple(sorted({"#REF!", "#N/A", "#DIV/0!", "#VALUE!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!",
                            "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!", "#GETTING_DATA", "#N/A!"}
                           | {f"Err:{n}" for n in range(500, 540)}))


_TRUE = {"ya", "y", "iya", "yes", "sudah", "terdaftar", "true", "benar", "1", "v", "aktif", "ada", "punya", "memiliki"}
_FALSE = {"tidak", "t", "tdk", "no", "n", "belum", "belum terdaftar", "tidak terdaftar", "false", "salah", "0",
          "tidak aktif", "tidak ada", "tidak punya", "tidak memiliki", "-"}


def parse_bool(text: str) -> bool:
    s = re.sub(r"\s+", " ", visible(text).strip().casefold().rstrip("."))
    if s in _TRUE:
        return True
    if s in _FALSE:
        return False
    raise ParseError("nilai_tidak_dikenal")


def clean_id(text: str) -> str:
    """Identifiers a spreadsheet stored as numbers: `20212345.0` -> `20212345`; invisible characters dropped."""
    s = visible(text).strip()
    if re.fullmatch(r"\d+\.0+", s):
        s = s.split(".", 1)[0]
    return s


def clean_email(text: str) -> str:
    """An email address as stored and matched: lower case, without invisible characters."""
    return visible(text).strip().casefold()


def parse_email(text: str) -> str:
    """`clean_email` of a value that is an address (has an @): anything else (`-`, `1e400`, a name) names nobody."""
    email = clean_email(text)
    if "@" not in email:
        raise ParseError("nilai_tidak_dikenal")
    return email


# `2.02E+07`: a number Excel showed in scientific notation and a CSV export kept as text. The digits it stood for
# are gone (20,212,345 and 20,198,765 both became 2.02E+07), so such an id names nothing and must never be stored.
_SCIENTIFIC_ID = re.compile(r"^\d+(?:[.,]\d+)?e[+-]?\d+$", re.IGNORECASE)
SCIENTIFIC_ID_DETAIL = ("angka dalam notasi ilmiah dari Excel; angka aslinya sudah hilang — format kolomnya "
                        "sebagai Teks lalu ekspor ulang")


def is_scientific_id(text: str | None) -> bool:
    return text is not None and bool(_SCIENTIFIC_ID.match(visible(text).strip()))


def parse_id(text: str) -> str:
    """`clean_id`, refusing an id in scientific notation (nilai_tidak_wajar)."""
    if is_scientific_id(text):
        raise ParseError("nilai_tidak_wajar")
    return clean_id(text)


# WhatsApp numbers (issue 16): stored in international form without `+`, `628123456789`, what `wa.me/` takes.
# Only Indonesian mobile numbers: `8` then 8-11 more digits after the country code (08xx-xxxx-xxx to 08xx-xxxx-xxxxx);
# a landline or a foreign number cannot be reached the way the follow-up needs, so it is dropped with a correction.
_WA_LABEL = re.compile(r"\b(?:no|nomor|nomer|hp|wa|whatsapp|whats\s*app|telp|tlp|telepon|telpon|tel|hape|ponsel|"
                       r"handphone|cp|kontak|aktif|only|saja)\b\.?|[:]", re.IGNORECASE)
_WA_SPLIT = re.compile(r"\s*(?:/|;|\||&|,|\n|\batau\b|\bdan\b|\bor\b)\s*", re.IGNORECASE)
_WA_PART = re.compile(r"^\+?[ .()\-]*[0-9][0-9 .()\-]*$")
_WA_SCIENTIFIC = re.compile(r"^\+?([0-9])(?:[.,]([0-9]+))?e\+?([0-9]{1,2})$", re.IGNORECASE)
_WA_FLOAT = re.compile(r"^([0-9]+)[.,]0+$")  # `8123456789.0`: a spreadsheet kept the number as a float
_WA_PLAIN = re.compile(r"\+?[0-9][0-9 \-]*")  # most cells: `0812-3456-7890`, `+62 812 3456 7890`
_NOT_DIGIT = re.compile(r"[^0-9]")
WA_MIN_DIGITS, WA_MAX_DIGITS = 9, 12  # digits after 62: 812-345-678 .. 812-3456-78901
# Why a number was dropped (batch.DROPPED records each as `dikosongkan_<code>`).
WA_ERRORS = ("nomor_tidak_terbaca", "nomor_digit_hilang", "nomor_bukan_indonesia", "nomor_bukan_seluler",
             "nomor_panjang_tidak_wajar")


def wa_numbers(text: str) -> list[str]:
    """The phone numbers written in a cell, as digits (a leading `+` kept): `0812-3456-7890 / 0813 1111 2222` gives
    two. A part that is not a number (`belum ada`, `0812 3456 7890 ext`) makes the cell unreadable
    (nomor_tidak_terbaca); a number Excel wrote in scientific notation is read back only when the notation still
    carries every digit (`6.28123456789E+11`), never guessed (`6.28E+11`: nomor_digit_hilang)."""
    s = visible(text).strip().replace("\u00a0", " ")
    if _WA_PLAIN.fullmatch(s):
        return [("+" if s.startswith("+") else "") + _NOT_DIGIT.sub("", s)]
    if m := _WA_SCIENTIFIC.match(s.replace(" ", "")):
        head, tail, exponent = m.group(1), m.group(2) or "", int(m.group(3))
        if len(tail) > exponent:
            raise ParseError("nomor_tidak_terbaca")  # a fraction names no phone
        if len(tail) < exponent:
            raise ParseError("nomor_digit_hilang")
        return [head + tail]
    if m := _WA_FLOAT.match(s):
        return [m.group(1)]
    s = re.sub(r"\(\s*[a-z][a-z ]*\)", " ", s, flags=re.IGNORECASE)  # `(WA)`, `(wa aktif)`, `(Pak Budi)`
    found = []
    for part in _WA_SPLIT.split(s):
        part = _WA_LABEL.sub(" ", part).strip(" -.")
        if not part:
            continue
        if not _WA_PART.match(part):
            raise ParseError("nomor_tidak_terbaca")
        found.append(("+" if part.startswith("+") else "") + _NOT_DIGIT.sub("", part))
    if not found:
        raise ParseError("nomor_tidak_terbaca")
    return found


def several_wa(text: str) -> bool:
    """Whether a cell holds more than one number (`0812... / 0813...`); unreadable cells do not."""
    if not _WA_SPLIT.search(text):
        return False
    try:
        return len(wa_numbers(text)) > 1
    except ParseError:
        return False


def wa_international(number: str) -> str:
    """One number's digits (`+` kept) in international form, `62` + the national number without its 0."""
    if number.startswith("+"):
        number = number[1:]
        if not number.startswith("62"):
            raise ParseError("nomor_bukan_indonesia")
        national = number[2:]
    elif number.startswith("0062"):
        national = number[4:]
    elif number.startswith("62"):
        national = number[2:]
    elif number.startswith("00"):
        raise ParseError("nomor_bukan_indonesia")  # an international call prefix to another country
    elif number.startswith("0"):
        national = number[1:]
    else:
        national = number  # `8123456789`: the leading 0 a spreadsheet dropped
    national = national.removeprefix("0")  # `+62 (0)812 ...`
    if not national.startswith("8"):
        raise ParseError("nomor_bukan_seluler")
    if not WA_MIN_DIGITS <= len(national) <= WA_MAX_DIGITS:
        raise ParseError("nomor_panjang_tidak_wajar")
    return "62" + national


def parse_wa(text: str) -> str:
    """A WhatsApp number in international form (`6281234567890`); of two numbers in one cell, the first readable
    one (the caller records that the other was left out). Raises the reason of the first number otherwise."""
    numbers = wa_numbers(text)
    first_error = None
    for number in numbers:
        try:
            return wa_international(number)
        except ParseError as exc:
            first_error = first_error or exc
    raise first_error


def normal_text(text: str) -> str:
    """Casefolded, accents and punctuation removed, spaces collapsed: the matching form of a name."""
    s = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").casefold()
    s = re.sub(r"[^0-9a-z]+", " ", s)
    return " ".join(s.split())


def normal_texts(values: Sequence[str]) -> list[str]:
    """`normal_text` of many values (see `_normal_arrow`)."""
    return _normal_arrow(values).to_pylist() if len(values) else []


def _normal_arrow(values: Sequence[str] | pa.Array) -> pa.Array:
    """`normal_text` of many values as an Arrow array: the ASCII ones (nearly all) in Arrow, the others one by one.

    For ASCII, NFKD and casefold are plain lower case, and once every non-alphanumeric run is one space,
    collapsing spaces is trimming them."""
    array = values if isinstance(values, pa.Array) else pa.array(values, type=pa.string(), from_pandas=True)
    fast = pc.ascii_lower(array)
    # Most names are already letters, digits and single spaces: a match finds the others at a seventh of the
    # cost of replacing in every value.
    messy = pc.fill_null(pc.match_substring_regex(fast, "[^0-9a-z ]|  |^ | $"), False)
    if pc.any(messy).as_py():
        fixed = pc.utf8_trim(pc.replace_substring_regex(fast.filter(messy), "[^0-9a-z]+", " "), " ")
        fast = pc.replace_with_mask(fast, messy, fixed)
    other = pc.invert(pc.string_is_ascii(array)).to_numpy(zero_copy_only=False)
    if not other.any():
        return fast
    slow = [normal_text(array[int(i)].as_py()) for i in np.flatnonzero(other)]
    return pc.replace_with_mask(fast, pa.array(other), pa.array(slow, type=pa.string()))


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


# Columns as read (data_loaders.read) know their distinct values from Arrow: factorising one of them again with
# pandas hashes a million Python strings (0.1-0.3 s a column). Keyed by the memory a column's cells occupy, so any
# Series sharing those cells (a DataFrame column, the Batch's renamed column) finds it; a filtered or changed
# column is new memory and is factorised as before. The entry goes when the array that owns the cells goes.
_FACTORS: dict[tuple[int, int, int], list] = {}


def _cells_key(values: np.ndarray) -> tuple[int, int, int]:
    return values.__array_interface__["data"][0], len(values), values.strides[0]


def remember_factors(values: np.ndarray, factors: Callable[[], tuple[np.ndarray, pa.Array]]) -> None:
    """`values` (object, text or None) factorise as `factors()` would say, computed when first asked: (code per
    cell, -1 for None, in order of first appearance as pd.factorize numbers them; the distinct texts)."""
    owner = values
    while isinstance(owner.base, np.ndarray):
        owner = owner.base
    key = _cells_key(values)
    _FACTORS[key] = [factors, None]
    weakref.finalize(owner, _FACTORS.pop, key, None)


def _known_factors(series: pd.Series) -> tuple[np.ndarray, pa.Array] | None:
    if series.dtype != object or series.ndim != 1:
        return None
    entry = _FACTORS.get(_cells_key(series.to_numpy(dtype=object, copy=False)))
    if entry is None:
        return None
    if entry[1] is None:
        entry[1] = entry[0]()
    return entry[1]


def factorize(series: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """pd.factorize(series) (codes, distinct values as an object array); from the reader's Arrow codes when known."""
    known = _known_factors(series)
    if known is None:
        return pd.factorize(series)
    codes, distinct = known
    return codes, distinct.to_numpy(zero_copy_only=False)


def factor_codes(series: pd.Series) -> np.ndarray:
    """The codes of `factorize(series)` alone (no Python string for the distinct values when they are known)."""
    known = _known_factors(series)
    return pd.factorize(series)[0] if known is None else known[0]


def arrow_codes(codes: np.ndarray, dictionary: pa.Array) -> tuple[np.ndarray, pa.Array]:
    """(codes, distinct) as pd.factorize numbers them, from Arrow dictionary codes (-1 or any code of a null
    entry: missing) into a dictionary that may repeat a value: in order of first appearance, nulls as -1."""
    merged = pc.dictionary_encode(dictionary)  # repeats (values equal once stripped) become one, in order
    slot = np.append(pc.fill_null(merged.indices, -1).to_numpy(zero_copy_only=False).astype(np.int64), -1)
    ids = slot[codes]  # -1 (missing) indexes the appended -1
    order, first_seen = pd.factorize(ids)  # ints: fast; -1 is a value here and is taken out below
    gap = np.flatnonzero(first_seen == -1)
    if len(gap):
        g = int(gap[0])
        order = np.where(order == g, -1, order - (order > g))
        first_seen = np.delete(first_seen, g)
    return order.astype(np.intp, copy=False), merged.dictionary.take(pa.array(first_seen, type=pa.int64()))


def map_unique(series: pd.Series, parser: Callable[[str], Any]) -> tuple[pd.Series, pd.Series]:
    """Parse each distinct non-null value once; returns (values, error codes) aligned to series."""
    if parser is normal_text and (known := _known_factors(series)) is not None and len(known[1]):
        codes, distinct = known  # the distinct texts stay in Arrow: no Python string is made
        errors = np.empty(len(distinct) + 1, dtype=object)
        normal = _normal_arrow(distinct).take(pa.array(codes, mask=codes < 0))
        return (pd.Series(pd.array(normal, dtype="str"), index=series.index),
                pd.Series(errors[codes], index=series.index, dtype=object))
    codes, uniques = factorize(series)
    values = np.empty(len(uniques) + 1, dtype=object)  # the extra last slot (code -1) is NULL
    errors = np.empty(len(uniques) + 1, dtype=object)
    if parser is normal_text and len(uniques):  # never fails; the bulk version is several times faster
        # Taken per row in Arrow: the text Series pandas would infer from the Python strings, without making them.
        normal = _normal_arrow(uniques).take(pa.array(codes, mask=codes < 0))
        return (pd.Series(pd.array(normal, dtype="str"), index=series.index),
                pd.Series(errors[codes], index=series.index, dtype=object))
    for i, raw in enumerate(uniques):
        try:
            values[i] = parser(raw)
        except ParseError as exc:
            errors[i] = exc.code
    typed = _typed(values)
    if typed is values and any(v is not None for v in values) and all(type(v) is str for v in values if v is not None):
        # Labels: the text Series pandas would infer from a million Python strings, taken in Arrow from the few
        # distinct ones (inferring it scans every cell).
        text = pa.array(values[:-1], type=pa.string()).take(pa.array(codes, mask=codes < 0))
        return (pd.Series(pd.array(text, dtype="str"), index=series.index),
                pd.Series(errors[codes], index=series.index, dtype=object))
    return (pd.Series(typed[codes], index=series.index),
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
        codes, uniques = factorize(col)
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

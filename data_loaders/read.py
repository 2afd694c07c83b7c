"""Turn the bytes of a CSV/XLSX export into a header list and a frame of text cells.

Every cell comes out as stripped text or None, so the parsers downstream see one shape
whatever the source: XLSX numbers that are whole (NPSN 20212345.0) become "20212345",
date cells become ISO text ("2022-08-15", or "2022-08-15 10:23:45" with a time).
"""
from __future__ import annotations

import csv
import io
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import python_calamine

_DELIMITERS = (",", ";", "\t")

# Limits on what one uploaded file may cost, checked before it is parsed (LoadError otherwise).
MAX_FILE_BYTES = 200 * 1024 * 1024           # the file as stored/uploaded (Streamlit's upload limit too)
MAX_XLSX_UNPACKED_BYTES = 1024 * 1024 * 1024  # all parts of an XLSX once unzipped: stops ZIP bombs
MAX_COLUMNS = 1000                            # real exports have tens; more is junk and slow to map
_MB = 1024 * 1024

# A cell may be as long as the file (a long reflection answer); the csv module's default is 128 KiB.
csv.field_size_limit(MAX_FILE_BYTES)


class ReadError(Exception):
    """The file cannot be read as a table; the message is Indonesian (file named by the caller)."""


@dataclass
class RawTable:
    headers: list[str]
    frame: pd.DataFrame  # columns 0..n-1 in header order, object dtype, text or None


def check_size(size: int) -> None:
    """Refuse a file over the size limit before its bytes are read."""
    if size > MAX_FILE_BYTES:
        raise ReadError(f"ukuran berkas {size / _MB:.0f} MB melebihi batas {MAX_FILE_BYTES // _MB} MB; "
                        f"pecah datanya menjadi beberapa berkas")


def read_table(name: str, data: bytes) -> RawTable:
    check_size(len(data))
    if not data.strip():
        raise ReadError("berkas kosong")
    if data[:4] == b"PK\x03\x04" or name.lower().endswith((".xlsx", ".xlsm", ".xls", ".ods")):
        rows = _xlsx_rows(data)
        return _from_rows(rows)
    return _read_utf8_csv(data) or _read_csv(_decode(data))


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Teks Unicode" export: UTF-16 with BOM
        return data.decode("utf-16", errors="replace")
    if b"\x00" in data[:4096]:
        raise ReadError("berkas biner, bukan CSV atau XLSX")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _sniff_delimiter(text: str) -> str:
    first = text.split("\n", 1)[0]
    counts = {d: _count_outside_quotes(first, d) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


def _count_outside_quotes(line: str, delim: str) -> int:
    n, quoted = 0, False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif ch == delim and not quoted:
            n += 1
    return n


def _read_utf8_csv(data: bytes) -> RawTable | None:
    """The common case without a round trip through Python text: a UTF-8 file that Arrow reads as a
    rectangular table. None when it is anything else (the general path `_read_csv` then decides).

    The result equals `_read_csv(_decode(data))`: the delimiter is sniffed on the same first line, and
    Arrow refuses invalid UTF-8 in string columns, which is every column here."""
    start = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:4096]:
        return None
    stop = len(data)
    while stop > start and data[stop - 1] in b"\r\n":  # trailing blank lines, as `_read_csv` drops them
        stop -= 1
    body = memoryview(data)[start:stop]  # no copy of a file that can be 200 MB
    end = data.find(b"\n", start, stop)
    try:
        delim = _sniff_delimiter(bytes(body[: end - start if end >= 0 else len(body)]).decode("utf-8"))
        stream = io.BytesIO(data)  # shares the bytes (a memoryview would be copied)
        stream.seek(start)
        width = len(next(csv.reader(io.TextIOWrapper(stream, encoding="utf-8", newline="\n"), delimiter=delim)))
        quoted = data.find(b'"', start, stop) >= 0
        table = _arrow_csv(body, delim, width, quoted)
    except (StopIteration, csv.Error, UnicodeDecodeError, pa.ArrowInvalid, pa.ArrowTypeError):
        return None
    result = _from_arrow(table)
    if quoted:
        _check_quotes_closed(result, lambda: bytes(body).decode("utf-8"), delim)
    return result


def _arrow_csv(data: bytes | memoryview, delim: str, width: int, quoted: bool) -> pa.Table:
    # Without any quote character no value can hold a newline, and Arrow then splits the file in
    # parallel (half the time of the quote-aware scan).
    return pacsv.read_csv(
        pa.BufferReader(pa.py_buffer(data)),
        read_options=pacsv.ReadOptions(autogenerate_column_names=True),
        parse_options=pacsv.ParseOptions(delimiter=delim, newlines_in_values=quoted,
                                         ignore_empty_lines=False),
        convert_options=pacsv.ConvertOptions(column_types={f"f{i}": pa.string() for i in range(width)},
                                             strings_can_be_null=False, quoted_strings_can_be_null=False),
    )


def _read_csv(text: str) -> RawTable:
    delim = _sniff_delimiter(text)
    # Trailing blank lines are common in exports; blank lines elsewhere take the tolerant path below.
    text = text.rstrip("\r\n")
    try:
        width = len(next(csv.reader(io.StringIO(text), delimiter=delim)))
    except (StopIteration, csv.Error):
        raise ReadError("berkas tidak berisi tabel") from None
    try:
        table = _from_arrow(_arrow_csv(text.encode("utf-8"), delim, width, '"' in text))
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        # Ragged rows or blank lines inside: the csv module is slower but takes anything.
        try:
            table = _from_rows(list(csv.reader(io.StringIO(text), delimiter=delim)))
        except csv.Error as exc:
            raise ReadError(f"bukan tabel CSV yang terbaca ({exc})") from None
    if '"' in text:
        _check_quotes_closed(table, lambda: text, delim)
    return table


def _check_quotes_closed(table: RawTable, text: Callable[[], str], delim: str) -> None:
    """A quote that is opened and never closed turns the rest of the file into one cell of the row where
    it opened, which is then the last row: refuse the file instead of loading it silently short.

    Only a last row with a multi-line cell can be such a row; the csv module (strict) then tells whether
    the file really ends inside a quote, so a legitimate multi-line last cell still loads."""
    last = table.frame.iloc[-1].tolist() if len(table.frame) else table.headers
    if not any(isinstance(v, str) and "\n" in v for v in last):
        return
    try:
        for _ in csv.reader(io.StringIO(text()), delimiter=delim, strict=True):
            pass
    except csv.Error as exc:
        if "unexpected end of data" not in str(exc):
            return
        row = int(table.frame.index[-1]) + 2 if len(table.frame) else 1
        raise ReadError(f"tanda kutip (\") yang dibuka di baris {row} tidak pernah ditutup, sehingga seluruh isi "
                        f"berkas setelahnya terbaca sebagai satu sel; perbaiki tanda kutip di baris itu") from None


def _from_arrow(table: pa.Table) -> RawTable:
    """`_trim` done in Arrow: only the cells that are kept become Python strings."""
    columns = [_clean_column(table.column(i)) for i in range(table.num_columns)]
    headers = [(c[0].as_py() or "") for c in columns]
    body = [c.slice(1) for c in columns]
    keep = len(headers)
    while keep > 0 and not headers[keep - 1] and body[keep - 1].null_count == len(body[keep - 1]):
        keep -= 1
    headers = _checked_headers(headers, keep)
    body = body[:keep]
    # Blank rows are skipped but rows keep their position: index i = spreadsheet row i + 2.
    present = body[0].is_valid()
    for column in body[1:]:
        present = pc.or_(present, column.is_valid())
    rows = np.flatnonzero(present.to_numpy(zero_copy_only=False))
    if len(rows) < len(present):
        body = [c.filter(present) for c in body]
    frame = pd.DataFrame({i: c.to_numpy(zero_copy_only=False) for i, c in enumerate(body)},
                         index=pd.RangeIndex(len(present))[rows] if len(rows) < len(present) else None,
                         dtype=object)
    return RawTable(headers=headers, frame=frame)


def _clean_column(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """Stripped text with empty cells as null."""
    column = pc.utf8_trim_whitespace(column)
    return pc.if_else(pc.equal(column, ""), pa.scalar(None, pa.string()), column)


def _check_unpacked(data: bytes) -> None:
    """Unzip every part as a stream, counting bytes, before the parser inflates it all in memory.

    The declared sizes are checked first (cheap); streaming then catches parts that lie about
    their size (zipfile stops at the declared size and fails on the CRC).
    """
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        parts = zf.infolist()
        total = sum(p.file_size for p in parts)
        if total <= MAX_XLSX_UNPACKED_BYTES:
            total = 0
            for part in parts:
                with zf.open(part) as fh:
                    while chunk := fh.read(4 * _MB):
                        total += len(chunk)
    if total > MAX_XLSX_UNPACKED_BYTES:
        raise ReadError(f"isi XLSX setelah diekstrak lebih dari {MAX_XLSX_UNPACKED_BYTES // _MB} MB "
                        f"(kemungkinan bukan ekspor lembar kerja biasa)")


def _xlsx_rows(data: bytes) -> list[list[object]]:
    try:
        if data[:4] == b"PK\x03\x04":
            _check_unpacked(data)
        wb = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        if not wb.sheet_names:
            raise ReadError("buku kerja tidak memiliki lembar")
        return wb.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except ReadError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError):
        raise ReadError("bukan berkas XLSX yang utuh (arsip rusak atau terpotong)") from None
    except Exception:  # calamine's own errors for corrupt parts; their class names mean nothing to users
        raise ReadError("bukan berkas XLSX yang terbaca (isi lembar rusak atau formatnya tidak didukung)") from None


def _cell_text(v: object) -> str | None:
    if v is None:
        return None
    if isinstance(v, bool):
        return "Ya" if v else "Tidak"
    if isinstance(v, float):
        if v != v:  # NaN
            return None
        return str(int(v)) if v.is_integer() and abs(v) < 1e15 else repr(v)
    if isinstance(v, int):
        return str(v)
    if isinstance(v, datetime):
        if v.time() == time(0):
            return v.date().isoformat()
        return v.isoformat(sep=" ", timespec="seconds")
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, time):
        return v.isoformat(timespec="seconds")
    if isinstance(v, timedelta):
        return str(int(v.total_seconds() // 60))
    s = str(v).strip()
    return s or None


def _from_rows(rows: list[list[object]]) -> RawTable:
    while rows and all(_cell_text(v) is None for v in rows[-1]):
        rows.pop()
    if not rows:
        raise ReadError("lembar pertama kosong")
    width = max(len(r) for r in rows)
    headers = [(_cell_text(v) or "") for v in rows[0]] + [""] * (width - len(rows[0]))
    body = pd.DataFrame(
        [[_cell_text(v) for v in r] + [None] * (width - len(r)) for r in rows[1:]],
        columns=range(width), dtype=object,
    )
    return _trim(headers, body)


def _trim(headers: list[str], body: pd.DataFrame) -> RawTable:
    """Drop trailing empty columns/rows; an empty header with data gets a placeholder name."""
    keep = len(headers)
    while keep > 0 and not headers[keep - 1] and (body.shape[0] == 0 or body[keep - 1].isna().all()):
        keep -= 1
    headers = _checked_headers(headers, keep)
    body = body.iloc[:, :keep]
    # Blank rows are skipped but rows keep their position: index i = spreadsheet row i + 2.
    present = body.notna()  # one pass over the cells serves both steps
    rows = present.any(axis=1)
    body, present = body[rows], present[rows]
    return RawTable(headers=headers, frame=body.astype(object).where(present, None))


def _checked_headers(headers: list[str], keep: int) -> list[str]:
    """The first `keep` headers, each named and distinct; ReadError when there are none or too many."""
    headers = [h or f"(kolom {i + 1} tanpa judul)" for i, h in enumerate(headers[:keep])]
    seen: dict[str, int] = {}
    for i, h in enumerate(headers):  # a repeated header gets a suffix so each column keeps its own name
        seen[h] = seen.get(h, 0) + 1
        if seen[h] > 1:
            headers[i] = f"{h} ({seen[h]})"
    if keep == 0:
        raise ReadError("tidak ada baris judul kolom")
    if keep > MAX_COLUMNS:
        raise ReadError(f"berkas memiliki {keep} kolom, melebihi batas {MAX_COLUMNS} kolom")
    return headers

"""Turn the bytes of a CSV/TSV/XLSX export into a header list and a frame of text cells.

Every cell comes out as stripped text or None, so the parsers downstream see one shape
whatever the source: XLSX numbers that are whole (NPSN 20212345.0) become "20212345",
date cells become ISO text ("2022-08-15", or "2022-08-15 10:23:45" with a time), and an XLSX
cell holding a formula error becomes its error text ("#REF!"), as in a CSV export.

Text files as people make them: UTF-8 with or without BOM, cp1252, UTF-16 with or without BOM
(told by its NUL bytes), NUL bytes anywhere (dropped), old-Mac CR-only line ends, Excel's
`sep=;` first line, and a title block above the header row (headers.header_row). The frame's
index is the sheet row number - 2, whatever was skipped above the header.
"""
from __future__ import annotations

import csv
import io
import itertools
import re
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

from data_loaders import headers as hd
from data_loaders import normalise as nz

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
    # Columns that hold a spreadsheet error value (`#REF!`), when the reader found out cheaply (None: unknown).
    error_columns: set[int] | None = None


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
    data = _plain_bytes(data)
    bom = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    delim, start = _declared_delimiter(data, bom)
    offset = int(start != bom)  # Excel's `sep=;` line is the file's first row
    if not _VISIBLE.search(data, start):
        raise ReadError("berkas kosong")
    prefer = "\t" if name.lower().endswith(".tsv") else None
    return (_read_utf8_csv(data, start, offset, delim, prefer)
            or _read_csv(_decode(data[start:]), offset, delim, prefer))


# Control bytes text never holds (tab, LF, FF, CR aside); with NUL bytes they mark a binary file.
_CONTROL = bytes(i for i in range(32) if i not in (0, 9, 10, 12, 13))


def _plain_bytes(data: bytes) -> bytes:
    """UTF-16 (with a BOM, or told by NUL bytes in every other position) as UTF-8; NUL bytes dropped wherever
    they are; CR-only line ends (old Mac Excel) as LF. ReadError for a binary file."""
    encoding = None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Teks Unicode" export: UTF-16 with BOM
        encoding = "utf-16"
    elif b"\x00" in data:
        encoding = _utf16_without_bom(data)
        if encoding is None:
            if len(data) - len(data.translate(None, _CONTROL)) > len(data) // 1000:
                raise ReadError("berkas biner, bukan CSV atau XLSX")
            data = data.replace(b"\x00", b"")
    if encoding:
        data = data.decode(encoding, errors="replace").replace("\x00", "").encode("utf-8")
    first_cr = data.find(b"\r")
    if first_cr >= 0 and data[first_cr + 1:first_cr + 2] != b"\n" and not 0 <= data.find(b"\n") < first_cr:
        data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    return data


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 LE/BE when, in the first 64 KB, a third of one byte position is NUL and almost none of the other
    (ASCII text in UTF-16); None otherwise."""
    sample = data[:65536]
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    even, odd = sample[0:2 * pairs:2].count(0), sample[1:2 * pairs:2].count(0)
    if odd >= pairs * 0.3 and even <= pairs * 0.02:
        return "utf-16-le"
    if even >= pairs * 0.3 and odd <= pairs * 0.02:
        return "utf-16-be"
    return None


_VISIBLE = re.compile(rb"\S")
_SEP_LINE = re.compile(rb"sep=([^\r\n])[ \t]*\r?\n", re.IGNORECASE)


def _declared_delimiter(data: bytes, start: int) -> tuple[str | None, int]:
    """(delimiter, where the table starts): Excel's `sep=;` first line names the delimiter and is skipped."""
    if mt := _SEP_LINE.match(data, start):
        return mt.group(1).decode("latin-1"), mt.end()
    return None, start


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _sniff_delimiter(text: str, prefer: str | None = None) -> str:
    """The delimiter of the first line that has one (a title line above the header may have none)."""
    for line in text.split("\n", hd.HEADER_SEARCH_ROWS)[:hd.HEADER_SEARCH_ROWS]:
        counts = {d: _count_outside_quotes(line, d) for d in _DELIMITERS}
        if prefer and counts[prefer]:
            return prefer
        best = max(_DELIMITERS, key=lambda d: counts[d])
        if counts[best] > 0:
            return best
    return ","


def _count_outside_quotes(line: str, delim: str) -> int:
    n, quoted = 0, False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif ch == delim and not quoted:
            n += 1
    return n


def _title_rows(text: str, delim: str) -> int:
    """How many lines above the header row to skip before Arrow reads the table (0 when the header is first
    or a quote in the lines above makes line counting unsafe: the slower paths then find the header)."""
    rows = list(itertools.islice(csv.reader(io.StringIO(text), delimiter=delim), hd.HEADER_SEARCH_ROWS))
    h = hd.header_row([[c.strip() or None for c in r] for r in rows])
    if h == 0 or '"' in "\n".join(text.split("\n", h)[:h]):
        return 0
    return h


def _read_utf8_csv(data: bytes, start: int = 0, offset: int = 0, delim: str | None = None,
                   prefer: str | None = None) -> RawTable | None:
    """The common case without a round trip through Python text: a UTF-8 file that Arrow reads as a
    rectangular table. None when it is anything else (the general path `_read_csv` then decides).

    The result equals `_read_csv(_decode(data))`: the delimiter is sniffed on the same first lines, and
    Arrow refuses invalid UTF-8 in string columns, which is every column here."""
    if start == 0 and data.startswith(b"\xef\xbb\xbf"):
        start = 3
    stop = len(data)
    while stop > start and data[stop - 1] in b"\r\n":  # trailing blank lines, as `_read_csv` drops them
        stop -= 1
    head_end = start
    for _ in range(hd.HEADER_SEARCH_ROWS):
        head_end = data.find(b"\n", head_end, stop) + 1 or stop
    try:
        head = data[start:head_end].decode("utf-8")
        delim = delim or _sniff_delimiter(head, prefer)
        skip = _title_rows(head, delim)
        for _ in range(skip):
            start = data.find(b"\n", start, stop) + 1
        body = memoryview(data)[start:stop]  # no copy of a file that can be 200 MB
        stream = io.BytesIO(data)  # shares the bytes (a memoryview would be copied)
        stream.seek(start)
        width = len(next(csv.reader(io.TextIOWrapper(stream, encoding="utf-8", newline="\n"), delimiter=delim)))
        quoted = data.find(b'"', start, stop) >= 0
        table = _arrow_csv(body, delim, width, quoted)
    except (StopIteration, csv.Error, UnicodeDecodeError, pa.ArrowInvalid, pa.ArrowTypeError):
        return None
    result = _from_arrow(table, offset + skip)
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
        # At least one column: a blank first line has no fields, and Arrow would guess a number type.
        convert_options=pacsv.ConvertOptions(column_types={f"f{i}": pa.string() for i in range(max(width, 1))},
                                             strings_can_be_null=False, quoted_strings_can_be_null=False),
    )


def _read_csv(text: str, offset: int = 0, delim: str | None = None, prefer: str | None = None) -> RawTable:
    delim = delim or _sniff_delimiter(text, prefer)
    # Trailing blank lines are common in exports; blank lines elsewhere take the tolerant path below.
    text = text.rstrip("\r\n")
    try:
        width = len(next(csv.reader(io.StringIO(text), delimiter=delim)))
    except (StopIteration, csv.Error):
        raise ReadError("berkas tidak berisi tabel") from None
    try:
        table = _from_arrow(_arrow_csv(text.encode("utf-8"), delim, width, '"' in text), offset)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        # Ragged rows or blank lines inside: the csv module is slower but takes anything.
        try:
            table = _from_rows(list(csv.reader(io.StringIO(text), delimiter=delim)), offset)
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


def _from_arrow(table: pa.Table, offset: int = 0) -> RawTable:
    """`_trim` done in Arrow: only the cells that are kept become Python strings. `offset`: file rows above
    the table's first row."""
    columns = [_clean_column(table.column(i)) for i in range(table.num_columns)]
    top = [c.slice(0, hd.HEADER_SEARCH_ROWS).to_pylist() for c in columns]
    h = hd.header_row([list(r) for r in zip(*top)])
    headers = [(c[h].as_py() or "") for c in columns]
    body = [c.slice(h + 1) for c in columns]
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
    index = pd.RangeIndex(h + offset, h + offset + len(present))
    frame = pd.DataFrame({i: c.to_numpy(zero_copy_only=False) for i, c in enumerate(body)},
                         index=index[rows] if len(rows) < len(present) else index, dtype=object)
    return RawTable(headers=headers, frame=frame, error_columns={i for i, c in enumerate(body) if _has_errors(c)})


_ERROR_VALUES = pa.array(nz.ERROR_CELLS, type=pa.string())


def _has_errors(column: pa.ChunkedArray) -> bool:
    """Whether a column holds a spreadsheet error value; the prefix test first (most columns have none)."""
    if not pc.any(pc.or_(pc.starts_with(column, "#"), pc.starts_with(column, "Err:"))).as_py():
        return False
    return bool(pc.any(pc.is_in(column, value_set=_ERROR_VALUES)).as_py())


def _clean_column(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """Stripped text with empty cells as null."""
    column = pc.utf8_trim_whitespace(column)
    return pc.if_else(pc.equal(column, ""), pa.scalar(None, pa.string()), column)


def _check_unpacked(data: bytes) -> set[str]:
    """Unzip every part as a stream, counting bytes, before the parser inflates it all in memory; returns the
    parts that hold an error cell (`t="e"`), found on the way.

    The declared sizes are checked first (cheap); streaming then catches parts that lie about
    their size (zipfile stops at the declared size and fails on the CRC).
    """
    with_errors: set[str] = set()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        parts = zf.infolist()
        total = sum(p.file_size for p in parts)
        if total <= MAX_XLSX_UNPACKED_BYTES:
            total = 0
            for part in parts:
                tail = b""
                with zf.open(part) as fh:
                    while chunk := fh.read(4 * _MB):
                        total += len(chunk)
                        if _ERROR_ATTRIBUTE in tail + chunk[:8]:
                            with_errors.add(part.filename)
                        if _ERROR_ATTRIBUTE in chunk:
                            with_errors.add(part.filename)
                        tail = chunk[-8:]
    if total > MAX_XLSX_UNPACKED_BYTES:
        raise ReadError(f"isi XLSX setelah diekstrak lebih dari {MAX_XLSX_UNPACKED_BYTES // _MB} MB "
                        f"(kemungkinan bukan ekspor lembar kerja biasa)")
    return with_errors


# A cell whose cached value is a formula error: `<c r="C4" t="e"><f>1/0</f><v>#DIV/0!</v></c>`. calamine returns
# "" for it, so read.py puts the error text back from the sheet XML.
_ERROR_ATTRIBUTE = b't="e"'
_CELL = re.compile(rb"<c\b([^>/]*)>(.*?)</c>", re.DOTALL)
_CELL_REF = re.compile(rb'\br="([A-Z]{1,3})([0-9]+)"')
_CELL_VALUE = re.compile(rb"<v>([^<]*)</v>")


def _first_sheet_part(zf: zipfile.ZipFile) -> str | None:
    """The zip part of the workbook's first sheet (the one calamine reads), from workbook.xml and its rels."""
    try:
        workbook = zf.read("xl/workbook.xml")
        rels = zf.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return None
    sheet = re.search(rb'<sheet\b[^>]*\b[\w]+:id="([^"]+)"', workbook)
    if not sheet:
        return None
    for rel in re.finditer(rb"<Relationship\b[^>]*>", rels):
        if re.search(rb'\bId="' + re.escape(sheet.group(1)) + rb'"', rel.group(0)):
            target = re.search(rb'\bTarget="([^"]+)"', rel.group(0))
            if target:
                path = target.group(1).decode("utf-8", "replace")
                return path.lstrip("/") if path.startswith("/") else "xl/" + path
    return None


def _error_cells(data: bytes, part: str) -> dict[tuple[int, int], str]:
    """{(row, column) from 0: error text} of the error cells of one sheet part, read as a stream."""
    found: dict[tuple[int, int], str] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as zf, zf.open(part) as fh:
        carry = b""
        while chunk := fh.read(4 * _MB):
            buffer, last = carry + chunk, 0
            for cell in _CELL.finditer(buffer):
                last = cell.end()
                if _ERROR_ATTRIBUTE not in cell.group(1):
                    continue
                ref, value = _CELL_REF.search(cell.group(1)), _CELL_VALUE.search(cell.group(2))
                if ref and value:
                    column = 0
                    for letter in ref.group(1):
                        column = column * 26 + letter - 64
                    found[(int(ref.group(2)) - 1, column - 1)] = value.group(1).decode("utf-8", "replace")
            carry = buffer[max(last, len(buffer) - _MB):]  # a cell is never near a megabyte long
    return found


def _xlsx_rows(data: bytes) -> list[list[object]]:
    try:
        with_errors: set[str] = set()
        if data[:4] == b"PK\x03\x04":
            with_errors = _check_unpacked(data)
        wb = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        if not wb.sheet_names:
            raise ReadError("buku kerja tidak memiliki lembar")
        rows = wb.get_sheet_by_index(0).to_python(skip_empty_area=False)
        if with_errors:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                part = _first_sheet_part(zf)
            if part in with_errors:
                for (r, c), text in _error_cells(data, part).items():
                    if r < len(rows) and c < len(rows[r]) and rows[r][c] in ("", None):
                        rows[r][c] = text
        return rows
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
    if "\x00" in s:
        s = s.replace("\x00", "").strip()
    return s or None


def _from_rows(rows: list[list[object]], offset: int = 0) -> RawTable:
    """A table from rows of cells (the csv module's or calamine's); `offset`: file rows above the first."""
    while rows and all(_cell_text(v) is None for v in rows[-1]):
        rows.pop()
    if not rows:
        raise ReadError("lembar pertama kosong")
    h = hd.header_row([[_cell_text(v) for v in r] for r in rows[:hd.HEADER_SEARCH_ROWS]])
    width = max(len(r) for r in rows[h:])
    headers = [(_cell_text(v) or "") for v in rows[h]] + [""] * (width - len(rows[h]))
    body = pd.DataFrame(
        [[_cell_text(v) for v in r] + [None] * (width - len(r)) for r in rows[h + 1:]],
        columns=range(width), dtype=object, index=pd.RangeIndex(h + offset, h + offset + len(rows) - h - 1),
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
    headers = [h or hd.untitled(i) for i, h in enumerate(headers[:keep])]
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

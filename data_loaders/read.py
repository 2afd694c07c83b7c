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
import functools
import io
import itertools
import re
import zipfile
import zlib
from collections import Counter
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
# A spreadsheet's first sheet, rows x columns counted from A1 to its last cell, before calamine reads it: calamine
# sizes its grid from the furthest cell at 32 bytes a cell (one cell at XFD1048576 asks for 512 GiB and aborts
# the process) and Python lists add 8 more. 20 million cells holds a national export (500,000 rows x 40 columns);
# a sheet padded to this bound reads in about 0.8 GB at peak (measured, tests/reliability/test_xlsx_extent.py).
MAX_SHEET_CELLS = 20_000_000
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
    if not _VISIBLE.search(data):  # not data.strip(): that copies a 200 MB file
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
            if len(data) - len(data.translate(None, _CONTROL)) > len(data) // 100:  # binaries: ~10%
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
    if odd >= pairs * 0.3 and even <= pairs * 0.02 and _mostly_text(sample[0:2 * pairs:2]):
        return "utf-16-le"
    if even >= pairs * 0.3 and odd <= pairs * 0.02 and _mostly_text(sample[1:2 * pairs:2]):
        return "utf-16-be"
    return None


_PRINTABLE = bytes(range(32, 127)) + b"\t\n\r"


def _mostly_text(low_bytes: bytes) -> bool:
    """The low bytes of what may be UTF-16 text are mostly printable ASCII (a binary header with NULs is not)."""
    return len(low_bytes.translate(None, _PRINTABLE)) <= len(low_bytes) // 5


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
    """The delimiter that splits the first lines most consistently: the one whose most common field count
    (above one) holds for the most lines, then the larger count. A title line above the header
    ("UPT BBGP Jawa Barat, 2022") or a comma inside a `;` file's cell does not decide it."""
    lines = [ln for ln in text.split("\n", hd.HEADER_SEARCH_ROWS)[:hd.HEADER_SEARCH_ROWS] if ln.strip()]
    best, best_key = ",", (0, 0)
    for d in _DELIMITERS:
        counts = Counter(n for n in (_count_outside_quotes(ln, d) for ln in lines) if n)
        if not counts:
            continue
        if d == prefer:
            return d
        count, lines_with_it = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
        if (lines_with_it, count) > best_key:
            best, best_key = d, (lines_with_it, count)
    return best


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
    columns = [_Encoded.of(table.column(i)) for i in range(table.num_columns)]
    top = [c.values[:hd.HEADER_SEARCH_ROWS].tolist() for c in columns]
    h = hd.header_row([list(r) for r in zip(*top)])
    headers = [(c.values[h] if h < len(c.values) else None) or "" for c in columns]
    keep = len(headers)
    while keep > 0 and not headers[keep - 1] and not columns[keep - 1].present[h + 1:].any():
        keep -= 1
    headers = _checked_headers(headers, keep)
    columns = columns[:keep]
    # Blank rows are skipped but rows keep their position: index i = spreadsheet row i + 2.
    present = np.zeros(max(table.num_rows - h - 1, 0), dtype=bool)
    for column in columns:
        present |= column.present[h + 1:]
    rows = np.flatnonzero(present)
    index = pd.RangeIndex(h + offset, h + offset + len(present))
    every = len(rows) == len(present)
    # copy=False: one block per column, as read. Consolidating a national file's columns into one 2-D object
    # block copied 11 million references (0.9 s), and the loader then takes the columns apart again.
    cells = {i: c.values[h + 1:] if every else c.values[h + 1:][rows] for i, c in enumerate(columns)}
    for i, c in enumerate(columns):  # the loader factorises these columns from the Arrow codes (nz.factorize)
        # Not a bound method: the entry must not keep the cells (and so itself) alive.
        nz.remember_factors(cells[i], functools.partial(_factors, c.codes, c.distinct, h + 1, None if every else rows))
    frame = pd.DataFrame(cells, index=index if every else index[rows], dtype=object, copy=False)
    return RawTable(headers=headers, frame=frame, error_columns={i for i, c in enumerate(columns) if c.has_errors()})


_ERROR_VALUES = pa.array(nz.ERROR_CELLS, type=pa.string())
_SAMPLE = 10_000  # cells that tell whether a column repeats its values


@dataclass
class _Encoded:
    """One column as stripped text with empty cells as None, built from its distinct values: a million cells of a
    few thousand distinct labels, dates or names are stripped once per value and become Python strings once per
    value (cells of one value share the string), instead of once per cell."""
    values: np.ndarray      # object: text or None per cell
    present: np.ndarray     # bool: the cell holds text
    distinct: pa.Array      # its stripped values (distinct ones when encoded; header rows included)
    codes: np.ndarray | None = None  # when encoded: per cell, its slot in `distinct` (len(distinct): missing)

    @classmethod
    def of(cls, column: pa.ChunkedArray) -> _Encoded:
        column = column.combine_chunks() if column.num_chunks != 1 else column.chunk(0)
        sample = column.slice(0, _SAMPLE)
        if len(sample) and pc.count_distinct(sample).as_py() > len(sample) // 2:
            # Mostly distinct (timestamps, emails, links): hashing them would cost more than it saves.
            distinct = _clean_column(column)
            values = distinct.to_numpy(zero_copy_only=False)
            return cls(values=values, present=distinct.is_valid().to_numpy(zero_copy_only=False), distinct=distinct)
        encoded = pc.dictionary_encode(column)
        distinct = _clean_column(encoded.dictionary)
        missing = len(distinct)  # the extra last slot: a null cell, or one that was only spaces
        text = np.empty(missing + 1, dtype=object)
        text[:-1] = distinct.to_numpy(zero_copy_only=False)
        slot = np.arange(missing + 1)
        slot[:-1][pc.is_null(distinct).to_numpy(zero_copy_only=False)] = missing
        codes = slot[pc.fill_null(encoded.indices, missing).to_numpy(zero_copy_only=False)]
        return cls(values=text[codes], present=codes != missing, distinct=distinct, codes=codes)

    def has_errors(self) -> bool:
        """Whether the column may hold a spreadsheet error value (a header-row value may say yes: a hint only)."""
        return _has_errors(self.distinct)


def _factors(slots: np.ndarray | None, distinct: pa.Array, start: int,
             rows: np.ndarray | None) -> tuple[np.ndarray, pa.Array]:
    """What pd.factorize says of a column's cells from `start` (of those, `rows` only when given), from Arrow:
    `slots` and `distinct` as _Encoded holds them."""
    if slots is not None:
        return nz.arrow_codes(slots[start:] if rows is None else slots[start:][rows], distinct)
    cells = distinct.slice(start)
    if rows is not None:
        cells = cells.take(pa.array(rows, type=pa.int64()))
    encoded = pc.dictionary_encode(cells)  # numbered in order of first appearance, nulls masked
    codes = pc.fill_null(encoded.indices, -1).to_numpy(zero_copy_only=False).astype(np.intp)
    return codes, encoded.dictionary


def _has_errors(column: pa.Array | pa.ChunkedArray) -> bool:
    """Whether a column holds a spreadsheet error value; the prefix test first (most columns have none)."""
    if not pc.any(pc.or_(pc.starts_with(column, "#"), pc.starts_with(column, "Err:"))).as_py():
        return False
    return bool(pc.any(pc.is_in(column, value_set=_ERROR_VALUES)).as_py())


def _clean_column(column: pa.Array | pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
    """Stripped text with empty cells as null."""
    column = pc.utf8_trim_whitespace(column)
    return pc.if_else(pc.equal(column, ""), pa.scalar(None, pa.string()), column)


def _check_unpacked(data: bytes) -> set[str]:
    """Unzip every part as a stream, counting bytes, before the parser inflates it all in memory; returns the
    parts that hold an error cell (`t="e"`), found on the way. The first sheet's extent is measured on the way
    too (ReadError over MAX_SHEET_CELLS).

    The declared sizes are checked first (cheap); streaming then catches parts that lie about
    their size (zipfile stops at the declared size and fails on the CRC).
    """
    with_errors: set[str] = set()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        parts = zf.infolist()
        total = sum(p.file_size for p in parts)
        if total <= MAX_XLSX_UNPACKED_BYTES:
            total = 0
            names = {p.filename for p in parts}
            sheet = _first_sheet_part(zf) if "xl/workbook.xml" in names else None
            for part in parts:
                tail = b""
                extent: _Extent | None = None
                if part.filename == sheet or (sheet is None and part.filename.startswith("xl/worksheets/")):
                    extent = _XlsxExtent()
                elif part.filename == "content.xml" and "xl/workbook.xml" not in names:
                    extent = _OdsExtent(lambda part=part: zf.open(part))
                with zf.open(part) as fh:
                    while chunk := fh.read(4 * _MB):
                        total += len(chunk)
                        if extent is not None and total <= MAX_XLSX_UNPACKED_BYTES:
                            extent.feed(chunk)
                        if _ERROR_ATTRIBUTE in tail + chunk[:8]:
                            with_errors.add(part.filename)
                        if _ERROR_ATTRIBUTE in chunk:
                            with_errors.add(part.filename)
                        tail = chunk[-8:]
                if extent is not None and total <= MAX_XLSX_UNPACKED_BYTES:
                    extent.check()
    if total > MAX_XLSX_UNPACKED_BYTES:
        raise ReadError(f"isi XLSX setelah diekstrak lebih dari {MAX_XLSX_UNPACKED_BYTES // _MB} MB "
                        f"(kemungkinan bukan ekspor lembar kerja biasa)")
    return with_errors


def _column_name(column: int) -> str:
    """1 -> A, 27 -> AA."""
    name = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        name = chr(65 + rest) + name
    return name


def _column_number(letters: bytes) -> int:
    column = 0
    for letter in letters:
        column = column * 26 + letter - 64
    return column


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")


class _Extent:
    """The extent of a sheet read as a stream of XML chunks: the largest row and column a cell is placed at."""

    rows = columns = 0
    declared = False  # the extent came from the sheet's own declaration (`<dimension ref>`)

    def feed(self, chunk: bytes) -> None:
        raise NotImplementedError

    def check(self) -> None:
        if self.rows * self.columns > MAX_SHEET_CELLS:
            what = "menyatakan ukuran" if self.declared else "mencakup"
            raise ReadError(
                f"lembar pertama {what} {_thousands(self.rows)} baris x {_thousands(self.columns)} kolom "
                f"(sel terakhir {_column_name(self.columns)}{self.rows}), melebihi batas "
                f"{_thousands(MAX_SHEET_CELLS)} sel; hapus isi dan format di luar tabel (baris dan kolom kosong "
                f"di bawah dan di kanan tabel) lalu simpan ulang")


_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="(?:[A-Z]+[0-9]+:)?\$?([A-Z]{1,3})\$?([0-9]{1,7})"')
_ROOT = re.compile(rb"<(\w+:)?worksheet[\s>]")
_SHEET_TAG = re.compile(rb'<(?:\w+:)?(row|c)(?=[\s/>])([^>]*)>')
_R_ATTRIBUTE = re.compile(rb'\sr="\$?([A-Z]*)\$?([0-9]*)"')


def _greater_than(value: str, first: str, rest: str) -> bytes:
    """A regex for the strings over a digit or letter alphabet that stand for more than `value`: longer ones, or
    as long and larger at the first difference (no leading zero: `first` is the class of a leading symbol)."""
    options = [f"{first}{rest}{{{len(value)},}}"]
    for i, symbol in enumerate(value):
        above = chr(ord(symbol) + 1)
        top = "9" if symbol.isdigit() else "Z"
        if symbol != top:
            options.append(f"{re.escape(value[:i])}[{above}-{top}]{rest}{{{len(value) - i - 1}}}")
    return "|".join(options).encode()


class _XlsxExtent(_Extent):
    """An XLSX sheet part. When the sheet declares its size (`<dimension ref="A1:AN500001"/>`, written by Excel,
    LibreOffice, openpyxl, xlsxwriter) one RE2 search per chunk checks that every cell carries its place
    (`<c r="..."`) within it, matching nothing in a well-formed sheet; otherwise each row and cell tag is read
    as calamine places it (a cell without `r` follows the previous one, a row without `r` the previous row)."""

    def __init__(self) -> None:
        self.head = True
        self.beyond: re.Pattern[bytes] | None = None
        self.carry = b""
        self.row = self.column = 0

    def feed(self, chunk: bytes, final: bool = False) -> None:
        if self.head:
            self.head = False
            self._declare(self.carry + chunk)
        if self.beyond is not None and not final and not self._maybe_beyond(chunk):
            # What the search below would conclude (nothing, or only a tag cut by the chunk's end), without it.
            self.carry = (self.carry + chunk)[-64:] if len(chunk) < 64 else chunk[-64:]
            return
        buffer = self.carry + chunk
        if self.beyond is not None:
            found = self.beyond.search(buffer)
            # A tag cut by the chunk's end can look like an anomaly: the last bytes are searched again with
            # the next chunk (or by check() at the end of the part).
            if not found or (found.start() >= len(buffer) - 64 and not final):
                self.carry = buffer[-64:]  # longer than any tag start the search needs
                return
            # A cell outside the declaration or without its place: measure every tag from here on. Cells
            # before this chunk were inside the declared size, which stays as their (upper) bound.
            self.beyond, self.declared = None, False
        last = 0
        for tag in _SHEET_TAG.finditer(buffer):
            last = tag.end()
            ref = _R_ATTRIBUTE.search(tag.group(2))
            if tag.group(1) == b"row":
                self.row = int(ref.group(2)) if ref and ref.group(2) else self.row + 1
                self.column = 0
                self.rows = max(self.rows, self.row)
                continue
            if ref and ref.group(1):
                self.column = _column_number(ref.group(1))
                self.rows = max(self.rows, int(ref.group(2)) if ref.group(2) else self.row)
            else:
                self.column += 1
            self.columns = max(self.columns, self.column)
            if self.rows * self.columns > MAX_SHEET_CELLS:
                return self.check()
        self.carry = buffer[max(last, len(buffer) - _MB):]

    def check(self) -> None:
        if self.beyond is not None and self.carry:
            self.feed(b"", final=True)
        super().check()

    def _declare(self, head: bytes) -> None:
        """Use the declared size when it is there and every cell tag is plain (`<c r="`, no namespace prefix)."""
        root, dimension = _ROOT.search(head), _DIMENSION.search(head)
        if not root or root.group(1) or not dimension:
            return
        self.columns, self.rows = _column_number(dimension.group(1)), int(dimension.group(2))
        self.declared = True
        self.check()
        columns, rows = dimension.group(1).decode(), dimension.group(2).decode().lstrip("0") or "0"
        # A cell tag not starting with `r="<letter>`, or a place beyond the declared last row or column.
        self.beyond = re.compile(
            rb'<c(?:(?! r="[A-Z])[\s/>]| r="(?:(?:' + _greater_than(columns, "[A-Z]", "[A-Z]") + rb')[0-9]|[A-Z]+0*(?:'
            + _greater_than(rows, "[1-9]", "[0-9]") + rb')"))')
        # The same test as one RE2 automaton (pyarrow's), which reads a chunk at about the speed of `bytes.find`
        # where `beyond`, entered at every cell, took 4 times as long (issue 13: loading no slower than before).
        # It matches wherever `beyond` does (and at a leading zero in a row number, which `beyond` skips);
        # every match is under 20 bytes long, which feed() relies on at chunk boundaries.
        k, n = len(columns), len(rows)
        self.maybe = (
            r'<c(?:[\t\n\r\f\v/>]| (?:[^r]|r[^=]|r=[^"]|r="(?:[^A-Z]|[A-Z]{' + str(k + 1) + "}|"
            + _same_length_greater(columns, "[A-Z]") + r"|[A-Z]{1," + str(k) + r"}(?:0|[0-9]{" + str(n + 1) + "}|(?:"
            + _same_length_greater(rows, "[0-9]") + ')"))))')

    def _maybe_beyond(self, chunk: bytes) -> bool:
        """Whether `beyond` may find a cell in carry + chunk before its last 64 bytes (False: it cannot)."""
        return _re2_finds(self.maybe, chunk) or (bool(self.carry) and _re2_finds(self.maybe, self.carry + chunk[:64]))


def _same_length_greater(value: str, rest: str) -> str:
    """An RE2 pattern for the strings as long as `value` (letters or digits, no leading zero) and larger."""
    top = "Z" if value[0].isalpha() else "9"
    return "|".join(f"{value[:i]}[{chr(ord(symbol) + 1)}-{top}]{rest}{{{len(value) - i - 1}}}"
                    for i, symbol in enumerate(value) if symbol != top) or "[^\\x00-\\xff]"


def _re2_finds(pattern: str, data: bytes) -> bool:
    """Whether RE2 finds `pattern` in `data`, read in place as one binary value (Latin-1: any byte is a char)."""
    offsets = pa.py_buffer(np.array([0, len(data)], dtype=np.int32))
    array = pa.Array.from_buffers(pa.binary(), 1, [None, offsets, pa.py_buffer(data)])
    return bool(pc.match_substring_regex(array, pattern=pattern)[0].as_py())


_ODS_TAG = re.compile(rb"<(/?)table:(table-row|table-cell|covered-table-cell|table)(?=[\s/>])([^>]*?)(/?)>")
_ODS_REPEAT = re.compile(rb'number-(?:rows|columns)-repeated="([0-9]+)"')


class _Inexact(Exception):
    """The ODS bounds passed MAX_SHEET_CELLS: the exact count decides, and words any refusal."""


class _OdsExtent(_Extent):
    """An ODS `content.xml`: the first table, with `number-rows-repeated` and `number-columns-repeated` multiplied
    out only where a cell holds a value (LibreOffice pads sheets with repeated empty cells, which calamine skips
    and which count for nothing here)."""

    def __init__(self, reopen: Callable[[], io.BufferedIOBase] | None = None) -> None:
        self.carry = b""
        self.last = 0
        self.depth = 0  # inside the first table (nested tables are inside cells)
        self.done = False
        self.row = self.column = 0  # rows and columns passed so far in the table / the row
        self.row_repeat = 1
        self.row_columns = 0  # the last column in this row that holds a value (0: none yet)
        self.cell_repeat = 0  # repeats of the open cell (0: no cell open)
        self.cell_value = False
        self.reopen = reopen  # the part again, for an exact recount; None: count exactly throughout
        self.fed = 0  # chunks fed
        self.approx = False  # rows, columns and row are upper bounds (runs of plain rows were bounded, not counted)

    def feed(self, chunk: bytes) -> None:
        self.fed += 1
        try:
            self._feed(chunk)
        except _Inexact:
            self._recount()

    def check(self) -> None:
        if self.approx and self.rows * self.columns > MAX_SHEET_CELLS:
            self._recount()
        super().check()

    def _recount(self) -> None:
        """The bounds passed the limit: count the chunks fed so far exactly (refusing where the exact count does,
        with its words) and go on exactly."""
        exact = _OdsExtent()
        with self.reopen() as fh:
            for _ in range(self.fed):
                exact.feed(fh.read(4 * _MB))
        self.__dict__.update(exact.__dict__)

    def _over(self) -> None:
        if self.approx:
            raise _Inexact
        _Extent.check(self)

    def _feed(self, chunk: bytes) -> None:
        if self.done:
            return
        buffer, last, pos, retry = self.carry + chunk, 0, 0, 0
        while pos is not None:
            pos = self._scan(buffer, pos, retry)
            if pos is not None:
                last, retry = pos, pos
        last = max(last, self.last)
        self.carry = buffer[max(last, len(buffer) - _MB):]
        if self.row_columns and (self.row + self.row_repeat) * max(self.columns, self.row_columns) > MAX_SHEET_CELLS:
            self.rows, self.columns = self.row + self.row_repeat, max(self.columns, self.row_columns)
            self._over()

    def _scan(self, buffer: bytes, pos: int, retry: int) -> int | None:
        """Tags from `pos` as the exact count reads them; the position after a run of plain rows taken at once."""
        self.last = 0
        for tag in _ODS_TAG.finditer(buffer, pos):
            self.last = last = tag.end()
            closing, name, attrs, empty = tag.group(1), tag.group(2), tag.group(3), tag.group(4)
            if name == b"table":
                self.depth += -1 if closing else (0 if empty else 1)
                if self.depth == 0 and closing:
                    self.done = True
                    break
                continue
            if self.depth != 1:
                continue
            repeat = _ODS_REPEAT.search(attrs)
            times = int(repeat.group(1)) if repeat else 1
            if name == b"table-row":
                if not closing:
                    self.row_repeat, self.row_columns, self.column = times, 0, 0
                if closing or empty:
                    if self.row_columns:  # a row with values: every repeat of it counts
                        self.rows = self.row + self.row_repeat
                        self.columns = max(self.columns, self.row_columns)
                    self.row, self.row_columns = self.row + self.row_repeat, 0
                    if self.reopen and self.row_repeat == 1 and not self.cell_repeat and last >= retry:
                        end = self._plain_rows(buffer, last)
                        if end > last:
                            return end
                        retry = -end
                continue
            if closing:
                self._end_cell()
                continue
            self._end_cell()
            self.cell_repeat, self.cell_value = times, b"value-type=" in attrs
            if empty:
                self._end_cell()
            else:
                self.cell_value = True  # content inside the cell (text:p): a value for calamine
            if self.rows * self.columns > MAX_SHEET_CELLS:
                return self._over()
        return None

    def _plain_rows(self, buffer: bytes, start: int) -> int:
        """Bound the complete rows after `start` (just after a row's end tag) at C speed when none repeats:
        returns where they end, or minus where to try again. Each row is split off at `</table:table-row>` and
        must begin with its own start tag, hold no other row tag and end its last tag before the row's end;
        then every row, counted exactly, ends at most one row further (its start tag may be empty) and holds
        at most as many cells as `<table:` tags (one of them may be a cell left open before it). The bounds
        are upper bounds: passing the limit means an exact recount."""
        end = buffer.rfind(b"</table:table-row>", start)
        repeat = buffer.find(b"-repeated=", start, max(end, start))
        if repeat >= 0:
            end = buffer.rfind(b"</table:table-row>", start, repeat)
        if end <= start:
            return -(repeat if repeat >= 0 else len(buffer))
        rows = buffer[start:end].split(b"</table:table-row>")
        if not (all(map(bytes.startswith, rows, itertools.repeat((b"<table:table-row ", b"<table:table-row>"))))
                and all(map(bytes.endswith, rows, itertools.repeat(b">")))
                and buffer.count(b"table-row", start, end) == 2 * len(rows) - 1):  # and the ends between
            return -(end + 18)
        firsts = map(bytes.find, rows, itertools.repeat(b">"))
        empty = len(rows) - list(map(bytes.find, rows, itertools.repeat(b"/>"), itertools.repeat(0),
                                     (p + 1 for p in firsts))).count(-1)
        cells = max(map(bytes.count, rows, itertools.repeat(b"<table:")))
        self.approx = True
        self.row += len(rows) + empty
        self.rows, self.columns = self.row, max(self.columns, cells)
        self.row_repeat, self.row_columns, self.column = 1, 0, 0
        self.cell_repeat, self.cell_value = 1, True  # as if a cell were left open: an upper bound either way
        if self.rows * self.columns > MAX_SHEET_CELLS:
            raise _Inexact
        return end + 18

    def _end_cell(self) -> None:
        if self.cell_repeat:
            self.column += self.cell_repeat
            if self.cell_value:
                self.row_columns = self.column
            self.cell_repeat = 0


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
    if type(v) is str:  # most cells are text: first, before the type tests below (half the time of a read's cells)
        s = v.strip()
        return (s.replace("\x00", "").strip() or None) if "\x00" in s else (s or None)
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
    # Rows of only empty cells ("" from calamine and the csv module) are left out here, at C speed, rather than
    # built and then dropped by _trim: a sheet padded with blank rows then costs no Python cell per blank cell.
    kept = [i for i in range(h + 1, len(rows)) if (r := rows[i]) and (r[0] != "" or r.count("") != len(r))]
    index = (pd.RangeIndex(h + offset, h + offset + len(rows) - h - 1) if len(kept) == len(rows) - h - 1
             else pd.Index(np.array(kept, dtype=np.int64) - 1 + offset))
    body = pd.DataFrame(
        [[_cell_text(v) for v in rows[i]] + [None] * (width - len(rows[i])) for i in kept],
        columns=range(width), dtype=object, index=index,
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

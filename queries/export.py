"""Files a user downloads: CSV that Excel opens correctly, and XLSX with an `info` sheet.

Shared by the CLI and the dashboard so both give the same bytes. Never imports streamlit.
"""
from __future__ import annotations

import io
import math
from datetime import date, datetime

import pandas as pd
import xlsxwriter

# Cells starting with these are run as formulas by spreadsheet programs (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _neutralise(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def to_csv_bytes(df: pd.DataFrame, *, bom: bool = True) -> bytes:
    """`,`-separated UTF-8 (with a BOM so Excel detects the encoding); text cells that a
    spreadsheet would run as a formula get a leading `'`; numbers are left as they are."""
    safe = df.copy()
    for col in safe.columns:
        if not (pd.api.types.is_numeric_dtype(safe[col]) or pd.api.types.is_datetime64_any_dtype(safe[col])):
            safe[col] = safe[col].map(_neutralise, na_action="ignore")
    # CRLF (RFC 4180) also makes the writer quote fields containing a bare CR or LF.
    text = safe.to_csv(index=False, sep=",", lineterminator="\r\n")
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")


def _cell(value: object) -> object:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):  # numpy scalars
        return value.item()
    return value


def to_xlsx_bytes(df: pd.DataFrame, info: dict[str, str]) -> bytes:
    """Workbook with sheet `data` (the table) and sheet `info` (key / value rows:
    period, filters, scope, data time). Text is always written as text, never as a formula."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer,
        {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False},
    )
    bold = workbook.add_format({"bold": True})
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    datetime_format = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})

    data = workbook.add_worksheet("data")
    for c, name in enumerate(df.columns):
        data.write_string(0, c, str(name), bold)
        data.set_column(c, c, max(10, min(40, len(str(name)) + 2)))
    for r, row in enumerate(df.itertuples(index=False), start=1):
        for c, raw in enumerate(row):
            value = _cell(raw)
            if value is None:
                continue
            if isinstance(value, datetime):
                fmt = date_format if value == datetime.combine(value.date(), datetime.min.time()) else datetime_format
                data.write_datetime(r, c, value, fmt)
            elif isinstance(value, date):
                data.write_datetime(r, c, datetime.combine(value, datetime.min.time()), date_format)
            elif isinstance(value, bool):
                data.write_boolean(r, c, value)
            elif isinstance(value, (int, float)):
                data.write_number(r, c, value)
            else:
                data.write_string(r, c, str(value))
    if len(df.columns):
        data.freeze_panes(1, 0)

    sheet = workbook.add_worksheet("info")
    sheet.write_string(0, 0, "keterangan", bold)
    sheet.write_string(0, 1, "nilai", bold)
    sheet.set_column(0, 0, 24)
    sheet.set_column(1, 1, 60)
    for r, (key, value) in enumerate(info.items(), start=1):
        sheet.write_string(r, 0, str(key))
        sheet.write_string(r, 1, str(value))
    workbook.close()
    return buffer.getvalue()


def export_info(
    name: str, dari: date, sampai: date, filters: dict[str, object], scope_label: str, diperbarui_pada: str | None
) -> dict[str, str]:
    """The `info` sheet's rows (Indonesian, for the reader of the file)."""
    filter_text = "; ".join(f"{k}: {v}" for k, v in filters.items() if v not in (None, "", (), [])) or "tanpa filter"
    return {
        "kueri": name,
        "periode": f"{dari.isoformat()} s.d. {sampai.isoformat()}",
        "filter": filter_text,
        "lingkup": scope_label,
        "data diperbarui": diperbarui_pada or "tidak diketahui",
        "berkas dibuat": datetime.now().isoformat(timespec="seconds"),
    }

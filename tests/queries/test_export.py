"""Files people download never run as formulas: CSV cells a spreadsheet would evaluate get a
leading `'`; XLSX cells are written as text (the dashboard's tables, the CLI, the snapshot and the
bimonthly report all go through these writers)."""
from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from edits.bimonthly_report import DRAFT_COLUMNS, draft_xlsx_bytes
from queries.export import to_csv_bytes, to_xlsx_bytes
from queries.scope import ADMIN
from queries.snapshot import build_snapshot
from store.database import open_readonly
from tests.fixtures.security import FORMULA_NAME, PERIOD

ATTACKS = [
    "=HYPERLINK(\"http://evil\",\"klik\")",
    "+62 812 3456",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def csv_cells(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize("dtype", ["str", "object", "category"])
def test_csv_neutralises_every_formula_start(dtype: str) -> None:
    df = pd.DataFrame({"nama_komunitas": [*ATTACKS, "Kombel Ceria", None], "n": range(8)})
    df["nama_komunitas"] = df["nama_komunitas"].astype(dtype)
    rows = csv_cells(to_csv_bytes(df))
    assert rows[0] == ["nama_komunitas", "n"]
    assert [r[0] for r in rows[1:7]] == ["'" + a for a in ATTACKS]
    assert rows[7] == ["Kombel Ceria", "6"] and rows[8] == ["", "7"]
    for r in rows[1:]:
        assert not r[0].startswith(("=", "+", "-", "@", "\t", "\r"))


def test_csv_keeps_numbers_and_dates_as_they_are() -> None:
    df = pd.DataFrame({"persen": [-12.5, 0.0], "jumlah": [-3, 4],
                       "tanggal": pd.to_datetime(["2022-08-01", "2022-08-08"])})
    assert csv_cells(to_csv_bytes(df))[1:] == [["-12.5", "-3", "2022-08-01"], ["0.0", "4", "2022-08-08"]]


def _sheet_cells(data: bytes, sheet: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read(f"xl/worksheets/{sheet}.xml").decode("utf-8")


def test_xlsx_stores_formula_like_text_as_text() -> None:
    df = pd.DataFrame({"nama_komunitas": ATTACKS, "n": range(len(ATTACKS))})
    info = {"filter": "=1+1", "lingkup": "@wali"}
    data = to_xlsx_bytes(df, info)
    for sheet in ("sheet1", "sheet2"):
        xml = _sheet_cells(data, sheet)
        assert "<f>" not in xml and "<f " not in xml
    # every cell of the text column is a shared string (t="s"), none a formula or a number
    column_a = re.findall(r'<c r="A(\d+)"([^>]*)>', _sheet_cells(data, "sheet1"))
    assert [attrs for row, attrs in column_a if row != "1"] == [' t="s"'] * len(ATTACKS)
    back = pd.read_excel(io.BytesIO(data), sheet_name=None, engine="calamine")
    assert back["data"]["nama_komunitas"].tolist()[:4] == ATTACKS[:4]  # the text itself, unchanged
    assert dict(zip(back["info"].iloc[:, 0], back["info"].iloc[:, 1])) == info


def test_bimonthly_report_xlsx_writes_text_only() -> None:
    draft = pd.DataFrame([{"komponen_laporan": "hal_baik", "peringkat": 1, "tema": "jadwal_rutin",
                           "teks": ATTACKS[0], "jumlah_komunitas": 2, "jumlah_butir": 3, "contoh": ATTACKS[3]}],
                         columns=DRAFT_COLUMNS)
    xml = _sheet_cells(draft_xlsx_bytes(draft, {"Periode": "=1+1"}, "Laporan"), "sheet1")
    assert "<f>" not in xml and "<f " not in xml


def test_snapshot_csv_neutralises_data(security_store: Path) -> None:
    con = open_readonly(security_store)
    try:
        data = build_snapshot(con, PERIOD, ADMIN, diperbarui_pada=None, app_version="0")
    finally:
        con.close()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        rows = csv_cells(z.read("weekly_rule.csv"))
    names = [r[rows[0].index("nama_komunitas")] for r in rows[1:]]
    assert "'" + FORMULA_NAME in names and FORMULA_NAME not in names

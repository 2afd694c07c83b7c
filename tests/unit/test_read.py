from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

import pytest
import xlsxwriter

from data_loaders.read import ReadError, read_table

FIXTURES = Path(__file__).parent / "fixtures"


def _xlsx(rows: list[list], *, extra=None) -> bytes:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf)
    ws = wb.add_worksheet("Sheet1")
    datef = wb.add_format({"num_format": "dd/mm/yyyy"})
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            if isinstance(v, datetime):
                ws.write_datetime(r, c, v, datef)
            elif v is not None:
                ws.write(r, c, v)
    if extra:
        extra(wb, ws)
    wb.close()
    return buf.getvalue()


def test_semicolon_utf8_bom_crlf_and_trailing_empty_rows():
    t = read_table("kegiatan_forms_excel.csv", (FIXTURES / "kegiatan_forms_excel.csv").read_bytes())
    assert t.headers[0] == "Stempel waktu"  # BOM stripped
    assert len(t.headers) == 11
    assert len(t.frame) == 17  # the blank line and the ';;;' line at the end are dropped
    assert t.frame.index[0] == 0 and t.frame.index[-1] == 16
    assert t.frame.iloc[0, 2] == "KAB. BANDUNG"


def test_tab_delimited():
    t = read_table("kegiatan_pmm.tsv", (FIXTURES / "kegiatan_pmm.tsv").read_bytes())
    assert t.headers[:2] == ["ID Komunitas", "Tanggal"]
    assert t.frame.iloc[0, 0] == "KOM-001"
    assert t.frame.iloc[1, 7] is None  # empty cell -> None


def test_cp1252_fallback_keeps_accents_and_quotes():
    t = read_table("kegiatan_cp1252.csv", (FIXTURES / "kegiatan_cp1252.csv").read_bytes())
    assert t.frame.iloc[0, 3] == "Diskusi ‘Modul Ajar’ di kafé sekolah"
    assert t.frame.iloc[1, 3] == "Sharing praktik – diferensiasi"


def test_comma_with_quoted_thousands_and_blank_middle_row_keeps_row_numbers():
    data = b"NPSN,Nama Sekolah,Jumlah\n20201234,\"SD Negeri 1, Cileunyi\",\"1.024\"\n\n20205555,SMPN 2,5\n"
    t = read_table("s.csv", data)
    assert t.frame.iloc[0].tolist() == ["20201234", "SD Negeri 1, Cileunyi", "1.024"]
    assert list(t.frame.index) == [0, 2]  # row 4 of the sheet stays row 4


def test_xlsx_typed_cells_and_trailing_empty_area():
    def stray(wb, ws):
        ws.write_blank(20, 12, None, wb.add_format({"bold": True}))  # formatted but empty, far away
    data = _xlsx([
        ["NPSN", "Nama Sekolah", "Tanggal", "Serial", "Jumlah"],
        [20201234, "SD Negeri 1 Cileunyi", datetime(2022, 8, 15), 44788, 12.0],
        [20205555.0, "SMP Negeri 2 Bogor", datetime(2022, 8, 15, 10, 23, 45), 44789, 1.5],
    ], extra=stray)
    t = read_table("sekolah.xlsx", data)
    assert t.headers == ["NPSN", "Nama Sekolah", "Tanggal", "Serial", "Jumlah"]
    assert len(t.frame) == 2
    assert t.frame.iloc[0].tolist() == ["20201234", "SD Negeri 1 Cileunyi", "2022-08-15", "44788", "12"]
    assert t.frame.iloc[1].tolist() == ["20205555", "SMP Negeri 2 Bogor", "2022-08-15 10:23:45", "44789", "1.5"]


@pytest.mark.parametrize("name,data", [
    ("kosong.csv", b""),
    ("spasi.csv", b"  \n \n"),
    ("rusak.xlsx", b"PK\x03\x04 ini bukan zip yang utuh"),
    ("gambar.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"),
    ("bukan.xlsx", b"halo dunia"),
])
def test_junk_is_a_read_error(name, data):
    with pytest.raises(ReadError):
        read_table(name, data)

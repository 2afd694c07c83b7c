"""The UTF-8 fast path of read.py gives exactly what the general path gives, and unclosed quotes are refused."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from data_loaders.load import LoadError, Source, preview_mapping
from data_loaders.read import ReadError, _decode, _read_csv, _read_utf8_csv, read_table

FIXTURES = Path(__file__).parent / "fixtures"

CASES = [
    *(p.read_bytes() for p in sorted(FIXTURES.glob("*.csv")) + sorted(FIXTURES.glob("*.tsv"))),
    b"\xef\xbb\xbfNama;Tanggal;Topik\r\nA; 2022-01-01 ;\"ab\r\nc\"\r\n;;\r\nB;2022-01-02;\"multi\nline\"\r\n\r\n\r\n",
    b"Nama,Tanggal,,\nKombel Ceria,15/08/2022 10:23:45,,\n,,,\nKB Melati,\"1 Agustus 2022\",,\n",
    b"NPSN\tNama\n20201234\tSD Negeri 1\n",
]


@pytest.mark.parametrize("data", CASES)
def test_fast_path_equals_general_path(data):
    fast = _read_utf8_csv(data)
    general = _read_csv(_decode(data))
    if fast is None:  # not UTF-8 or not rectangular: read_table takes the general path
        return
    assert fast.headers == general.headers
    pd.testing.assert_frame_equal(fast.frame, general.frame, check_index_type=False)


def test_cp1252_and_ragged_files_leave_the_fast_path():
    assert _read_utf8_csv("Nama;Topik\nA;Diskusi kafé\n".encode("cp1252")) is None
    assert _read_utf8_csv(b"Nama,Topik\nA,x\n\nB,y,z\n") is None


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252"])
def test_unclosed_quote_names_the_row_where_it_opened(encoding):
    data = "Nama,Tanggal,Topik\nA,2022-01-01,x\nB,2022-01-02,\"Diskusi é\nC,2022-01-03,y\nD,2022-01-04,z\n"
    with pytest.raises(ReadError, match="baris 3"):
        read_table("kegiatan.csv", data.encode(encoding))
    with pytest.raises(LoadError, match=r"Berkas 'kegiatan.csv'.*tanda kutip.*baris 3"):
        preview_mapping(Source("kegiatan.csv", data.encode(encoding)))


def test_multi_line_last_cell_that_is_closed_still_loads():
    t = read_table("r.csv", b"Nama;Refleksi\nA;\"baris satu\nbaris dua\"\n")
    assert t.frame.iloc[-1].tolist() == ["A", "baris satu\nbaris dua"]

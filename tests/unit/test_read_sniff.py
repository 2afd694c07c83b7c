"""How a text file's delimiter and encoding are told (found by the hostile-input fuzz, issue 13)."""
from __future__ import annotations

import pytest

from data_loaders.read import ReadError, read_table

TITLED = ("Rekap Kegiatan Komunitas Belajar\nUPT BBGP Jawa Barat, Agustus 2022\n"
          "ID Komunitas;Tanggal;Durasi (menit);Topik\nKOM-001;15/08/2022;60;Asesmen, P5\n"
          "KOM-002;16/08/2022;90;Diferensiasi\n")


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_a_comma_in_the_title_or_a_cell_does_not_decide_the_delimiter(delimiter: str) -> None:
    table = read_table("rekap.csv", TITLED.replace(";", delimiter).encode("utf-8"))
    assert table.headers == ["ID Komunitas", "Tanggal", "Durasi (menit)", "Topik"]
    assert table.frame.values.tolist() == [["KOM-001", "15/08/2022", "60", "Asesmen, P5"],
                                           ["KOM-002", "16/08/2022", "90", "Diferensiasi"]]
    assert table.frame.index.tolist() == [2, 3]  # file rows 4 and 5 (index = row - 2), below the title block


def test_a_comma_file_with_semicolons_in_cells_stays_comma() -> None:
    data = b"ID Komunitas,Tanggal,Topik\nKOM-001,15/08/2022,Asesmen; P5; Modul\nKOM-002,16/08/2022,x\n"
    assert read_table("k.csv", data).headers == ["ID Komunitas", "Tanggal", "Topik"]


def test_a_binary_header_with_nul_bytes_is_binary_not_utf16() -> None:
    with pytest.raises(ReadError, match="berkas biner"):
        read_table("foto.csv", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" * 100)


def test_utf16_without_bom_and_a_stray_control_byte_in_text_still_read() -> None:
    text = "ID Komunitas;Tanggal;Topik\n" + "".join(f"KOM-{i:03d};15/08/2022;Topik {i}\n" for i in range(200))
    assert read_table("u.csv", text.encode("utf-16-le")).frame.shape == (200, 3)
    noisy = (text.replace("Topik 7\n", "Topik\x00 7\x01\n")).encode("utf-8")  # one NUL, one control byte
    table = read_table("n.csv", noisy)
    assert table.frame.shape == (200, 3) and table.frame.iloc[7, 2] == "Topik 7\x01"

"""WhatsApp numbers (issue 16 item 1): how forms ask for them, how people type them, what a spreadsheet does to
them, and what is stored: the international form `62...` or nothing, with a correction saying why."""
from __future__ import annotations

import pytest

from data_loaders import normalise as nz
from data_loaders.headers import map_headers, match_header
from data_loaders.load import Source, load_files

GOOD = [
    ("0812-3456-7890", "6281234567890"),
    ("+62 812 3456 7890", "6281234567890"),
    ("+62-812-3456-7890", "6281234567890"),
    ("6281234567890", "6281234567890"),
    ("62 812 3456 7890", "6281234567890"),
    ("812 3456 7890", "6281234567890"),            # the leading 0 a spreadsheet dropped
    ("0812 3456 7890 (WA)", "6281234567890"),
    ("0812 3456 7890 (wa aktif)", "6281234567890"),
    ("WA: 0812-3456-789", "628123456789"),
    ("No. HP 0812.3456.7890", "6281234567890"),
    ("(0812) 3456 7890", "6281234567890"),
    ("+62 (0) 812 3456 7890", "6281234567890"),
    ("0062 812 3456 7890", "6281234567890"),
    ("6.28123456789E+11", "628123456789"),         # Excel's scientific notation, every digit still there
    ("6,28123456789E+11", "628123456789"),         # the same from an Indonesian-locale Excel
    ("8.1234567890E+10", "6281234567890"),
    ("8123456789.0", "628123456789"),              # a float cell written out as text
    ("628123456789.0", "628123456789"),
    ("0812-3456-7890 / 0813-1111-2222", "6281234567890"),  # two numbers: the first
    ("0812 3456 7890, 0813 1111 2222", "6281234567890"),
    ("0812 3456 7890 atau 0813 1111 2222", "6281234567890"),
    ("- / 0813 1111 2222", "6281311112222"),
    ("\u200b0812\u00a03456\u00a07890\u200e", "6281234567890"),  # NBSP and invisible marks from a pasted cell
    ("0812345678", "62812345678"),                 # shortest: 08 + 8 digits
    ("0812345678901", "62812345678901"),           # longest: 08 + 11 digits
]

BAD = [
    ("6.28E+11", "nomor_digit_hilang"),            # Excel kept three digits: the number is gone
    ("6,2812E+11", "nomor_digit_hilang"),
    ("8.12345E+09", "nomor_digit_hilang"),
    ("1.5E+00", "nomor_tidak_terbaca"),
    ("-", "nomor_tidak_terbaca"),
    ("belum ada", "nomor_tidak_terbaca"),
    ("tidak punya WA", "nomor_tidak_terbaca"),
    ("nan", "nomor_tidak_terbaca"),
    ("inf", "nomor_tidak_terbaca"),
    ("1e400", "nomor_tidak_terbaca"),
    ("=HYPERLINK(\"https://wa.me/6281234567890\")", "nomor_tidak_terbaca"),
    ("<b>0812</b>", "nomor_tidak_terbaca"),
    ("0812 3456 7890 ext 12", "nomor_tidak_terbaca"),
    ("Pak Budi 0812 3456 7890", "nomor_tidak_terbaca"),
    ("0812-3456-78x0", "nomor_tidak_terbaca"),
    ("   ", "nomor_tidak_terbaca"),
    ("+60 12 345 6789", "nomor_bukan_indonesia"),  # Malaysia
    ("0060 12 345 6789", "nomor_bukan_indonesia"),
    ("022-2011234", "nomor_bukan_seluler"),        # a Bandung landline: no WhatsApp to follow up on
    ("(021) 570 1234", "nomor_bukan_seluler"),
    ("0812", "nomor_panjang_tidak_wajar"),
    ("0812 3456", "nomor_panjang_tidak_wajar"),
    ("0812 3456 7890 1234", "nomor_panjang_tidak_wajar"),
    ("2147483648", "nomor_bukan_seluler"),
]


@pytest.mark.parametrize(("text", "expected"), GOOD)
def test_readable_numbers_become_international(text: str, expected: str) -> None:
    assert nz.parse_wa(text) == expected


@pytest.mark.parametrize(("text", "code"), BAD)
def test_unreadable_numbers_say_why(text: str, code: str) -> None:
    with pytest.raises(nz.ParseError) as exc:
        nz.parse_wa(text)
    assert exc.value.code == code
    assert code in nz.WA_ERRORS


def test_two_numbers_are_seen_as_two() -> None:
    assert nz.wa_numbers("0812-3456-7890 / 0813-1111-2222") == ["081234567890", "081311112222"]
    assert nz.wa_numbers("+62 812 3456 7890") == ["+6281234567890"]


@pytest.mark.parametrize("header", ["No. HP/WA", "Nomor WhatsApp", "No WA", "No. HP", "Nomor HP Penggerak",
                                    "Kontak (WA)", "WhatsApp", "Telepon/WA", "Nomor Whats App aktif",
                                    "No. Telp/HP (WA aktif)", "NoHP", "Nomor Handphone", "penggerak_wa"])
def test_phone_headers_name_the_penggerak_number(header: str) -> None:
    assert match_header(header, "penggerak") == "penggerak_wa"
    assert match_header(header, "komunitas") == "penggerak_wa"


@pytest.mark.parametrize("header", ["No. HP Narahubung", "Nomor WA Contact Person", "No HP CP", "narahubung_wa",
                                    "Nomor HP/WA Penanggung Jawab Komunitas"])
def test_contact_person_headers_name_the_community_contact(header: str) -> None:
    assert match_header(header, "komunitas") == "narahubung_wa"
    assert match_header(header, "penggerak") is None


@pytest.mark.parametrize("header", ["Nomor Telepon Sekolah", "No HP Kepala Sekolah", "No. HP Operator"])
def test_someone_elses_phone_is_ignored(header: str) -> None:
    assert match_header(header, "komunitas") is None


def test_a_phone_header_never_stands_for_a_name_or_the_row_number() -> None:
    # `Nomor HP Penggerak` used to be taken for the penggerak's name where no phone column is kept.
    assert match_header("Nomor HP Penggerak", "survei_kebutuhan") is None
    assert match_header("Nama Penggerak", "komunitas") == "penggerak_nama"
    assert match_header("No", "penggerak") is None
    mapping, ignored = map_headers(["Email Penggerak", "Nama Penggerak", "No. HP/WA", "No"], "penggerak")
    assert mapping == {"Email Penggerak": "penggerak_email", "Nama Penggerak": "penggerak_nama",
                       "No. HP/WA": "penggerak_wa"}
    assert ignored == ["No"]


def test_corrections_name_the_column_and_the_reason_in_indonesian(empty_store) -> None:
    csv = ("Email Penggerak,Nama Penggerak,No. HP/WA\n"
           "a@guru.sd.belajar.id,Ani,belum ada\n"
           "b@guru.sd.belajar.id,Budi,0812-3456-7890 / 0813-1111-2222\n"
           "c@guru.sd.belajar.id,Citra,6.28E+11\n"
           "d@guru.sd.belajar.id,Dedi,0812 3456 7890\n")
    report = load_files(empty_store, [Source("penggerak.csv", csv.encode())], kind="penggerak")
    (f,) = report.files
    assert f.ditambah == 4 and f.dikarantina == 0  # never the row
    koreksi = {(k["kolom"], k["nilai_asli"], k["nilai_baru"], k["metode"], k["jumlah_baris"]) for k in f.koreksi}
    assert koreksi == {
        ("No. HP/WA", "belum ada", "", "dikosongkan_nomor_tidak_terbaca", 1),
        ("No. HP/WA", "6.28E+11", "", "dikosongkan_nomor_digit_hilang", 1),
        ("No. HP/WA", "0812-3456-7890 / 0813-1111-2222", "6281234567890", "nomor_pertama_dipakai", 1),
    }
    text = report.to_text()
    assert "No. HP/WA: 'belum ada' -> (dikosongkan) (dikosongkan_nomor_tidak_terbaca, 1 baris)" in text
    assert ("No. HP/WA: '0812-3456-7890 / 0813-1111-2222' -> '6281234567890' (nomor_pertama_dipakai, 1 baris)"
            in text)

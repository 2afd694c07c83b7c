from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from data_loaders import normalise as nz


@pytest.mark.parametrize("text", [
    "2022-08-15", "15/08/2022", "15-08-2022", "15.08.2022", "15/8/22", "15 Agustus 2022", "Senin, 15 Agustus 2022",
    "senin 15 agustus 2022", "15 Agt 2022", "15 Agu 2022", "15 Ags. 2022", "15-Agu-22", "15 August 2022",
    "15/08/2022 10:23:45", "15/8/2022 9:05:01", "2022-08-15 10:23:45", "44788", "44788.4375",
])
def test_dates_day_first_every_style(text):
    assert nz.parse_date(text) == date(2022, 8, 15)


@pytest.mark.parametrize("text,expected", [
    ("1 Mei 2022", date(2022, 5, 1)), ("3 Nopember 2022", date(2022, 11, 3)), ("31 Des 2022", date(2022, 12, 31)),
    ("Kamis, 1 September 2022", date(2022, 9, 1)), ("01/02/2022", date(2022, 2, 1)), ("1 Okt 2022", date(2022, 10, 1)),
])
def test_indonesian_months_and_day_first(text, expected):
    assert nz.parse_date(text) == expected


@pytest.mark.parametrize("text,code", [
    ("kemarin", "tanggal_tidak_terbaca"), ("31/02/2022", "tanggal_tidak_terbaca"),
    ("15 Agustusan 2022", "tanggal_tidak_terbaca"), ("1000", "tanggal_tidak_terbaca"),
    ("15/08/1922", "tanggal_di_luar_rentang"), ("15 Agustus 2122", "tanggal_di_luar_rentang"),
])
def test_bad_dates(text, code):
    with pytest.raises(nz.ParseError) as exc:
        nz.parse_date(text)
    assert exc.value.code == code


@pytest.mark.parametrize("text,minutes", [
    ("90", 90), ("90 menit", 90), ("90menit", 90), ("1 jam", 60), ("1,5 jam", 90), ("1.5 jam", 90),
    ("1 jam 30 menit", 90), ("2 Jam", 120), ("45 mnt", 45), ("01:30", 90), ("0", 0), ("90,0", 90),
    ("kurang lebih 1 jam", 60), ("± 90 menit", 90), ("1 jam dan 15 menit", 75),
])
def test_durations(text, minutes):
    assert nz.parse_duration(text) == minutes


@pytest.mark.parametrize("text", ["-30", "-1 jam", "sebentar", "dua jam", "2 sesi 3 jam"])
def test_bad_durations(text):
    with pytest.raises(nz.ParseError) as exc:
        nz.parse_duration(text)
    assert exc.value.code == "durasi_tidak_valid"


@pytest.mark.parametrize("text,value", [
    ("Ya", True), ("Y", True), ("Sudah", True), ("Terdaftar", True), ("true", True), ("1", True), ("YA ", True),
    ("Tidak", False), ("T", False), ("Belum", False), ("Belum terdaftar", False), ("false", False), ("0", False),
])
def test_booleans(text, value):
    assert nz.parse_bool(text) is value


def test_numbers_and_identifiers():
    assert nz.parse_number("1.234") == 1234
    assert nz.parse_number("1.234.567") == 1234567
    assert nz.parse_number("1,5") == 1.5
    assert nz.parse_count("25") == 25
    assert nz.parse_count("1.024") == 1024
    with pytest.raises(nz.ParseError):
        nz.parse_count("dua puluh")
    assert nz.clean_id("20212345.0") == "20212345"
    assert nz.clean_id(" KOM-001 ") == "KOM-001"


@pytest.mark.parametrize("text,value", [
    ("Komunitas Belajar Dalam Sekolah", "dalam_sekolah"), ("Dalam Sekolah", "dalam_sekolah"),
    ("Antar Sekolah", "antar_sekolah"), ("antar-sekolah", "antar_sekolah"), ("Daring", "daring_pmm"),
    ("Komunitas Daring (PMM)", "daring_pmm"),
])
def test_jenis_labels(text, value):
    assert nz.parse_jenis(text) == value


def test_unknown_jenis_is_an_error_but_unknown_bentuk_is_lainnya():
    with pytest.raises(nz.ParseError):
        nz.parse_jenis("Komunitas Aneh")
    assert nz.parse_bentuk("Bazar Kelas") == "lainnya"
    assert nz.parse_bentuk("Sharing Praktik Baik") == "berbagi praktik baik"
    assert nz.parse_bentuk("Diskusi") == "belajar bersama"


@pytest.mark.parametrize("text,value", [
    ("Luring", "luring"), ("Tatap muka", "luring"), ("Offline", "luring"), ("Daring", "daring"), ("Online", "daring"),
])
def test_moda(text, value):
    assert nz.parse_moda(text) == value


@pytest.mark.parametrize("text,value", [
    ("Webinar", "webinar"), ("Upgrading Daring", "peningkatan kapasitas daring"),
    ("Upgrading Luring", "peningkatan kapasitas luring"), ("Sharing Praktik Baik", "berbagi praktik baik"),
    ("Refleksi", "refleksi"), ("Monitoring", "monitoring"), ("Sosialisasi", "sosialisasi"),
    ("Peningkatan Kapasitas Luring", "peningkatan kapasitas luring"),
])
def test_jenis_kegiatan_upt(text, value):
    assert nz.parse_jenis_kegiatan(text) == value


def test_jenjang_and_jalur():
    assert [nz.parse_jenjang(x) for x in ("SD", "SMP", "SMA", "SMK", "SLB", "TK", "Sekolah Dasar")] == \
        ["SD", "SMP", "SMA", "SMK", "SLB", "PAUD", "SD"]
    assert nz.parse_jalur_ikm("Mandiri Berubah") == "mandiri berubah"
    assert nz.parse_jalur_ikm("IKM Mandiri Berbagi") == "mandiri berbagi"


def test_multiselect_topics():
    assert nz.topics_in("Kurikulum Merdeka, Perencanaan Pembelajaran") == {
        "aksi_nyata_kurikulum_merdeka", "aksi_nyata_perencanaan_pembelajaran"}
    assert nz.topics_in("Asesmen Awal; Pembelajaran Berdiferensiasi") == {
        "aksi_nyata_asesmen_awal", "aksi_nyata_pembelajaran_berdiferensiasi"}
    assert nz.topics_in("") == set()


def test_map_unique_parses_each_value_once():
    calls = []

    def parser(s):
        calls.append(s)
        return nz.parse_date(s)

    s = pd.Series(["15/08/2022"] * 1000 + ["kemarin", None])
    values, errors = nz.map_unique(s, parser)
    assert calls == ["15/08/2022", "kemarin"]
    assert values[0] == pd.Timestamp(2022, 8, 15) and pd.isna(values[1000]) and pd.isna(values[1001])
    assert errors[1000] == "tanggal_tidak_terbaca" and errors[0] is None

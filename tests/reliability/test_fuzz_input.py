"""Generated input (hypothesis): random bytes and random CSV-ish exports never raise anything but
LoadError, and never change the store unless they load."""
from __future__ import annotations

import csv
import hashlib
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from data_loaders.load import LoadError, Source, load_files
from tests.support import copy_store

FIXTURES = Path(__file__).parent / "fixtures"
FUZZ = settings(max_examples=40, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Real headers of every kind (so kind detection succeeds and rows reach the parsers), plus noise.
HEADERS = ["ID Komunitas", "Nama Komunitas", "Tanggal", "Tanggal Kegiatan", "Durasi (menit)", "Durasi", "Topik",
           "Jenis Kegiatan", "Moda", "Peserta Hadir", "Jumlah Peserta", "Kabupaten/Kota", "Kab/Kota", "NPSN",
           "Nama Sekolah", "Jenjang", "Timestamp", "Jenis Komunitas", "Status PMM", "Tanggal Terdaftar",
           "Nama Penggerak", "Email", "Tautan Dokumentasi", "Jalur IKM", "Kendala", "Rencana Tindak Lanjut",
           "Apa yang sudah berjalan baik?", "Nama Kegiatan", "Kehadiran", "", "Kolom Aneh", "=1+1", "<b>x</b>"]
CELLS = st.one_of(
    st.sampled_from(["KOM-001", "KOM-002", "kom-003 ", "15/08/2022", "2022-08-15", "15 Agustus 2022", "31/02/2022",
                     "31/12/9999", "44789", "1 jam 30 menit", "-90", "90", "1.024", "Ya", "Tidak", "KAB. BANDUNG",
                     "Kota Bandung", "Kab Bandug", "=HYPERLINK(\"http://x\")", "<script>x</script>", "", " ",
                     "NaN", "null", "1e308", "-0", "∞", "😀", "\"", "\n", ";", ",", "\t"]),
    st.text(max_size=40),
)


@pytest.fixture(scope="module")
def base(store_template, tmp_path_factory) -> Path:
    path = copy_store(store_template, tmp_path_factory.mktemp("fuzz"))
    load_files(path, [Source.from_path(FIXTURES / "komunitas_dasar.csv")])
    return path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@st.composite
def csvish(draw) -> bytes:
    headers = draw(st.lists(st.sampled_from(HEADERS) | st.text(max_size=15), min_size=1, max_size=12))
    rows = draw(st.lists(st.lists(CELLS, max_size=len(headers) + 2), max_size=25))  # ragged on purpose
    delimiter = draw(st.sampled_from([",", ";", "\t", "|"]))
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator=draw(st.sampled_from(["\n", "\r\n"]))).writerows(
        [headers, *rows])
    text = out.getvalue()
    if draw(st.booleans()):  # sometimes hand-broken: an unbalanced quote or a cut-off tail
        text = text[: draw(st.integers(0, len(text)))] + draw(st.sampled_from(['"', "", '""', "\r"]))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]))
    return text.encode(encoding, errors="replace")


@FUZZ
@given(data=st.binary(max_size=3000), prefix=st.sampled_from([b"", b"PK\x03\x04", b"\xef\xbb\xbf", b"\xff\xfe",
                                                              b"ID Komunitas;Tanggal\n"]),
       name=st.sampled_from(["kegiatan.csv", "kegiatan.xlsx", "data"]))
def test_random_bytes_only_raise_load_error(base, tmp_path_factory, data, prefix, name):
    db = copy_store(base, tmp_path_factory.getbasetemp(), "fuzz_bytes.duckdb")
    before = _digest(db)
    try:
        load_files(db, [Source(name, prefix + data)])
    except LoadError as exc:
        assert f"'{name}'" in str(exc)
        assert _digest(db) == before


@FUZZ
@given(data=csvish(), kind=st.sampled_from([None, None, "kegiatan", "komunitas", "refleksi", "penggerak"]))
def test_random_csvish_exports_never_crash_nor_change_the_store(base, data, kind):
    before = _digest(base)
    try:
        report = load_files(base, [Source("ekspor.csv", data)], kind=kind, dry_run=True)
        assert report.dry_run and all(f.baris_total >= 0 for f in report.files)
    except LoadError as exc:
        assert "'ekspor.csv'" in str(exc) or "Jenis data" in str(exc)
    assert _digest(base) == before

"""Generated input (hypothesis) with hostile values in the typed columns of every kind (issue 13.8): NaN, infinity,
huge and negative numbers, spreadsheet error cells, formulas, invisible and exotic characters, blanks, dates and
numbers in odd formats — in Indonesian-locale and US-locale files (M/D/YYYY, `1,234.5`), with and without a title
block above the header row, as CSV or XLSX.

Property: the load succeeds with every row accounted for (added + updated + already there + karantina ==
rows), no stored value out of range (durations 0..1440 minutes, counts 0..their bound, dates 2000–2100, no
scientific-notation or invisible characters in an id or email) and every typed value that was written correctly
stored as written (never a swapped day and month, never a different number). The header rows are intact, so a
LoadError is a failure too (checked to leave the store byte-identical first); nothing else is ever raised."""
from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pytest
import xlsxwriter
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from data_loaders import normalise as nz
from data_loaders.headers import KIND_COLUMNS, map_headers
from data_loaders.load import LoadError, Source, load_files
from store import database as store
from tests.support import copy_store

FIXTURES = Path(__file__).parent / "fixtures"
# No shrinking: every example is a real load (a few tenths of a second), and shrinking one failure took minutes;
# the failing export is printed whole instead.
FUZZ = settings(max_examples=12, deadline=None, derandomize=True, database=None,
                phases=[Phase.explicit, Phase.reuse, Phase.generate],
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])

# Values no typed column should choke on: non-finite and huge numbers, negatives, error cells, formulas, blanks,
# invisible/bidi characters, emoji, other scripts' digits, English and Indonesian number marks.
HOSTILE = ["", " ", "\u00a0", "\u200b", "\ufeff", "NaN", "nan", "-NaN", "inf", "-inf", "Infinity", "∞", "1e400",
           "-1e400", "1e308", "2147483648", "-2147483649", "9223372036854775808", "99999999999999999999999", "-5", "-0",
           "0", "0.0", "#REF!", "#N/A", "#DIV/0!", "#VALUE!", "#NAME?", "Err:502", "=1+1", '=HYPERLINK("http://x";"y")',
           "@SUM(A1)", "😀", "\u202eabc\u202c", "null", "NULL", "None", "-", "?", "x" * 300, "١٢", "１２", "½", "²",
           "1,234", "1.500", "1,234.5", "1.234,5", "1,234,567", "1e5", "0x1F", "12 orang", "3 JP", "2 x 45 menit",
           "25 jam", "24:30", "<b>x</b>", "'0012", "TRUE", "Ya", "Tidak", "KAB. BANDUNG", "Bandung", "2.02E+07"]
# Odd dates that prove no day/month order (ISO, month names, serials, junk).
DATES_NEUTRAL = ["2022-08-02T14:03:11", "2022-08-02T14:03:11Z", "2022-13-45", "0000-00-00", "15 Agustus 2022",
                 "September 2, 2022", "Kamis, 15 September 2022", "44788", "44788.5", "99999", "1/1/1", "00/00/0000",
                 "12/12/1999", "1/1/2101", "5/5/9999", "2022", "15-Agu-22"]
DATES_ID_ONLY = ["Kamis, 15-09-2022", "31/02/2022", "15/8/22 17.58", "29/02/2023"]   # prove day/month
DATES_US_ONLY = ["10/15/22 05:58 PM", "2/30/2022", "8/15/2022 10:00:00"]             # prove month/day


@dataclass(frozen=True)
class Col:
    header: str
    canonical: str
    type: str   # date, count, duration, bool, label, id, kabkota, email, marker


# Every kind with realistic headers; every typed column of KIND_COLUMNS is here (checked below).
KINDS: dict[str, list[Col]] = {
    "kegiatan": [Col("ID Komunitas", "id_komunitas", "id"), Col("Tanggal", "tanggal", "date"),
                 Col("Durasi (menit)", "durasi_menit", "duration"), Col("Topik", "topik", "marker"),
                 Col("Jenis Kegiatan", "bentuk", "label"), Col("Moda", "moda", "label"),
                 Col("Peserta Hadir", "jumlah_peserta", "count"), Col("Kabupaten/Kota", "kabkota", "kabkota"),
                 Col("Provinsi", "provinsi", "label"), Col("Timestamp", "waktu_pengisian", "date"),
                 Col("Tautan Dokumentasi", "tautan_dokumentasi", "label")],
    "komunitas": [Col("ID Komunitas", "id_komunitas", "id"), Col("Nama Komunitas", "nama_komunitas", "marker"),
                  Col("Jenis Komunitas", "jenis", "label"), Col("NPSN", "npsn", "id"),
                  Col("Kabupaten/Kota", "kabkota", "kabkota"), Col("Provinsi", "provinsi", "label"),
                  Col("Jenjang", "jenjang", "label"), Col("Nama Penggerak", "penggerak_nama", "label"),
                  Col("Email Penggerak", "penggerak_email", "email"), Col("Jumlah Anggota", "jumlah_anggota", "count"),
                  Col("Tanggal Terdaftar", "tanggal_terdaftar", "date"), Col("Status PMM", "terdaftar_pmm", "bool")],
    "sekolah": [Col("NPSN", "npsn", "id"), Col("Nama Sekolah", "nama_sekolah", "marker"),
                Col("Jenjang", "jenjang", "label"), Col("Kabupaten/Kota", "kabkota", "kabkota"),
                Col("Provinsi", "provinsi", "label"), Col("Jalur IKM", "jalur_ikm", "label")],
    "penggerak": [Col("Email", "penggerak_email", "email"), Col("Nama Lengkap", "penggerak_nama", "marker"),
                  Col("Kabupaten/Kota", "kabkota", "kabkota"), Col("Provinsi", "provinsi", "label"),
                  Col("Akun belajar.id", "akun_belajar_id", "bool"),
                  Col("Kurikulum Merdeka", "aksi_nyata_kurikulum_merdeka", "bool"),
                  Col("Perencanaan Pembelajaran", "aksi_nyata_perencanaan_pembelajaran", "bool"),
                  Col("Asesmen Awal", "aksi_nyata_asesmen_awal", "bool"),
                  Col("Pembelajaran Berdiferensiasi", "aksi_nyata_pembelajaran_berdiferensiasi", "bool")],
    "refleksi": [Col("Timestamp", "waktu_pengisian", "date"), Col("ID Komunitas", "id_komunitas", "id"),
                 Col("Tanggal Refleksi", "tanggal", "date"), Col("Kabupaten/Kota", "kabkota", "kabkota"),
                 Col("Provinsi", "provinsi", "label"),
                 Col("Hal-hal yang sudah berjalan baik", "hal_baik", "marker"), Col("Tantangan", "tantangan", "label")],
    "kegiatan_upt": [Col("Jenis Kegiatan", "jenis_kegiatan", "label"), Col("Nama Kegiatan", "nama_kegiatan", "marker"),
                     Col("Tanggal", "tanggal", "date"), Col("Kabupaten/Kota", "kabkota", "kabkota"),
                     Col("Provinsi", "provinsi", "label"),
                     Col("Jumlah Peserta", "jumlah_peserta", "count"), Col("Email", "penggerak_email", "email")],
    "survei_kebutuhan": [Col("Timestamp", "waktu_pengisian", "date"), Col("Nama Lengkap", "penggerak_nama", "marker"),
                         Col("Email", "penggerak_email", "email"), Col("Kabupaten/Kota", "kabkota", "kabkota"),
                         Col("Provinsi", "provinsi", "label"),
                         Col("Topik peningkatan kapasitas yang dibutuhkan", "topik_kebutuhan", "label")],
}
LABELS = {"bentuk": ["Belajar Bersama", "Berbagi praktik baik", "Webinar"], "moda": ["Luring", "Daring"],
          "jenis": ["Dalam Sekolah", "Antar Sekolah"], "jenjang": ["SD", "SMP", "SMA"], "provinsi": ["Jawa Barat"],
          "jalur_ikm": ["Mandiri Belajar", "Mandiri Berbagi"], "tautan_dokumentasi": ["https://drive.google.com/x"],
          "penggerak_nama": ["Siti"], "tantangan": ["Waktu terbatas"], "topik_kebutuhan": ["Asesmen, P5"],
          "jenis_kegiatan": ["Webinar", "Luring"]}
COUNT_LIMIT = {"kegiatan_upt": nz.MAX_EVENT_COUNT}
# What is stored per kind, to check: (table, [(column, type)]) — type as in Col.
STORED = {
    "kegiatan": ("kegiatan", [("id_komunitas", "id"), ("tanggal", "date"), ("durasi_menit", "duration"),
                              ("jumlah_peserta", "count")]),
    "komunitas": ("komunitas", [("id_komunitas", "id"), ("npsn", "id"), ("penggerak_email", "email"),
                                ("jumlah_anggota", "count"), ("tanggal_terdaftar", "date")]),
    "sekolah": ("sekolah", [("npsn", "id")]),
    "penggerak": ("penggerak", [("penggerak_email", "email")]),
    "refleksi": ("refleksi", [("id_komunitas", "id"), ("tanggal", "date")]),
    "kegiatan_upt": ("kegiatan_upt", [("tanggal", "date"), ("jumlah_peserta", "count")]),
    "survei_kebutuhan": ("survei_kebutuhan", [("waktu_pengisian", "date"), ("penggerak_email", "email")]),
}
# Per kind, the typed column whose correctly written values must be stored exactly (by sheet row): header -> column.
EXACT = {"kegiatan": {"Tanggal": "tanggal", "Durasi (menit)": "durasi_menit", "Peserta Hadir": "jumlah_peserta"},
         "komunitas": {"Jumlah Anggota": "jumlah_anggota", "Tanggal Terdaftar": "tanggal_terdaftar"},
         "kegiatan_upt": {"Tanggal": "tanggal", "Jumlah Peserta": "jumlah_peserta"}}


# Columns whose values are parsed into a type (dates, numbers, booleans, labels, ids, places, emails).
TYPED_CANONICAL = {"tanggal", "waktu_pengisian", "tanggal_terdaftar", "durasi_menit", "jumlah_peserta",
                   "jumlah_anggota", "terdaftar_pmm", "akun_belajar_id", "aksi_nyata_kurikulum_merdeka",
                   "aksi_nyata_perencanaan_pembelajaran", "aksi_nyata_asesmen_awal",
                   "aksi_nyata_pembelajaran_berdiferensiasi", "id_komunitas", "npsn", "kabkota", "provinsi",
                   "penggerak_email", "bentuk", "moda", "jenis", "jenjang", "jalur_ikm", "jenis_kegiatan"}


def test_every_typed_column_of_every_kind_is_fuzzed():
    for kind, cols in KINDS.items():
        mapping, ignored = map_headers([c.header for c in cols], kind)
        assert not ignored and mapping == {c.header: c.canonical for c in cols}, kind
        typed = set(KIND_COLUMNS[kind]) & TYPED_CANONICAL
        assert typed <= {c.canonical for c in cols if c.type != "marker"}, (kind, typed)


# --- generating a file -------------------------------------------------------------------------------------

@dataclass
class Cell:
    text: str
    expected: object = None   # what a correct value must be stored as (None: hostile or not checked)


def _thousands(n: int, us: bool) -> str:
    s = f"{n:,}"
    return s if us else s.replace(",", ".")


@st.composite
def valid_cell(draw, col: Col, kind: str, row: int, us: bool) -> Cell:
    if col.type == "date":
        d = draw(st.dates(date(2022, 1, 1), date(2022, 12, 28)))
        if row == 0:  # proves the column's order (without such a value a US file cannot be read right)
            d = d.replace(day=draw(st.integers(13, 28)))
        day_month = f"{d.month}/{d.day}/{d.year}" if us else f"{d.day}/{d.month}/{d.year}"
        if row == 0:
            return Cell(day_month, d)
        if col.canonical == "waktu_pengisian":
            return Cell(day_month + draw(st.sampled_from([" 10:00:00", " 5:58:00 PM" if us else " 17.58"])), d)
        return Cell(draw(st.sampled_from([day_month, d.isoformat(), f"{d.day} Agustus 2022" if d.month == 8
                                          else day_month])), d)
    if col.type == "count":
        n = draw(st.integers(0, 10_000))
        if row == 0:
            return Cell("1,000.0" if us else "1.000", 1000)  # proves the column's number style
        return Cell(draw(st.sampled_from([str(n), _thousands(n, us)])), n)
    if col.type == "duration":
        m = draw(st.integers(1, 1440))
        forms = [(str(m), m), (f"{m // 60} jam {m % 60} menit" if m >= 60 else f"{m} menit", m),
                 ("2 x 45 menit", 90), (("1.5 hours" if us else "1,5 jam"), 90)]
        return Cell(*draw(st.sampled_from(forms)))
    if col.type == "bool":
        return Cell(draw(st.sampled_from(["Ya", "Tidak", "Sudah", "Belum"])))
    if col.type == "id":
        if col.canonical == "npsn":
            return Cell(f"2020{1000 + row}")
        if kind == "komunitas":
            return Cell(f"KOM-{100 + row}")
        return Cell(draw(st.sampled_from(["KOM-001", "KOM-002", "KOM-003"])))
    if col.type == "kabkota":
        return Cell(draw(st.sampled_from(["KAB. BANDUNG", "Kab Bandung", "Kota Bandung", "Kabupaten Garut"])))
    if col.type == "email":
        return Cell(f"guru{row}@guru.belajar.id")
    if col.type == "marker":
        return Cell(f"Baris {row + 1}")
    return Cell(draw(st.sampled_from(LABELS[col.canonical])))


@st.composite
def hostile_cell(draw, col: Col, us: bool) -> Cell:
    pool = list(HOSTILE)
    if col.type == "date":
        pool += DATES_NEUTRAL + (DATES_US_ONLY if us else DATES_ID_ONLY)
    # Any printable text too (control characters next to a NUL byte are how read.py tells a binary file).
    return Cell(draw(st.sampled_from(pool) | st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=12)))


@dataclass
class Export:
    name: str
    data: bytes
    title_rows: int
    cells: list[list[Cell]]
    headers: list[str]


@st.composite
def exports(draw, kind: str) -> Export:
    cols = KINDS[kind]
    us = draw(st.booleans())
    n = draw(st.integers(1, 8))
    cells = []
    for r in range(n):
        row = []
        for col in cols:
            hostile = col.type != "marker" and r > 0 and draw(st.integers(0, 3)) == 0
            row.append(draw(hostile_cell(col, us) if hostile else valid_cell(col, kind, r, us)))
        cells.append(row)
    title = draw(st.sampled_from([[], [["Rekap Data Komunitas Belajar"], ["UPT BBGP Jawa Barat 2022"], []]]))
    headers = [c.header for c in cols]
    body = [headers, *[[c.text for c in row] for row in cells]]
    fmt = draw(st.sampled_from(["csv", "csv", "xlsx"]))
    if fmt == "xlsx":
        buf = io.BytesIO()
        wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
                                       "strings_to_urls": False})
        ws = wb.add_worksheet()
        for r, row in enumerate([*title, *body]):
            for c, v in enumerate(row):
                ws.write_string(r, c, v)
        wb.close()
        data = buf.getvalue()
    else:
        out = io.StringIO()
        delimiter = draw(st.sampled_from([",", ";", "\t"]))
        csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows([*title, *body])
        data = out.getvalue().encode(draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16"])), errors="replace")
    return Export(f"{kind}_{'us' if us else 'id'}.{fmt}", data, len(title), cells, headers)


# --- the property -------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def base(store_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = copy_store(store_template, tmp_path_factory.mktemp("fuzz_typed"))
    load_files(path, [Source.from_path(FIXTURES / "komunitas_dasar.csv")])
    return path


@pytest.fixture(autouse=True)
def _no_fsync(monkeypatch):
    monkeypatch.setattr("store.cow.fsync", lambda _path: None)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _in_range(kind: str, kind_of_value: str, value: object) -> bool:
    if value is None:
        return True
    if kind_of_value == "date":
        day = value.date() if isinstance(value, datetime) else value
        return date(nz.MIN_YEAR, 1, 1) <= day <= date(nz.MAX_YEAR, 12, 31)
    if kind_of_value == "duration":
        return 0 <= value <= nz.MAX_DURATION
    if kind_of_value == "count":
        return 0 <= value <= COUNT_LIMIT.get(kind, nz.MAX_COUNT)
    # ids and emails: never an Excel scientific number, never an invisible character; an email is an address
    if kind_of_value == "email" and "@" not in value:
        return False
    return not (kind_of_value == "id" and nz.is_scientific_id(value)) and nz.visible(value) == value == value.strip()


def check(db: Path, kind: str, export: Export) -> None:
    before = _digest(db)
    try:
        report = load_files(db, [Source(export.name, export.data)])
    except LoadError as exc:
        assert f"'{export.name}'" in str(exc)
        assert _digest(db) == before
        # Only the values are hostile here, never the header row: such a file is loaded, never refused.
        pytest.fail(f"a file with intact headers was refused: {exc}")
    f = report.files[0]
    assert f.jenis_data == kind
    assert f.baris_total == len(export.cells)
    assert f.ditambah + f.diperbarui + f.sudah_ada + f.dikarantina == f.baris_total
    assert all(q["alasan"] and q["kode_alasan"] for q in f.karantina)
    table, columns = STORED[kind]
    con = store.open_readonly(db)
    try:
        stored = con.execute(f"select sumber_baris, {', '.join(c for c, _ in columns)} from {table} "
                             "where sumber_file = ?", [export.name]).fetchall()
        exact = EXACT.get(kind, {})
        by_row = {}
        if exact:
            by_row = {r[0]: r for r in con.execute(
                f"select sumber_baris, {', '.join(exact.values())} from {table} where sumber_file = ?",
                [export.name]).fetchall()}
        quarantined = {r for (r,) in con.execute("select sumber_baris from karantina where sumber_file = ?",
                                                 [export.name]).fetchall()}
    finally:
        con.close()
    for row in stored:
        for (column, type_), value in zip(columns, row[1:]):
            assert _in_range(kind, type_, value), (column, value)
    first = export.title_rows + 2  # the sheet row of the first data row
    assert quarantined == {q["sumber_baris"] for q in f.karantina}
    assert all(first <= r < first + len(export.cells) for r in quarantined)
    for i, cells in enumerate(export.cells):
        got = by_row.get(first + i)
        if got is None:
            continue
        for k, (header, _column) in enumerate(exact.items()):
            cell = cells[export.headers.index(header)]
            if cell.expected is None:
                continue
            value = got[k + 1]
            value = value.date() if isinstance(value, datetime) else value
            # A correctly written value is stored exactly, or (a count or duration the column's style cannot
            # settle) dropped to unknown — never a different value. A UPT event without a usable participant
            # count counts its attendance rows instead (kinds/kegiatan_upt.py).
            if isinstance(cell.expected, date):
                assert value == cell.expected, (header, cell.text, value)
            elif not (kind == "kegiatan_upt" and value is not None and value <= len(export.cells)):
                assert value in (cell.expected, None), (header, cell.text, value)


@pytest.mark.parametrize("kind", list(KINDS))
def test_hostile_values_in_typed_columns(base, tmp_path_factory, kind):
    directory = tmp_path_factory.mktemp(f"fuzz_{kind}")

    @FUZZ
    @given(export=exports(kind))
    def run(export: Export) -> None:
        check(copy_store(base, directory), kind, export)

    run()

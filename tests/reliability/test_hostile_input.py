"""Hostile and broken uploads: each one ends in a clear Indonesian LoadError naming the file (store
byte-identical afterwards) or loads with the bad rows quarantined; nothing else is ever raised."""
from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from pathlib import Path
from random import Random

import pytest
import xlsxwriter

from data_loaders import read
from data_loaders.load import LoadError, Source, load_files
from store import database as store
from tests.reliability._support import run_loader

FIXTURES = Path(__file__).parent / "fixtures"
KEGIATAN_HEADERS = ["ID Komunitas", "Tanggal", "Durasi (menit)", "Topik", "Jenis Kegiatan", "Moda", "Peserta Hadir"]


@pytest.fixture
def db(empty_store: Path) -> Path:
    load_files(empty_store, [Source.from_path(FIXTURES / "komunitas_dasar.csv")])
    return empty_store


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def rejected(db: Path, source: Source, *words: str) -> str:
    """Load must fail with a LoadError naming the file (and `words`), leaving the store byte-identical."""
    before, version = _digest(db), store.data_version(db)
    with pytest.raises(LoadError) as info:
        load_files(db, [source])
    message = str(info.value)
    assert f"'{source.name}'" in message
    for word in words:
        assert word in message, message
    assert len(message) < 1000, "an error message must stay readable"
    assert "Traceback" not in message and "Error" not in message  # no Python exception names leak
    assert _digest(db) == before and store.data_version(db) == version
    return message


def _csv(rows: list[list[str]], delimiter: str = ";") -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def _xlsx(sheets: int = 1, rows: list[list[object]] | None = None) -> bytes:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    for i in range(sheets):
        ws = wb.add_worksheet(f"Lembar{i + 1}")
        for r, row in enumerate(rows or []):
            ws.write_row(r, 0, row)
    wb.close()
    return buf.getvalue()


def _rezip(data: bytes, replace: dict[str, bytes], drop: tuple[str, ...] = ()) -> bytes:
    src, buf = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            if item.filename not in drop:
                dst.writestr(item.filename, replace.get(item.filename, src.read(item.filename)))
    return buf.getvalue()


def _zip_bomb(unpacked: int) -> bytes:
    """A valid-looking XLSX whose one sheet inflates to `unpacked` bytes of zeros (a few MB on disk)."""
    template = _xlsx(rows=[KEGIATAN_HEADERS])
    src, buf = zipfile.ZipFile(io.BytesIO(template)), io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as dst:
        for item in src.infolist():
            if item.filename == "xl/worksheets/sheet1.xml":
                with dst.open(item.filename, "w", force_zip64=True) as fh:
                    block = b"\0" * (16 * 1024 * 1024)
                    for _ in range(unpacked // len(block) + 1):
                        fh.write(block)
            else:
                dst.writestr(item.filename, src.read(item.filename))
    return buf.getvalue()


def _lying_zip(data: bytes, member: str, claimed: int) -> bytes:
    """Rewrite the sizes a zip declares for `member` (local header and central directory) to `claimed`."""
    raw = bytearray(data)
    zf = zipfile.ZipFile(io.BytesIO(data))
    info = zf.getinfo(member)
    raw[info.header_offset + 22:info.header_offset + 26] = claimed.to_bytes(4, "little")
    pos = raw.find(member.encode(), zf.start_dir) - 46  # its central entry starts 46 bytes before the name
    assert raw[pos:pos + 4] == b"PK\x01\x02"
    raw[pos + 24:pos + 28] = claimed.to_bytes(4, "little")
    return bytes(raw)


# --- rejected outright ----------------------------------------------------------------------------------

def test_empty_and_blank_files(db):
    rejected(db, Source("kegiatan_kosong.csv", b""), "kosong")
    rejected(db, Source("kegiatan_spasi.csv", b"\r\n  \r\n\t\r\n"), "kosong")
    rejected(db, Source("hanya_bom.csv", b"\xef\xbb\xbf"), "tidak dapat")


def test_binary_junk(db):
    rng = Random(8)
    rejected(db, Source("rekap.csv", bytes(rng.randrange(256) for _ in range(20_000))), "tidak dapat")
    rejected(db, Source("foto_kegiatan.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + rng.randbytes(5000)), "biner")
    rejected(db, Source("laporan.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\n" * 50),
             "tidak dapat dikenali")


def test_wrong_kind_of_table(db):
    rejected(db, Source("daftar_belanja.csv", _csv([["Barang", "Harga"], ["Spidol", "5000"]])), "tidak dapat dikenali")


def test_ten_thousand_columns(db):
    rows = [[f"Kolom {i}" for i in range(10_000)], ["x"] * 10_000]
    rejected(db, Source("kegiatan_lebar.csv", _csv(rows, ",")), "10000 kolom", str(read.MAX_COLUMNS))


def test_xlsx_without_sheets(db):
    data = _xlsx()
    workbook = zipfile.ZipFile(io.BytesIO(data)).read("xl/workbook.xml").decode()
    start, end = workbook.index("<sheets>"), workbook.index("</sheets>") + len("</sheets>")
    no_sheets = _rezip(data, {"xl/workbook.xml": (workbook[:start] + "<sheets/>" + workbook[end:]).encode()},
                       drop=("xl/worksheets/sheet1.xml",))
    rejected(db, Source("kegiatan_tanpa_lembar.xlsx", no_sheets), "tidak dapat dibaca")


def test_corrupt_and_truncated_xlsx(db):
    data = _xlsx(rows=[KEGIATAN_HEADERS, ["KOM-001", "15/08/2022", 60, "Modul", "Belajar Bersama", "Luring", 9]])
    rejected(db, Source("kegiatan_terpotong.xlsx", data[: len(data) // 2]), "tidak dapat dibaca")
    rejected(db, Source("kegiatan_palsu.xlsx", b"ID Komunitas;Tanggal\nKOM-001;15/08/2022\n"), "tidak dapat dibaca")
    bad_xml = _rezip(data, {"xl/worksheets/sheet1.xml": b"<worksheet><sheetData><row><c"})
    rejected(db, Source("kegiatan_xml_rusak.xlsx", bad_xml), "tidak dapat dibaca")


@pytest.fixture(scope="module")
def bomb() -> bytes:
    data = _zip_bomb(read.MAX_XLSX_UNPACKED_BYTES + 1)
    assert len(data) < 5 * 1024 * 1024
    return data


def test_zip_bomb_disguised_as_xlsx(db, bomb):
    rejected(db, Source("kegiatan_bom.xlsx", bomb), "diekstrak", "MB")


def test_zip_lying_about_its_size(db):
    """A part that declares 1 KB but inflates further is caught while streaming (CRC), before the parser runs."""
    data = _xlsx(rows=[KEGIATAN_HEADERS] + [["KOM-001", "15/08/2022", 60, "Modul " * 50]] * 200)
    rejected(db, Source("kegiatan_bohong.xlsx", _lying_zip(data, "xl/worksheets/sheet1.xml", 1024)),
             "tidak dapat dibaca")


def test_file_over_the_size_limit_is_refused_before_reading(db, tmp_path, monkeypatch):
    big = tmp_path / "kegiatan_raksasa.csv"
    with open(big, "wb") as fh:  # sparse: costs no disk, and must never be read
        fh.truncate(read.MAX_FILE_BYTES + 1)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("an oversized file was read"))
    with pytest.raises(LoadError, match=r"'kegiatan_raksasa.csv'.*melebihi batas 200 MB"):
        Source.from_path(big)
    monkeypatch.undo()
    monkeypatch.setattr(read, "MAX_FILE_BYTES", 1000)  # the upload path (bytes already in memory) checks too
    rejected(db, Source("kegiatan_unggahan.csv", _csv([KEGIATAN_HEADERS] + [["KOM-001"] * 7] * 50)),
             "melebihi batas")


# --- loaded, with the bad rows quarantined ------------------------------------------------------------

def _load(db: Path, source: Source):
    report = load_files(db, [source])
    con = store.open_readonly(db)
    try:
        return report.files[0], con.execute(
            "select topik, tautan_dokumentasi from kegiatan where sumber_file = ? order by tanggal",
            [source.name]).fetchall()
    finally:
        con.close()


def test_header_row_only(db):
    f, rows = _load(db, Source.from_path(FIXTURES / "kegiatan_judul_saja.csv"))
    assert (f.jenis_data, f.baris_total, f.ditambah, f.dikarantina, rows) == ("kegiatan", 0, 0, 0, [])


def test_duplicated_headers_keep_the_first(db):
    f, rows = _load(db, Source.from_path(FIXTURES / "kegiatan_judul_ganda.csv"))
    assert f.ditambah == 2 and "Tanggal (2)" in f.kolom_diabaikan and "Topik (2)" in f.kolom_diabaikan
    assert [r[0] for r in rows] == ["Modul Ajar", "P5"]


def test_excel_unicode_text_export(db):
    """Excel's "Teks Unicode (*.txt)" is UTF-16 with a BOM and tabs; it used to be refused as binary."""
    f, rows = _load(db, Source.from_path(FIXTURES / "kegiatan_excel_unicode.txt"))
    assert f.ditambah == 2
    assert [r[0] for r in rows] == ["Penyusunan Modul Ajar – Fase A", "Refleksi “Guru Penggerak”"]


def test_formulas_and_html_are_kept_as_inert_text(db):
    f, rows = _load(db, Source.from_path(FIXTURES / "kegiatan_rumus_html.csv"))
    assert f.baris_total == 4 and f.ditambah + f.dikarantina == 4
    topics = {r[0] for r in rows}
    assert '=HYPERLINK("http://contoh.test/curang";"Klik")' in topics  # never evaluated nor altered
    assert '<script>alert("kombel")</script>' in topics


def test_year_9999_is_quarantined_and_a_negative_duration_dropped(db):
    f, rows = _load(db, Source.from_path(FIXTURES / "kegiatan_tahun_9999_durasi_negatif.csv"))
    reasons = {(q["sumber_baris"], q["kode_alasan"]) for q in f.karantina}
    assert reasons == {(2, "tanggal_di_luar_rentang"), (3, "tanggal_di_luar_rentang")}
    assert all(q["alasan"] for q in f.karantina)  # every quarantined row says why, in words
    # A negative duration is unusable in an optional field: the meeting is kept, its duration unknown (issue 13).
    assert [r[0] for r in rows] == ["Durasi negatif", "Durasi negatif teks", "Baris sah"]
    assert {(k["nilai_asli"], k["nilai_baru"]) for k in f.koreksi} == {("-90", ""), ("-1 jam", "")}


def test_multi_megabyte_cells(db):
    long_topic = "Refleksi panjang " * 200_000  # 3.4 MB in one cell, also in the header row's width
    rows = [KEGIATAN_HEADERS, ["KOM-001", "15/08/2022", "60", long_topic, "Belajar Bersama", "Luring", "9"],
            ["KOM-002", "16/08/2022"]]  # a ragged row sends it down the csv-module path too
    f, stored = _load(db, Source("kegiatan_sel_besar.csv", _csv(rows)))
    assert f.ditambah == 2 and stored[0][0] == long_topic.strip()
    header = _csv([["ID Komunitas", "T" * 300_000], ["KOM-001", "x"]])
    message = rejected(db, Source("judul_raksasa.csv", header), "tidak dapat dikenali")
    assert "…" in message


def test_xlsx_with_many_sheets_reads_the_first(db):
    data = _xlsx(sheets=300, rows=[KEGIATAN_HEADERS, ["KOM-003", "2022-09-05", 60, "Lembar pertama", "Belajar Bersama",
                                                     "Luring", 8]])
    f, rows = _load(db, Source("kegiatan_300_lembar.xlsx", data))
    assert f.ditambah == 1 and rows[0][0] == "Lembar pertama"


def test_one_bad_file_rejects_the_whole_batch(db):
    """Files are all-or-nothing together: a bad file found while reading or while applying stores nothing."""
    before = _digest(db)
    good = Source.from_path(FIXTURES / "kegiatan_judul_ganda.csv")
    with pytest.raises(LoadError, match="'rusak.xlsx'"):
        load_files(db, [good, Source("rusak.xlsx", b"PK\x03\x04 rusak")])
    no_date = Source("kegiatan_tanpa_tanggal.csv", _csv([["ID Komunitas", "Topik", "Durasi (menit)", "Moda"],
                                                         ["KOM-001", "Modul", "60", "Luring"]]))
    with pytest.raises(LoadError, match="'kegiatan_tanpa_tanggal.csv'.*'tanggal'"):
        load_files(db, [good, no_date], kind="kegiatan")
    assert _digest(db) == before



def test_cli_reports_hostile_files_without_traceback(db, tmp_path, bomb):
    big = tmp_path / "aktivitas_raksasa.csv"
    with open(big, "wb") as fh:
        fh.truncate(read.MAX_FILE_BYTES + 1)
    bomb_file = tmp_path / "kegiatan_bom.xlsx"
    bomb_file.write_bytes(bomb)
    before = _digest(db)
    for path, words in ((big, "melebihi batas 200 MB"), (bomb_file, "diekstrak")):
        out = run_loader(db, path)
        assert out.returncode == 2, out.stderr
        assert f"'{path.name}'" in out.stderr and words in out.stderr and "Tidak ada perubahan" in out.stderr
        assert "Traceback" not in out.stderr
    assert _digest(db) == before

"""Issue 13.4: a spreadsheet whose first sheet reaches far (one cell at XFD1048576, a declared size of a
million rows) is refused before calamine sizes its grid from it; the hostile files run in a subprocess with
an address-space limit, so a regression fails the test instead of killing pytest."""
from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import xlsxwriter

from data_loaders import read
from tests.reliability._support import loader_cmd, run_loader
from tests.support import ROOT

FIXTURES = Path(__file__).parent / "fixtures"
HEADERS = ["ID Komunitas", "Tanggal", "Durasi (menit)", "Topik", "Jenis Kegiatan", "Moda", "Peserta Hadir"]
ROWS = [["KOM-001", "2022-08-15", 60, "Modul Ajar", "Belajar Bersama", "Luring", 12],
        ["KOM-002", "2022-08-22", 90, "Asesmen", "Belajar Bersama", "Daring", 9]]
LIMIT_MB = 1500  # the address space a refused file may use; the unbounded reads ask for 7.7 GB to 512 GiB


def _xlsx() -> bytes:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = wb.add_worksheet("Kegiatan")
    for r, row in enumerate([HEADERS, *ROWS]):
        ws.write_row(r, 0, row)
    wb.close()
    return buf.getvalue()


def _rezip(data: bytes, part: str, edit) -> bytes:
    src, buf = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            content = src.read(item.filename)
            dst.writestr(item, edit(content.decode()).encode() if item.filename == part else content)
    return buf.getvalue()


def _sheet(data: bytes, edit) -> bytes:
    return _rezip(data, "xl/worksheets/sheet1.xml", edit)


def _extra_row(xml: str) -> callable:
    return lambda s: s.replace("</sheetData>", xml + "</sheetData>")


def _limited_load(db: Path, path: Path) -> subprocess.CompletedProcess:
    """The CLI load under an address-space limit (a process that tries the unbounded read dies or fails)."""
    code = (f"import resource, runpy, sys; resource.setrlimit(resource.RLIMIT_AS, ({LIMIT_MB << 20}, "
            f"{LIMIT_MB << 20})); sys.argv = {loader_cmd(db, path)[2:]!r}; "
            "runpy.run_module('data_loaders', run_name='__main__')")
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(ROOT), "RUST_BACKTRACE": "0"})


@pytest.fixture
def db(empty_store: Path) -> Path:
    from data_loaders.load import Source, load_files
    load_files(empty_store, [Source.from_path(FIXTURES / "komunitas_dasar.csv")])
    return empty_store


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


HOSTILE = {
    # One value at the sheet's last cell; the declared size is left as xlsxwriter wrote it (A1:G3).
    "sel_xfd.xlsx": (lambda d: _sheet(d, _extra_row('<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')),
                     "mencakup 1.048.576 baris x 16.384 kolom (sel terakhir XFD1048576)"),
    "sel_all.xlsx": (lambda d: _sheet(d, _extra_row('<row r="200000"><c r="ALL200000"><v>1</v></c></row>')),
                     "mencakup 200.000 baris x 1.000 kolom (sel terakhir ALL200000)"),
    # No declaration, and a far cell placed inside an early row tag (calamine follows the cell's own place).
    "tanpa_dimensi.xlsx": (lambda d: _sheet(d, lambda s: re.sub(r"<dimension [^>]*/>", "", s).replace(
        '<c r="A2"', '<c r="ALL200000"><v>1</v></c><c r="A2"')), "(sel terakhir ALL200000)"),
    # Cells without `r`: placed after the row tag's row (the scan stops at the cell that passes the bound).
    "tanpa_r.xlsx": (lambda d: _sheet(d, _extra_row('<row r="1048576">' + "<c><v>1</v></c>" * 30 + "</row>")),
                     "mencakup 1.048.576 baris x 20 kolom (sel terakhir T1048576)"),
    # A declared size over the bound is refused as declared (Excel writes what the sheet holds, formats too).
    "dimensi_besar.xlsx": (lambda d: _sheet(d, lambda s: re.sub(r'<dimension ref="[^"]*"',
                                                                '<dimension ref="A1:XFD1048576"', s)),
                           "menyatakan ukuran 1.048.576 baris x 16.384 kolom"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_far_reaching_sheet_is_refused_before_reading(db, tmp_path, name):
    build, words = HOSTILE[name]
    path = tmp_path / name
    path.write_bytes(build(_xlsx()))
    assert path.stat().st_size < 20_000
    before = _digest(db)
    out = _limited_load(db, path)
    assert out.returncode == 2, (out.returncode, out.stderr[-2000:])
    assert f"'{name}'" in out.stderr and words in out.stderr, out.stderr
    assert f"melebihi batas {read.MAX_SHEET_CELLS:,} sel".replace(",", ".") in out.stderr
    assert "hapus isi dan format di luar tabel" in out.stderr and "Tidak ada perubahan" in out.stderr
    assert "Traceback" not in out.stderr
    assert _digest(db) == before


def _ods_repeat(xml: str) -> callable:
    return lambda s: s.replace("</table:table>", xml + "</table:table>", 1)


_ODS_VALUE = ('office:value-type="float" office:value="1" calcext:value-type="float"><text:p>1</text:p>'
              "</table:table-cell>")


@pytest.fixture(scope="module")
def soffice_files(tmp_path_factory) -> Path:
    """The CSV fixture as LibreOffice itself saves it as XLSX and ODS."""
    if not shutil.which("soffice"):
        pytest.skip("LibreOffice (soffice) is not installed")
    out = tmp_path_factory.mktemp("soffice")
    src = out / "kegiatan_lo.csv"
    src.write_text("\n".join(",".join(map(str, r)) for r in [HEADERS, *ROWS]) + "\n", encoding="utf-8")
    for fmt in ("xlsx", "ods"):
        subprocess.run(["soffice", f"-env:UserInstallation=file://{out}/profile", "--headless", "--convert-to",
                        fmt, "--outdir", str(out), str(src)], check=True, capture_output=True, timeout=180)
    return out


def test_libreoffice_files_still_load(soffice_files):
    for fmt in ("xlsx", "ods"):
        table = read.read_table(f"kegiatan_lo.{fmt}", (soffice_files / f"kegiatan_lo.{fmt}").read_bytes())
        assert table.headers == HEADERS
        assert table.frame.values.tolist() == [[str(v) for v in r] for r in ROWS]


def test_libreoffice_padding_is_harmless_and_repeated_values_are_bounded(db, soffice_files, tmp_path):
    data = (soffice_files / "kegiatan_lo.ods").read_bytes()
    # LibreOffice pads a formatted sheet with repeated empty (styled) rows and cells: calamine skips them.
    padded = _rezip(data, "content.xml", _ods_repeat(
        '<table:table-row table:number-rows-repeated="1048573"><table:table-cell table:style-name="ce1" '
        'table:number-columns-repeated="16384"/></table:table-row>'))
    table = read.read_table("padded.ods", padded)
    assert table.headers == HEADERS and len(table.frame) == 2
    # The same repeats holding a value would be a grid of 17 billion cells.
    hostile = tmp_path / "ulang_nilai.ods"
    hostile.write_bytes(_rezip(data, "content.xml", _ods_repeat(
        '<table:table-row table:number-rows-repeated="1048573"><table:table-cell '
        'table:number-columns-repeated="16384" ' + _ODS_VALUE + "</table:table-row>")))
    before = _digest(db)
    out = _limited_load(db, hostile)
    assert out.returncode == 2, out.stderr[-2000:]
    assert "'ulang_nilai.ods'" in out.stderr and "mencakup 1.048.576 baris x 16.384 kolom" in out.stderr
    assert _digest(db) == before
    # A LibreOffice XLSX with a far cell added is refused like any other.
    far = tmp_path / "lo_jauh.xlsx"
    far.write_bytes(_sheet((soffice_files / "kegiatan_lo.xlsx").read_bytes(),
                           _extra_row('<row r="1048576"><c r="XFD1048576" s="0" t="n"><v>1</v></c></row>')))
    out = _limited_load(db, far)
    assert out.returncode == 2 and "(sel terakhir XFD1048576)" in out.stderr, out.stderr[-2000:]
    assert _digest(db) == before


def test_within_the_bound_loads_and_blank_rows_are_not_materialised(db, tmp_path):
    """A far cell that keeps the extent under the bound loads (its blank rows skipped, memory limited)."""
    path = tmp_path / "kegiatan_jauh.xlsx"
    path.write_bytes(_sheet(_xlsx(), _extra_row(
        '<row r="100000"><c r="A100000" t="inlineStr"><is><t>KOM-003</t></is></c>'
        '<c r="B100000" t="inlineStr"><is><t>2022-09-01</t></is></c><c r="AN100000"><v>1</v></c></row>')))
    out = run_loader(db, path)  # no address-space limit: DuckDB's own mappings need more than LIMIT_MB
    assert out.returncode == 0, out.stderr[-2000:]
    table = read.read_table(path.name, path.read_bytes())
    assert table.frame.index.tolist() == [0, 1, 99998]
    assert table.frame.iloc[2, :2].tolist() == ["KOM-003", "2022-09-01"]


def test_blank_line_padding_in_csv_stays_bounded(tmp_path):
    """Millions of blank and delimiter-only lines read within a memory limit and leave the real rows."""
    body = "\n".join(";".join(map(str, r)) for r in [HEADERS, *ROWS])
    for pad in ("\n", ";;;;;;\n"):
        data = (body + "\n" + pad * 3_000_000 + ";".join(map(str, ROWS[0])) + "\n").encode()
        path = tmp_path / "padding.csv"
        path.write_bytes(data)
        # Peak resident memory, not an address-space limit: that also counts thread stacks, and Arrow's worker
        # threads (one per core) then fail to start on a machine with many cores.
        code = ("from data_loaders import read\n"
                f"t = read.read_table('padding.csv', open({str(path)!r}, 'rb').read())\n"
                "peak = next(int(x.split()[1]) for x in open('/proc/self/status') if x.startswith('VmHWM'))\n"
                "print(len(t.frame), t.frame.index[-1], peak // 1024)")
        out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300,
                             env={**os.environ, "PYTHONPATH": str(ROOT)})
        assert out.returncode == 0, out.stderr[-2000:]
        rows, last, peak_mb = out.stdout.split()
        assert [rows, last] == ["3", str(3_000_002)]
        assert int(peak_mb) < LIMIT_MB, f"{peak_mb} MB"

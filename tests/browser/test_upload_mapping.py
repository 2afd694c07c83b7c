"""On Unggah Data in a real browser (issue 13): a tab-separated registry (`.tsv`, as Excel's "Teks (dipisah tab)"
saves it) is accepted and loads; a Google Form whose date question the loader does not know ("Hari Pertemuan")
gets the mapping editor, the user picks the kind and reads that column as `tanggal`, and loads; next month's file
with the same headers opens with the remembered mapping and loads without help. Tests run in file order on one
server (tests/browser/conftest.py `app`, an empty store)."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import NO_CHROMIUM, choose, no_error, settle

pytestmark = NO_CHROMIUM
FIXTURES = Path(__file__).parent / "fixtures"
SEPTEMBER = "ID Komunitas;Hari Pertemuan;Pokok Bahasan\nKB-0001;15/09/2022;Asesmen\nKB-0002;16/09/2022;P5\n"
OCTOBER = "ID Komunitas;Hari Pertemuan;Pokok Bahasan\nKB-0001;13/10/2022;Diferensiasi\n"
ROW_HEIGHT = 35  # the data editor's header and row height (px); its cells are drawn on a canvas


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("unggah")
    with open(FIXTURES / "daftar_komunitas.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f, delimiter=";"))
    tsv = tmp / "daftar_komunitas.tsv"
    with open(tsv, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, delimiter="\t", lineterminator="\r\n").writerows(rows)
    september, october = tmp / "rapat_september.csv", tmp / "rapat_oktober.csv"
    september.write_text(SEPTEMBER, encoding="utf-8")
    october.write_text(OCTOBER, encoding="utf-8")
    return {"tsv": tsv, "september": september, "october": october}


def upload(page: Page, app: str, path: Path) -> None:
    page.goto(f"{app}/unggah_data")
    settle(page)
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files([path])
    expect(page.locator('[data-testid="stSelectbox"]', has_text="Jenis data")).to_have_count(1)
    settle(page)


def editor(page: Page):
    """The file's mapping table (the page's first grid; the load history follows further down)."""
    return page.locator('[data-testid="stDataFrame"]').first


def check_and_load(page: Page, added: str) -> None:
    page.get_by_role("button", name="Periksa (uji coba, belum menyimpan)").click()
    expect(page.get_by_role("heading", name="Hasil uji coba (belum disimpan)")).to_be_visible()
    settle(page)
    expect(page.locator('[data-testid="stMetric"]', has_text="Ditambahkan")
           .locator('[data-testid="stMetricValue"]')).to_have_text([added])
    page.get_by_role("button", name="Muat data").click()
    expect(page.get_by_text("Data berhasil dimuat. Semua halaman kini memakai data terbaru.")).to_be_visible()
    settle(page)
    no_error(page, "unggah_data")


def test_tsv_registry_is_accepted_and_loads(admin: Page, app: str, files: dict[str, Path]) -> None:
    upload(admin, app, files["tsv"])
    expect(admin.get_by_text("not allowed")).to_have_count(0)
    combobox = admin.locator('[data-testid="stSelectbox"]', has_text="Jenis data").get_by_role("combobox")
    expect(combobox).to_have_value("Daftar komunitas")
    check_and_load(admin, "10")


def test_unrecognised_date_column_is_picked_in_the_mapping_editor(admin: Page, app: str,
                                                                 files: dict[str, Path]) -> None:
    page = admin
    upload(page, app, files["september"])
    expect(page.get_by_text("Jenis data tidak dapat dikenali dari judul kolomnya", exact=False)).to_be_visible()
    choose(page, page.locator('[data-testid="stSelectbox"]', has_text="Jenis data").get_by_role("combobox"),
           "Laporan kegiatan komunitas")
    expect(page.get_by_text("Kolom wajib belum ada: Tanggal.", exact=False)).to_be_visible()
    expect(page.get_by_role("button", name="Periksa (uji coba, belum menyimpan)")).to_have_count(0)
    cells = editor(page).locator('[role="gridcell"]')
    expect(cells).to_have_text(["ID Komunitas", "ID komunitas", "Hari Pertemuan", "(abaikan)",
                                "Pokok Bahasan", "(abaikan)"])
    # "Dibaca sebagai" of the second row: open its list, type to filter, Enter.
    box = editor(page).bounding_box()
    page.mouse.dblclick(box["x"] + box["width"] * 0.75, box["y"] + ROW_HEIGHT * 2 + ROW_HEIGHT / 2)
    expect(page.get_by_role("option", name="Tanggal", exact=True)).to_be_visible()  # labels, not column codes
    page.keyboard.type("Tanggal")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Kolom wajib belum ada", exact=False)).to_have_count(0)
    settle(page)
    check_and_load(page, "2")


def test_next_month_opens_with_the_remembered_mapping(admin: Page, app: str, files: dict[str, Path]) -> None:
    page = admin
    upload(page, app, files["october"])
    expect(page.get_by_text("Pemetaan kolom diingat dari berkas sebelumnya", exact=False)).to_be_visible()
    combobox = page.locator('[data-testid="stSelectbox"]', has_text="Jenis data").get_by_role("combobox")
    expect(combobox).to_have_value("Laporan kegiatan komunitas")
    cells = editor(page).locator('[role="gridcell"]')
    expect(cells).to_have_text(["ID Komunitas", "ID komunitas", "Hari Pertemuan", "Tanggal",
                                "Pokok Bahasan", "(abaikan)"])
    check_and_load(page, "1")

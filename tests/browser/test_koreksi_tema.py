"""Theme corrections in Chromium (issue 18): on Laporan Dua Bulanan an admin saves the report (version 1), corrects
two items in the drill-down and sets their theme with one button, then sets one item to "Tidak bertema" in its "Tema"
cell; the draft's counts follow at once, while version 1 downloads exactly as it was saved.

Store: the Refleksi fixture export (tests/fixtures/refleksi) loaded and classified by the real classifier. Nov–Des
dampak: "siswa lebih aktif dan termotivasi" 3 items of 3 communities, "kompetensi dan kepercayaan diri guru" 1."""
from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import NO_CHROMIUM, TOKEN, choose, new_page, no_error, settle, token_server
from tests.support import copy_store
from vocab import KOMPONEN_LAPORAN_LABEL

pytestmark = NO_CHROMIUM
SISWA = "siswa lebih aktif dan termotivasi"
GURU = "kompetensi dan kepercayaan diri guru"
ROW_HEIGHT = 35  # the data editor's header and row height (px); its cells are drawn on a canvas
PILIH_X, TEMA_X = 35, 150  # px from the grid's left edge: the middle of "Pilih" and of "Tema"


@pytest.fixture(scope="module")
def laporan(browser, refleksi_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Page]:
    tmp = tmp_path_factory.mktemp("koreksi")
    store = copy_store(refleksi_template, tmp)
    with token_server(tmp, store) as url:
        page = new_page(browser)
        page.goto(f"{url}/?token={TOKEN}")
        settle(page)
        page.goto(f"{url}/laporan_dua_bulanan")
        settle(page)
        yield page
        page.context.close()


def download(page: Page, key: str) -> pd.DataFrame:
    with page.expect_download() as d:
        page.locator(f".st-key-{key} button").click()
    return pd.read_csv(io.BytesIO(Path(d.value.path()).read_bytes()), encoding="utf-8-sig")


def counts(df: pd.DataFrame) -> dict[str, int]:
    dampak = df[df["komponen_laporan"] == "dampak"]
    return dict(zip(dampak["tema"], dampak["jumlah_butir"].astype(int)))


def drill_down(page: Page):
    """The drill-down's correction table (its key carries a generation number: it starts clean after each write)."""
    return page.locator("[class*='st-key-laporan_telusur_editor_']").locator('[data-testid="stDataFrame"]').first


def cell(page: Page, row: int, x: float) -> tuple[float, float]:
    grid = drill_down(page)
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    return box["x"] + x, box["y"] + ROW_HEIGHT * row + ROW_HEIGHT / 2


def test_correct_one_item_and_a_selection_while_a_saved_version_stays(laporan: Page) -> None:
    page = laporan
    page.get_by_role("button", name="Simpan draf").click()
    expect(page.get_by_text("Draf tersimpan sebagai versi 1.", exact=False)).to_be_visible()
    settle(page)
    awal = download(page, "laporan_csv")
    assert (counts(awal)[SISWA], counts(awal)[GURU]) == (3, 1)

    choose(page, page.locator(".st-key-laporan_telusur_komponen").get_by_role("combobox"),
           KOMPONEN_LAPORAN_LABEL["dampak"])
    settle(page)
    expect(page.locator(".st-key-laporan_telusur_tema").get_by_role("combobox")).to_have_value(SISWA)
    expect(drill_down(page).locator('[role="gridcell"]', has_text=SISWA)).to_have_count(3)

    # a selection: tick two of the three items, one theme for both
    for row in (1, 2):
        page.mouse.click(*cell(page, row, PILIH_X))
    expect(page.get_by_role("button", name="Tetapkan tema (2 butir)")).to_be_enabled()
    choose(page, page.locator(".st-key-laporan_telusur_tema_pilihan").get_by_role("combobox"), GURU)
    page.get_by_role("button", name="Tetapkan tema (2 butir)").click()
    expect(page.get_by_text(f"2 butir ditetapkan ke tema '{GURU}'.").first).to_be_visible()
    settle(page)
    no_error(page, "laporan_dua_bulanan")
    sekarang = counts(download(page, "laporan_csv"))
    assert (sekarang[SISWA], sekarang[GURU]) == (1, 3)
    expect(drill_down(page).locator('[role="gridcell"]', has_text=SISWA)).to_have_count(1)

    # one item: the drill-down of the other theme, its "Tema" cell, one choice
    choose(page, page.locator(".st-key-laporan_telusur_tema").get_by_role("combobox"), GURU)
    settle(page)
    expect(drill_down(page).locator('[role="gridcell"]', has_text=GURU)).to_have_count(3)
    page.mouse.dblclick(*cell(page, 1, TEMA_X))
    page.get_by_role("option", name="Tidak bertema", exact=True).click()
    expect(page.get_by_text("1 butir ditetapkan ke tema 'Tidak bertema'.").first).to_be_visible()
    settle(page)
    no_error(page, "laporan_dua_bulanan")
    sekarang = counts(download(page, "laporan_csv"))
    assert (sekarang[SISWA], sekarang[GURU]) == (1, 2)

    # version 1, exactly as saved
    versi_1 = download(page, "laporan_versi_tabel_csv")
    kolom = ["komponen_laporan", "peringkat", "tema", "teks", "jumlah_komunitas", "jumlah_butir", "contoh"]
    pd.testing.assert_frame_equal(versi_1[kolom].reset_index(drop=True), awal[kolom].reset_index(drop=True),
                                  check_dtype=False)
    assert (counts(versi_1)[SISWA], counts(versi_1)[GURU]) == (3, 1)

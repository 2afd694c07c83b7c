"""End to end in a real browser, local mode (127.0.0.1 without [auth] = admin) on a fresh empty store:
every page opens by URL without an error, an admin uploads a PMM community registry and a Google Forms
activity export, reads the dry run, loads, and the pages, a sidebar filter and a CSV download then show
the uploaded data. Tests run in file order and share one server: each builds on the previous one.

Hand-checked figures of the fixtures (period 02/08/2022–04/09/2022, five complete weeks):
- daftar_komunitas.csv: 10 communities, 7 registered in PMM; Kab. Bandung 5, Kota Bandung 3,
  Kab. Bandung Barat 2.
- kegiatan_gform.csv: 70 rows = 68 meetings + one resubmission (counts once) + one dated 31/02/2022
  (quarantined, spreadsheet row 22). Meets every week: 6 communities (SDN 4 Baleendah's last week has
  only 30 minutes, SMPN 2 Soreang met in week 1 only, Padalarang missed the last week, the PMM daring
  community met in weeks 1, 3, 5). Active in the last 4 weeks: all but SMPN 2 Soreang (9); at risk
  (last two weeks missed): SMPN 2 Soreang only.
"""
from __future__ import annotations

import io
import re
from pathlib import Path

import pandas as pd
from playwright.sync_api import Page, expect

from tests.browser.conftest import NO_CHROMIUM, choose, no_error, settle
from tests.support import ROOT

pytestmark = NO_CHROMIUM
FIXTURES = Path(__file__).parent / "fixtures"
KOMUNITAS_CSV, KEGIATAN_CSV = FIXTURES / "daftar_komunitas.csv", FIXTURES / "kegiatan_gform.csv"
KOTA_BANDUNG = ["Guru Belajar Daring Bandung", "Kombel SMAN 3 Bandung", "MGMP Matematika SMP Kota Bandung"]


def page_paths() -> list[str]:
    """URL paths of the pages dashboard.py registers (Streamlit uses the file stem); all of pages/ is there."""
    stems = re.findall(r'st\.Page\("pages/(\w+)\.py"', (ROOT / "dashboard.py").read_text(encoding="utf-8"))
    assert sorted(stems) == sorted(p.stem for p in (ROOT / "pages").glob("*.py") if p.stem != "__init__")
    return stems


def expect_metrics(page: Page, label: str, values: list[str]) -> None:
    """The values of the metrics labelled `label`, in page order (retried until the run has drawn them)."""
    expect(page.locator('[data-testid="stMetric"]', has_text=label).locator('[data-testid="stMetricValue"]')
           ).to_have_text(values)


def download_csv(page: Page, key: str) -> pd.DataFrame:
    with page.expect_download() as download:
        page.locator(f".st-key-{key} button").click()
    return pd.read_csv(io.BytesIO(Path(download.value.path()).read_bytes()), encoding="utf-8-sig", dtype=str)


def open_all_pages(page: Page, app: str, skip: tuple[str, ...] = ()) -> None:
    for path in page_paths():
        if path in skip:
            continue
        page.goto(f"{app}/{path}")
        settle(page)
        expect(page.locator("h1")).to_have_count(1)
        no_error(page, path)
    assert not page.dialogs


def test_every_page_opens_by_url_on_an_empty_store(admin: Page, app: str) -> None:
    open_all_pages(admin, app)
    admin.goto(f"{app}/ringkasan")
    expect(admin.get_by_text("Belum ada data komunitas belajar", exact=False)).to_be_visible()
    expect(admin.get_by_text("Mode lokal (tanpa login)")).to_be_visible()


def test_upload_dry_run_then_load(admin: Page, app: str) -> None:
    page = admin
    page.goto(f"{app}/unggah_data")
    settle(page)
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files([KOMUNITAS_CSV, KEGIATAN_CSV])
    # both kinds are recognised from the headers alone
    jenis = page.locator('[data-testid="stSelectbox"]', has_text="Jenis data")
    expect(jenis).to_have_count(2)
    expect(jenis.nth(0).get_by_role("combobox")).to_have_value("Daftar komunitas")
    expect(jenis.nth(1).get_by_role("combobox")).to_have_value("Laporan kegiatan komunitas")
    settle(page)

    page.get_by_role("button", name="Periksa (uji coba, belum menyimpan)").click()
    expect(page.get_by_role("heading", name="Hasil uji coba (belum disimpan)")).to_be_visible()
    settle(page)
    no_error(page, "unggah_data")
    # files in load order: the registry first, so the activities can name its communities
    expect_metrics(page, "Baris", ["10", "70"])
    expect_metrics(page, "Ditambahkan", ["10", "68"])
    expect_metrics(page, "Sudah ada", ["0", "1"])  # the resubmitted meeting
    expect_metrics(page, "Dikarantina", ["0", "1"])
    expect(page.get_by_text("Baris yang dikarantina (tidak dimuat) beserta alasannya:")).to_have_count(1)
    # the grids' accessible cells: the shown quarantine row, and the Forms header mapping it was read with
    cells = page.locator('[data-testid="stDataFrame"] [role="gridcell"]')
    for text in ("22", "31/02/2022", "Tanggal tidak terbaca", "Tanggal '31/02/2022' tidak terbaca."):  # code: label
        expect(cells.filter(has_text=re.compile(f"^{re.escape(text)}$"))).to_have_count(1)
    for text in ("Stempel waktu", "Waktu pengisian", "Tanggal Pelaksanaan Kegiatan", "Jumlah Anggota yang Hadir"):
        expect(cells.filter(has_text=re.compile(f"^{re.escape(text)}$")).first).to_be_attached()
    karantina = download_csv(page, "unggah_karantina_1_csv")
    assert karantina[["sumber_baris", "kode_alasan", "alasan"]].values.tolist() == [
        ["22", "tanggal_tidak_terbaca", "Tanggal '31/02/2022' tidak terbaca."]]
    # a dry run stores nothing (another tab: this one keeps its uploads and report)
    other = page.context.new_page()
    other.goto(f"{app}/ringkasan")
    expect(other.get_by_text("Belum ada data komunitas belajar", exact=False)).to_be_visible()
    other.close()

    page.get_by_role("button", name="Muat data").click()
    expect(page.get_by_text("Data berhasil dimuat. Semua halaman kini memakai data terbaru.")).to_be_visible()
    settle(page)
    expect(page.get_by_role("heading", name="Hasil pemuatan")).to_be_visible()
    expect_metrics(page, "Ditambahkan", ["10", "68"])
    expect_metrics(page, "Dikarantina", ["0", "1"])
    expect(page.get_by_role("button", name="Muat data")).to_have_count(0)  # the uploader was emptied
    no_error(page, "unggah_data")


def test_ringkasan_and_aturan_mingguan_show_the_upload(admin: Page, app: str) -> None:
    page = admin
    page.goto(f"{app}/ringkasan")
    settle(page)
    # the default period runs from the first activity to the last complete week
    expect(page.get_by_text("Data per ", exact=False)).to_contain_text("2 berkas · Periode 2 Agu 2022 – 4 Sep 2022")
    expect(page.get_by_role("heading", name="Gambaran umum, 2 Agu 2022 – 4 Sep 2022")).to_be_visible()
    expect_metrics(page, "Komunitas belajar", ["10"])
    expect_metrics(page, "Terdaftar di PMM", ["7"])
    expect_metrics(page, "Aktif 4 minggu terakhir", ["9"])
    expect_metrics(page, "Memenuhi aturan mingguan", ["6"])
    expect(page.locator('[data-testid="stMetric"]', has_text="Memenuhi aturan mingguan")).to_contain_text(
        "dari 10 yang dinilai")
    no_error(page, "ringkasan")

    page.goto(f"{app}/aturan_mingguan")
    settle(page)
    expect(page.get_by_role("heading", name="6 dari 10 komunitas memenuhi aturan mingguan; 1 berisiko berhenti")
           ).to_be_visible()
    follow_up = download_csv(page, "aturan_tindak_lanjut_csv")
    assert len(follow_up) == 10
    assert follow_up.iloc[0]["nama_komunitas"] == "Kombel SMPN 2 Soreang"  # at risk: first in the list
    assert follow_up["kabkota"].value_counts().to_dict() == {
        "Kabupaten Bandung": 5, "Kota Bandung": 3, "Kabupaten Bandung Barat": 2}


def test_sidebar_filter_changes_the_table_and_its_download(admin: Page, app: str) -> None:
    page = admin  # still on Aturan Mingguan, all filters at their defaults
    caption = page.locator(".st-key-aturan_tindak_lanjut_csv").locator("xpath=..").get_by_text(
        re.compile(r"^\d+ baris$"))
    expect(caption).to_have_text("10 baris")
    choose(page, page.locator(".st-key-kabkota [role='combobox']"), "Kota Bandung")
    page.keyboard.press("Escape")
    expect(page.get_by_role("heading", name="2 dari 3 komunitas memenuhi aturan mingguan; 0 berisiko berhenti")
           ).to_be_visible()
    settle(page)
    expect(caption).to_have_text("3 baris")
    rows = download_csv(page, "aturan_tindak_lanjut_csv")
    assert sorted(rows["nama_komunitas"]) == KOTA_BANDUNG
    assert set(rows["kabkota"]) == {"Kota Bandung"}
    assert rows["memenuhi_aturan"].tolist().count("True") == 2

    # a second filter narrows further: only the PMM daring community is left
    choose(page, page.locator(".st-key-jenis [role='combobox']"), "Daring (PMM)")
    expect(page.get_by_role("heading", name="0 dari 1 komunitas memenuhi aturan mingguan; 0 berisiko berhenti")
           ).to_be_visible()
    settle(page)
    expect(caption).to_have_text("1 baris")
    rows = download_csv(page, "aturan_tindak_lanjut_csv")
    assert rows[["nama_komunitas", "kabkota", "jenis"]].values.tolist() == [
        ["Guru Belajar Daring Bandung", "Kota Bandung", "daring_pmm"]]
    assert re.search(r"kabkota=Kota\+Bandung", page.url)  # the filter is in the shareable URL
    no_error(page, "aturan_mingguan")


def test_every_page_opens_by_url_with_data(admin: Page, app: str) -> None:
    # Ringkasan and Aturan Mingguan were opened by URL with data, and checked, by the two tests above.
    open_all_pages(admin, app, skip=("ringkasan", "aturan_mingguan"))

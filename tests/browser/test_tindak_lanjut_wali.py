"""The wali's follow-up loop end to end (issue 16), in Chromium behind the real login: a wali wilayah opens the
follow-up list, picks the three at-risk communities of their region, gets three wa.me links whose decoded text
names the right community and the weeks missed, marks them contacted, a load brings new activities for two of
them, and the page says "2 dari 3 … aktif kembali" — on a phone-sized screen. Another wali sees none of it.

Store (built by hand): every community meets weekly from Wednesday 3 Jan 2024; R1–R3 (Kab. Bandung and
Kab. Bandung Barat, the first wali's region) stop after 17 Jan, K1 (Kota Bandung, the other wali's) too, and
"Kombel Rajin" (Kab. Bandung) goes on to Sunday 11 Feb. The wali records the contact on 12/02/2024; the load
that follows (a Google Forms export, `;`, through the real CLI) has R1 and R2 meeting on 14/02 and Kombel Rajin
until 10/03, so the three-week window of the contact is over and R3 is "belum aktif", not "menunggu"."""
from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import NO_CHROMIUM, Servers, log_in, login_servers, new_page, no_error, settle
from tests.fixtures.security import USERS, WALI_EMAIL
from tests.support import ROOT, add_kegiatan, add_komunitas, new_store

pytestmark = NO_CHROMIUM

WALI_KOTA_EMAIL = "wali.kota@bbgp-jabar.id"  # Kota Bandung only, in USERS
OIDC = [{"sub": "wali", "email": WALI_EMAIL, "email_verified": True, "name": "Wali Bandung"},
        {"sub": "walikota", "email": WALI_KOTA_EMAIL, "email_verified": True, "name": "Wali Kota"}]
BERISIKO = {  # id -> (name, kab/kota code, kab/kota as typed in the form, penggerak, number)
    "R1": ("Kombel SDN 1 Cileunyi", "32.04", "KAB. BANDUNG", "Siti Aminah", "6281200000101"),
    "R2": ("KKG Gugus Melati Soreang", "32.04", "Kab. Bandung", "Budi Santoso", "6281200000102"),
    "R3": ("MGMP IPA Lembang", "32.17", "KAB. BANDUNG BARAT", "Dodi Saputra", "6281200000103"),
}
PONSEL = {"width": 390, "height": 844}
LAIN = ("K1", "Kombel SMAN 3 Kota Bandung")  # at risk, in the other wali's region


def fill(con) -> None:
    for kid, (nama, kab, _, penggerak, nomor) in BERISIKO.items():
        add_komunitas(con, kid, nama_komunitas=nama, kode_kabkota=kab, tanggal_terdaftar=date(2023, 6, 1),
                      penggerak_nama=penggerak, penggerak_email=f"{kid.lower()}@guru.id", penggerak_wa=nomor)
    add_komunitas(con, LAIN[0], nama_komunitas=LAIN[1], kode_kabkota="32.73", tanggal_terdaftar=date(2023, 6, 1),
                  penggerak_nama="Rina", penggerak_email="rina@guru.id", penggerak_wa="6281200000109")
    add_komunitas(con, "OK", nama_komunitas="Kombel Rajin", tanggal_terdaftar=date(2023, 6, 1),
                  penggerak_nama="Cici", penggerak_email="cici@guru.id", penggerak_wa="6281200000104")
    for w in range(6):
        add_kegiatan(con, "OK", date(2024, 1, 3) + timedelta(weeks=w), 60)
        if w < 3:
            for kid in (*BERISIKO, LAIN[0]):
                add_kegiatan(con, kid, date(2024, 1, 3) + timedelta(weeks=w), 60)
    add_kegiatan(con, "OK", date(2024, 2, 11), 60)


def new_activities(path: Path) -> Path:
    """What the penggerak report after the contact, as the Google Form exports it."""
    rows = ["Stempel waktu;Nama Komunitas Belajar;Kabupaten / Kota;Tanggal Pelaksanaan Kegiatan;Durasi Kegiatan;"
            "Topik Kegiatan;Bentuk Kegiatan;Moda Kegiatan;Jumlah Anggota yang Hadir"]
    for kid in ("R1", "R2"):
        nama, _, kab, *_ = BERISIKO[kid]
        rows.append(f"14/02/2024 16:02:11;{nama};{kab};14/02/2024;60 menit;Modul ajar;Diskusi;Luring;9")
    for hari in range(0, 28, 7):  # Kombel Rajin goes on meeting: the loaded data reach past the 3-week window
        d = date(2024, 2, 14) + timedelta(days=hari)
        rows.append(f"{d:%d/%m/%Y} 15:00:00;Kombel Rajin;Kab. Bandung;{d:%d/%m/%Y};60 menit;Asesmen;Diskusi;Luring;8")
    d = date(2024, 3, 10)
    rows.append(f"{d:%d/%m/%Y} 15:00:00;Kombel Rajin;Kab. Bandung;{d:%d/%m/%Y};60 menit;Asesmen;Diskusi;Luring;8")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8-sig")
    return path


@pytest.fixture(scope="module")
def servers(store_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    tmp = tmp_path_factory.mktemp("tindak_lanjut")
    store = new_store(store_template, tmp).build(fill)
    store.close()
    with login_servers(tmp, USERS, OIDC, store.path) as s:
        yield s


def pick_date(page: Page, label: str, d: date) -> None:
    """Type a date into Streamlit's date field segment by segment; Enter applies it."""
    page.get_by_role("spinbutton", name=f"day, {label}", exact=False).first.click()
    page.keyboard.type(f"{d:%d%m%Y}")
    page.keyboard.press("Enter")
    settle(page)


def test_a_wali_messages_logs_contacts_and_sees_two_of_three_revive(browser, servers: Servers) -> None:
    page = new_page(browser)
    page.set_viewport_size(PONSEL)  # walis act from their phones
    try:
        log_in(page, servers, "wali")
        page.goto(f"{servers.app}/aturan_mingguan")
        settle(page)
        page.get_by_role("button", name="Pilih semua yang berisiko dan belum bertemu lagi (3)").click()
        links = page.locator('a[href^="https://wa.me/"]')
        expect(links).to_have_count(3)
        settle(page)
        no_error(page, "aturan_mingguan")
        teks = {}
        for i in range(3):
            parts = urlsplit(links.nth(i).get_attribute("href"))
            teks[parts.path.strip("/")] = parse_qs(parts.query)["text"][0]
        assert set(teks) == {v[4] for v in BERISIKO.values()}  # the wali's three, not Kota Bandung's
        for nama, _, _, penggerak, nomor in BERISIKO.values():
            assert nama in teks[nomor] and f"Bapak/Ibu {penggerak}" in teks[nomor]
            assert "selama 3 minggu terakhir" in teks[nomor] and "17 Januari 2024" in teks[nomor]
        assert page.evaluate("() => document.documentElement.scrollWidth") <= PONSEL["width"]  # no sideways scroll

        # Mark the three contacted, on the day after the period: the picked ones carry over to the log's form.
        page.get_by_role("button", name="Ambil 3 komunitas yang dipilih untuk pesan").click()
        settle(page)
        pick_date(page, "Tanggal kontak", date(2024, 2, 12))
        page.get_by_role("button", name="Catat dihubungi").click()
        settle(page)
        expect(page.get_by_text("0 dari 3 komunitas yang dihubungi aktif kembali", exact=False)).to_be_visible()

        # A load by the UPT (another process, the real CLI) brings new activities for R1 and R2.
        csv = new_activities(servers.store.parent / "kegiatan_februari.csv")
        done = subprocess.run([sys.executable, "-m", "data_loaders", "--db", str(servers.store), str(csv)],
                              cwd=ROOT, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stdout + done.stderr
        page.reload()
        settle(page)
        expect(page.get_by_text("2 dari 3 komunitas yang dihubungi aktif kembali", exact=False)).to_be_visible()
        no_error(page, "aturan_mingguan")
    finally:
        page.context.close()

    other = new_page(browser)
    try:  # the other wali: none of the first wali's communities, links or contacts
        log_in(other, servers, "walikota")
        other.goto(f"{servers.app}/aturan_mingguan")
        settle(other)
        no_error(other, "aturan_mingguan")
        body = other.locator('[data-testid="stMain"]').inner_text()
        for nama, *_ in BERISIKO.values():
            assert nama not in body
        assert "dari 3 komunitas yang dihubungi" not in body
        assert other.locator('a[href*="6281200000101"], a[href*="6281200000102"], a[href*="6281200000103"]'
                             ).count() == 0
    finally:
        other.context.close()

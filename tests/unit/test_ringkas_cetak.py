"""The printable brief (ui/ringkas_cetak.py, issue 17 item 5) on the security fixture store: its figures are the
queries' own, a wali's brief holds only their region, text from data stays text, and nothing in the file points
outside it."""
from __future__ import annotations

import html
import re
from datetime import date
from html.parser import HTMLParser

import pytest

from queries.runner import Filters, run_query
from queries.scope import ADMIN
from tests.fixtures.security import FORMULA_NAME, LINK_NAME, PERIOD, WALI, WALI_KOTA, XSS_NAME
from tests.support import open_readonly
from ui import charts, ringkas_cetak
from ui import format as fmt


@pytest.fixture(scope="module")
def con(security_store):
    c = open_readonly(security_store)
    yield c
    c.close()


def _brief(con, scope=ADMIN, filters=PERIOD, **kw) -> str:
    return ringkas_cetak.build_brief(con, filters, scope, diperbarui_pada="1 Jun 2024 08.00", **kw).decode("utf-8")


def _kartu(teks: str) -> dict[str, str]:
    return dict(re.findall(r'data-kunci="(\w+)">([^<]*)<', teks))


@pytest.mark.parametrize("scope", [ADMIN, WALI, WALI_KOTA], ids=["admin", "wali", "wali_kota"])
def test_headline_figures_are_the_headline_query(con, scope) -> None:
    h = run_query(con, "headline", PERIOD, scope).iloc[0]
    kartu = _kartu(_brief(con, scope))
    assert kartu == {
        "jumlah_komunitas": fmt.angka(h.jumlah_komunitas), "terdaftar_pmm": fmt.angka(h.terdaftar_pmm),
        "komunitas_aktif_4_minggu": fmt.angka(h.komunitas_aktif_4_minggu),
        "komunitas_memenuhi_aturan": fmt.angka(h.komunitas_memenuhi_aturan),
        "jumlah_refleksi": fmt.angka(h.jumlah_refleksi), "persen_cakupan_ikm": fmt.persen(h.persen_cakupan_ikm),
    }
    assert h.jumlah_komunitas > 0


def test_text_from_data_is_escaped_and_nothing_points_outside(con) -> None:
    teks = _brief(con)
    for nama in (XSS_NAME, LINK_NAME, FORMULA_NAME):
        assert html.escape(nama, quote=True) in teks
        assert nama not in teks
    tags = _Tags()
    tags.feed(teks)
    assert not tags.found & {"script", "a", "link", "img", "iframe", "object", "embed", "base", "image", "use"}
    assert not [a for a in tags.attrs if a[0] in ("href", "src", "xlink:href", "xmlns", "action")]
    assert not [a for a in tags.attrs if "http" in (a[1] or "")]  # no URL in any attribute
    css = "".join(tags.style)
    assert "url(" not in css and "@import" not in css and "http" not in css


class _Tags(HTMLParser):
    """The elements, attributes and style text of a document, as a browser's parser sees them."""

    def __init__(self) -> None:
        super().__init__()
        self.found: set[str] = set()
        self.attrs: list[tuple[str, str | None]] = []
        self.style: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self.found.add(tag)
        self.attrs += attrs
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.style.append(data)


def test_a_wali_brief_holds_only_their_region(con) -> None:
    teks = _brief(con, WALI_KOTA)
    assert "Ringkasan Komunitas Belajar — Kota Bandung" in teks
    assert html.escape(FORMULA_NAME, quote=True) in teks
    for lain in ("Kombel SDN 1 Cileunyi", "KKG Gugus 3 Cileunyi", "Kabupaten Bandung Barat",
                 html.escape(XSS_NAME, quote=True)):
        assert lain not in teks
    # one kab/kota: labelled bars, not a map that would be one blob
    assert '<svg class="batang"' in teks and '<svg class="peta"' not in teks


def test_three_kabkota_get_a_map_with_one_shape_each(con) -> None:
    teks = _brief(con)
    peta = re.search(r'<svg class="peta".*?</svg>', teks, re.S).group(0)
    progres = run_query(con, "progress_kabkota", PERIOD, ADMIN)
    assert len(progres) == 3
    for r in progres.itertuples():  # each kab/kota shape carries its name and value
        assert f"<title>{html.escape(r.kabkota)}: {fmt.persen(r.rata_persen_terpenuhi)}</title>" in peta


def test_at_risk_list_top_n_and_the_rest_counted(con) -> None:
    tindak = run_query(con, "weekly_rule_followup", PERIOD, ADMIN)
    berisiko = tindak[tindak["berisiko"]]
    assert len(berisiko) == 4
    teks = _brief(con, batas=1)
    tabel = re.search(r"<table class='berisiko'>.*?<tbody>(.*?)</tbody>", teks, re.S).group(1)
    assert tabel.count("<tr>") == 1
    assert html.escape(berisiko.iloc[0]["nama_komunitas"]) in tabel
    assert "… dan 3 komunitas berisiko lainnya" in teks
    assert "Komunitas berisiko (4)" in teks
    semua = _brief(con)
    tabel = re.search(r"<table class='berisiko'>.*?<tbody>(.*?)</tbody>", semua, re.S).group(1)
    assert tabel.count("<tr>") == 4 and "lainnya" not in semua


def test_top_themes_of_the_reflection_period(con) -> None:
    tema = run_query(con, "reflection_theme_ranking", Filters(date(2022, 9, 1), date(2022, 10, 31)), ADMIN)
    atas = tema[(tema["komponen"] == "hal_baik") & (tema["tema"] != "lainnya")].sort_values("peringkat").iloc[0]
    teks = _brief(con)
    assert f"Tema refleksi teratas, {fmt.periode(date(2022, 9, 1), date(2022, 10, 31))}" in teks
    assert f"{html.escape(atas.tema)} — {fmt.persen(atas.persen_komunitas)} komunitas" in teks


def test_a_period_without_reflections_says_so(con) -> None:
    teks = _brief(con, filters=Filters(date(2022, 8, 1), date(2022, 8, 28)))
    assert "Belum ada refleksi pada periode ini." in teks


def test_map_bands_are_the_dashboard_map_bands() -> None:
    assert [ringkas_cetak._warna(w) for w in ringkas_cetak.WARNA_PETA] == \
        [ringkas_cetak._warna(w) for w in charts.WARNA_PETA]

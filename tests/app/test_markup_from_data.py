"""No markup from data, anywhere (issue 14 item 2). Every text field of every input kind carries a link, bold,
an image with an onerror handler and a Markdown link; the files go through the real loader (read, headers,
normalise, quarantine, apply), then every page runs and nothing drawn may interpret them:
- Plotly (which reads `<a href>`, `<b>`, ... in every label) gets them as entities: no `<a href`, `<img`,
  `<b>tebal` from data in any figure's JSON, and the survey topic shows in Program UPT's chart as typed;
- no element that renders Markdown (captions, alerts, headings, labels, ...) carries a live link: no `](` from
  data, and no bare `https://…phish.example` that GFM would autolink (also not once the Markdown escapes are
  resolved); no Markdown element allows HTML;
- download file names built from data lose the characters a file system or Markdown would read.
Data grids and select options are plain text in the browser; the browser test (tests/browser/
test_access_token.py) checks the DOM and the SVG of two charts.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.fixtures.markup import BOLD, IMG, LINK, MARKUP, MD, build_markup_store, markup_files
from tests.support import ROOT, copy_store
from ui import format as fmt

PAGES = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "pages").glob("*.py"))
TIMEOUT = 60
# What the browser shows as plain text whatever it holds.
PLAIN = {"text", "dataframe", "arrow_data_frame", "data_editor", "table", "code", "json"}
PLAIN_OPTIONS = {"selectbox", "multiselect"}  # only their label and help are Markdown
PLOTLY_MARKERS = ("<a href", "<img", "<b>tebal")
AUTOLINK = re.compile(r"(?i)(https?://|www\.)[^\s]*phish\.example")  # what GFM's autolink literal would link
@pytest.fixture(scope="module")
def markup_template(store_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_markup_store(store_template, tmp_path_factory.mktemp("markup"))


@pytest.fixture(autouse=True)
def markup_db(markup_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private copy per test (the upload test writes to it), read as the dashboard's store."""
    path = copy_store(markup_template, tmp_path)
    monkeypatch.setenv("KOMBEL_DB", str(path))
    yield path


def _elements(at: AppTest) -> Iterator[tuple[str, object]]:
    def walk(node: object) -> Iterator[tuple[str, object]]:
        if getattr(node, "proto", None) is not None:
            yield getattr(node, "type", "?"), node
        for child in getattr(node, "children", {}).values():
            yield from walk(child)

    yield from walk(at._tree)


def assert_no_markup(at: AppTest, where: str) -> dict[str, int]:
    """Fails on any markup from data that the browser would interpret; returns what was looked at, per kind."""
    seen: dict[str, int] = {}
    for kind, node in _elements(at):
        seen[kind] = seen.get(kind, 0) + 1
        proto = node.proto
        if kind == "plotly_chart":  # Plotly's JSON escapes `<` as \u003c: look at the decoded spec
            spec = json.dumps(json.loads(proto.spec), ensure_ascii=False)
            for marker in PLOTLY_MARKERS:
                assert marker not in spec, f"{where}: {marker!r} from data reached a chart unescaped"
            continue
        if kind in PLAIN:
            continue
        if kind in PLAIN_OPTIONS:
            data = " ".join((proto.label, proto.help, proto.placeholder)).encode()
        else:
            data = proto.SerializeToString()
        assert b"](" not in data, f"{where}: a Markdown link from data reached a {kind}"
        # GFM links a bare `https://…` / `www.…` even when its punctuation is backslash-escaped: look at the text
        # as shown, escapes resolved.
        shown = re.sub(r"\\(.)", r"\1", data.decode("utf-8", "replace"))
        assert not AUTOLINK.search(shown), f"{where}: the data's URL reached a {kind} as a bare link"
    for md in (*at.markdown, *at.caption, *at.sidebar.markdown, *at.sidebar.caption):
        assert not md.proto.allow_html, f"{where}: Markdown with HTML allowed"
    return seen


@pytest.mark.parametrize("page", PAGES)
def test_no_page_renders_markup_from_data(page: str) -> None:
    at = AppTest.from_file(str(ROOT / page), default_timeout=TIMEOUT).run()
    assert not at.exception, at.exception
    assert_no_markup(at, page)


def test_every_kind_reached_the_pages() -> None:
    """Not vacuous: the markup is in the store, shown as text in the grids of the pages that list it."""
    seen = set()
    for page in ("pages/aktivitas.py", "pages/kualitas_data.py", "pages/penggerak.py", "pages/program_upt.py",
                 "pages/rencana_tindak_lanjut.py", "pages/refleksi.py", "pages/aturan_mingguan.py"):
        at = AppTest.from_file(str(ROOT / page), default_timeout=TIMEOUT).run()
        for df in at.dataframe:
            for col in df.value.columns:
                if df.value[col].astype(str).str.contains(LINK, regex=False).any():
                    seen.add(col)
    assert {"nama_komunitas", "penggerak_nama", "nilai", "nama_kegiatan", "topik"} <= seen, seen


def test_program_upt_chart_shows_the_survey_link_as_typed() -> None:
    at = AppTest.from_file(str(ROOT / "pages/program_upt.py"), default_timeout=TIMEOUT).run()
    assert not at.exception, at.exception
    survei = [json.loads(c.proto.spec) for c in at.get("plotly_chart") if "Topik upgrading" in c.proto.spec]
    assert len(survei) == 1
    kategori = [y for trace in survei[0]["data"] for y in trace["y"]]
    assert fmt.plotly_teks(LINK) in kategori  # &lt;a href="https://phish.example/masuk"&gt;Masuk&lt;/a&gt;
    assert {fmt.plotly_teks(BOLD), fmt.plotly_teks(IMG), MD} <= set(kategori)


def test_week_grid_names_are_escaped() -> None:
    at = AppTest.from_file(str(ROOT / "pages/aturan_mingguan.py"), default_timeout=TIMEOUT).run()
    assert not at.exception, at.exception
    grid = [json.loads(c.proto.spec) for c in at.get("plotly_chart") if "Status mingguan" in c.proto.spec]
    assert len(grid) == 1
    baris = grid[0]["data"][0]["y"]  # the first kab/kota offered: Kab. Bandung
    assert sorted(baris) == [fmt.plotly_teks(f"Kombel {n} {MARKUP}") for n in ("Dua", "Satu")]


def test_upload_report_with_markup_in_every_kind() -> None:
    """The dry-run report of the same files (names, quarantine reasons quoting the values, corrections)."""
    at = AppTest.from_file(str(ROOT / "pages/unggah_data.py"), default_timeout=TIMEOUT).run()
    uploads = [(f"{name[:-4]} {BOLD}.csv", data, "text/csv") for name, data in markup_files().items()]
    at.get("file_uploader")[0].set_value(uploads).run()
    assert not at.exception, at.exception
    at.button(key="unggah_periksa").click().run()
    assert not at.exception, at.exception
    assert "Hasil uji coba (belum disimpan)" in [s.value for s in at.subheader]
    assert any(LINK in df.value.astype(str).to_string() for df in at.dataframe)  # reasons quote the values
    assert_no_markup(at, "pages/unggah_data.py")


def test_plotly_teks() -> None:
    assert fmt.plotly_teks('<a href="u">x</a> & <b>') == '&lt;a href="u"&gt;x&lt;/a&gt; &amp; &lt;b&gt;'
    assert fmt.plotly_teks("&lt;a&gt;") == "&amp;lt;a&amp;gt;"  # an entity typed in data stays as typed
    assert fmt.plotly_teks(12) == 12 and fmt.plotly_teks(None) is None


def test_download_file_names_lose_markup() -> None:
    nama = fmt.nama_berkas(f"karantina_{LINK} {MD}")
    assert not set(nama) & set('<>:"/\\|?*[]()`&;%#{}$!\'')
    assert nama.startswith("karantina_")
    assert fmt.nama_berkas("tema_refleksi_hal_baik_Agu–Sep 2022") == "tema_refleksi_hal_baik_Agu–Sep 2022"
    assert fmt.nama_berkas("../..") == "unduhan"

"""Every page file, opened on its own (as a deep link on a fresh server runs it, without
dashboard.py): no login -> nothing; a stranger -> refusal; a wali wilayah -> only their kab/kota in
every table, chart, option and text, also when the URL names another kab/kota; bound to a network
address without login -> refusal. Data never becomes Markdown or HTML.

Pages are found by glob, so a new page is covered without touching this file.
"""
from __future__ import annotations

import ast
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import AUTH, TIMEOUT, logged_in
from tests.fixtures import security
from tests.fixtures.security import FORMULA_NAME, LINK_NAME, WALI, WALI_EMAIL, XSS_NAME
from tests.support import ROOT, copy_store

USERS = security.USERS  # the users file of this module's runs (tests/app/conftest.py::app_env)
PAGES = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "pages").glob("*.py"))
ADMIN_ONLY = {"pages/unggah_data.py", "pages/pengguna.py"}
WALI_NAMES = {"Kabupaten Bandung", "Kabupaten Bandung Barat"}
# What only Kota Bandung (32.73) has: its name, code, communities, schools and penggerak.
OUTSIDE = ["Kota Bandung", "32.73", "KB-301", "KB-302", "SMAN 3 Bandung", "HYPERLINK", "Dewi Lestari",
           "Budi Santoso", "dewi.lestari@", "budi.santoso@", "SMPN 9 Bandung", "Antah"]
DATA_ELEMENTS = {"dataframe", "data_editor", "table"}
PLAIN_OPTIONS = {"selectbox", "multiselect"}
# Events for the whole UPT carry this instead of a kab/kota: they are everyone's (_kegiatan_upt.sql).
UPT_WIDE = "Seluruh wilayah UPT"


@pytest.fixture(autouse=True)
def app_store(security_store: Path, tmp_path: Path, use_store) -> Path:
    """Every page here reads its own copy of the security fixture store (tests/fixtures/security)."""
    return use_store(copy_store(security_store, tmp_path))


def page_app(page: str) -> AppTest:
    return AppTest.from_file(str(ROOT / page), default_timeout=TIMEOUT)


def elements(at: AppTest, *, as_markup: bool = False) -> list[tuple[str, bytes]]:
    """(type, content) of every element and block drawn, main area and sidebar, however nested.

    `as_markup`: only what the browser may interpret as Markdown/HTML — data grids are left out, and
    select/multiselect options (plain text in the browser; only their label is Markdown)."""
    found: list[tuple[str, bytes]] = []

    def walk(node: object) -> None:
        proto = getattr(node, "proto", None)
        kind = getattr(node, "type", "?")
        if proto is not None:
            if kind == "plotly_chart":  # Plotly's JSON escapes `<` as \u003c: look at the decoded spec
                data = json.dumps(json.loads(proto.spec), ensure_ascii=False).encode()
            elif as_markup and kind in PLAIN_OPTIONS:
                data = " ".join((proto.label, proto.help, proto.placeholder)).encode()
            else:
                data = proto.SerializeToString()
            if not (as_markup and kind in DATA_ELEMENTS):
                found.append((kind, data))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return found


def shows_data(at: AppTest) -> bool:
    return bool(at.dataframe or at.data_editor or at.get("plotly_chart") or at.metric or at.get("download_button"))


@pytest.mark.parametrize("page", PAGES)
def test_no_login_no_data(page: str) -> None:
    at = page_app(page)
    at.secrets["auth"] = AUTH
    at.run()
    assert not at.exception, at.exception
    assert [b.label for b in at.button] == ["Masuk dengan akun belajar.id"]
    assert not shows_data(at)
    assert not at.multiselect and not at.selectbox  # not even the kab/kota choices


@pytest.mark.parametrize("page", PAGES)
def test_a_stranger_is_refused(page: str) -> None:
    at = logged_in(page_app(page), "orang.lain@gmail.com")
    at.run()
    assert not at.exception, at.exception
    assert any("belum terdaftar" in w.value for w in at.warning)
    assert not shows_data(at)
    assert not at.multiselect and not at.selectbox


@pytest.mark.parametrize("page", PAGES)
def test_wali_sees_only_their_kabkota(page: str) -> None:
    at = logged_in(page_app(page), WALI_EMAIL.upper())
    at.query_params["kabkota"] = "Kota Bandung"  # a shared link naming another kab/kota
    at.run()
    assert not at.exception, at.exception
    if page in ADMIN_ONLY:
        assert any("hanya untuk admin" in w.value for w in at.warning)
        assert not at.get("file_uploader")
        return
    assert at.multiselect(key="kabkota").options == ["Kabupaten Bandung", "Kabupaten Bandung Barat"]
    for df in (d.value for d in (*at.dataframe, *at.data_editor)):
        if "kode_kabkota" in df.columns:
            assert set(df["kode_kabkota"].dropna()) <= set(WALI.kabkota)
        if "kabkota" in df.columns:
            assert set(df["kabkota"].dropna()) <= WALI_NAMES | {UPT_WIDE}
    for chart in at.get("plotly_chart"):
        for trace in json.loads(chart.proto.spec)["data"]:
            assert set(trace.get("locations") or []) <= set(WALI.kabkota)
    for kind, data in elements(at):
        for text in OUTSIDE:
            assert text.encode() not in data, f"{page}: {text!r} in a {kind}"


@pytest.mark.parametrize("page", sorted(set(PAGES) - ADMIN_ONLY))
def test_data_is_never_markdown_or_html(page: str) -> None:
    """Local admin mode sees the community named like an attack: only data grids may carry it."""
    at = page_app(page).run()
    assert not at.exception, at.exception
    assert not at.get("html")
    for kind, data in elements(at, as_markup=True):
        for marker in (b"<script>", b"<a href", b"**tebal**", b"](http://evil)", FORMULA_NAME.encode()):
            assert marker not in data, f"{page}: {marker!r} reached a {kind}"
    for md in (*at.markdown, *at.caption):
        assert not md.proto.allow_html


def test_the_attack_name_is_shown_literally() -> None:
    at = page_app("pages/aturan_mingguan.py").run()
    names = set().union(*(set(d.value.get("nama_komunitas", [])) for d in at.dataframe))
    assert {XSS_NAME, LINK_NAME, FORMULA_NAME} <= names
    at.selectbox(key="aturan_grid_kabkota").set_value("32.17").run()  # the week grid of its kab/kota
    assert not at.exception, at.exception
    assert at.get("plotly_chart")
    for kind, data in elements(at, as_markup=True):
        for marker in (b"<script>", b"<a href"):
            assert marker not in data, f"{marker!r} reached a {kind} unescaped"


def test_a_mapped_spelling_is_not_markdown_in_the_confirmation() -> None:
    """The admin maps the quarantined spelling `Kab. [Antah](http://evil) Berantah`: the message quoting it
    must show it as typed."""
    at = page_app("pages/kualitas_data.py").run()
    assert at.selectbox(key="kualitas_ejaan").value == "Kab. [Antah](http://evil) Berantah"
    at.selectbox(key="kualitas_ejaan_target").set_value("32.04").run()
    at.button(key="kualitas_simpan_ejaan").click().run()
    assert not at.exception, at.exception
    assert at.success, "the mapping should be confirmed"
    for kind, data in elements(at, as_markup=True):
        assert b"](http://evil)" not in data, f"the spelling reached a {kind} as Markdown"


def _unsafe_calls(tree: ast.AST) -> Iterator[str]:
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg == "unsafe_allow_html":
            if not (isinstance(node.value, ast.Constant) and node.value.value is False):
                yield f"unsafe_allow_html={ast.unparse(node.value)}"
        elif isinstance(node, ast.Attribute) and node.attr in ("html", "iframe") and (
            ast.unparse(node.value).split(".")[0] in ("st", "components", "streamlit")
        ):
            yield ast.unparse(node)


def test_no_html_rendering_in_the_app_code() -> None:
    files = [ROOT / "dashboard.py", *sorted((ROOT / "pages").glob("*.py")), *sorted((ROOT / "ui").glob("*.py"))]
    found = {f.relative_to(ROOT).as_posix(): list(_unsafe_calls(ast.parse(f.read_text(encoding="utf-8"))))
             for f in files}
    assert {f: calls for f, calls in found.items() if calls} == {}
    assert len(files) > 5

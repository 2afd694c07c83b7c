"""AppTest: an unmarked week in which far fewer communities met is offered as a holiday on Aturan Mingguan, is
applied only when a user accepts it, and Ringkasan says so until then (METRICS §3.4, issue 15 item 2).

Store: ten communities, 2024-01-01 (a Monday) to Sunday 2024-02-11: all meet every week of W1–W5; in W6
(Feb 5–11) only K0 and K1 meet. With the threshold at 100 %, 2 of 10 meet the rule; with W6 a holiday, 10.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import TIMEOUT, open_page
from tests.support import ROOT, add_kegiatan, add_komunitas, new_store

W6 = date(2024, 2, 5)
SARAN = "Minggu 05/02/2024: 20 % bertemu (biasanya 100 %) — mungkin libur. Tandai?"


def fill(con) -> None:
    for i in range(10):
        add_komunitas(con, f"K{i}", tanggal_terdaftar=date(2023, 6, 1))
        for w in range(5):
            add_kegiatan(con, f"K{i}", date(2024, 1, 3) + timedelta(weeks=w), 60)
        if i < 2:
            add_kegiatan(con, f"K{i}", date(2024, 2, 11), 60)  # Sunday: W6 is the last complete week


@pytest.fixture
def drop_store(store_template: Path, tmp_path: Path, use_store: Callable[[Path], Path]) -> Path:
    store = new_store(store_template, tmp_path).build(fill)
    store.close()
    return use_store(store.path)


def app(page: str | None = None) -> AppTest:
    return open_page(page)


def markdown(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown]


def warnings(at: AppTest) -> str:
    return "\n".join(w.value for w in at.warning)


def memenuhi(at: AppTest) -> str:
    return {m.label: m.value for m in at.metric}["Memenuhi aturan mingguan"]


def test_suggested_week_is_applied_only_when_accepted(drop_store: Path) -> None:
    at = app()
    # Ringkasan: the figures count W6, and say so, with a link to where it can be marked
    assert memenuhi(at) == "2"
    assert "1 minggu pada periode ini tampak seperti libur (5/2) dan belum ditandai" in warnings(at)
    assert [link.proto.page for link in at.get("page_link")] == ["aturan_mingguan"]

    at.switch_page("pages/aturan_mingguan.py").run()
    assert not at.exception, at.exception
    assert at.multiselect(key="aturan_libur").value == []  # nothing applied before a user accepts
    assert at.subheader[0].value.startswith("2 dari 10 komunitas memenuhi aturan mingguan")
    assert any(SARAN in m for m in markdown(at))
    assert "libur_tandai_semua" not in [b.key for b in at.button]  # one week: no "tandai semua"

    at.button(key=f"libur_tandai_{W6.isoformat()}").click().run()
    assert not at.exception, at.exception
    assert at.multiselect(key="aturan_libur").value == [W6]
    assert at.subheader[0].value.startswith("10 dari 10 komunitas memenuhi aturan mingguan")
    assert not any(SARAN in m for m in markdown(at))  # a marked week is no longer offered

    at.switch_page("pages/ringkasan.py").run()
    assert not at.exception, at.exception
    assert memenuhi(at) == "10"
    assert "tampak seperti libur" not in warnings(at)
    assert not at.get("page_link")


def test_removing_the_week_again_brings_the_suggestion_back(drop_store: Path) -> None:
    at = app("pages/aturan_mingguan.py")
    at.button(key=f"libur_tandai_{W6.isoformat()}").click().run()
    assert at.multiselect(key="aturan_libur").value == [W6]
    at.multiselect(key="aturan_libur").set_value([]).run()
    assert not at.exception, at.exception
    assert at.subheader[0].value.startswith("2 dari 10")
    assert any(SARAN in m for m in markdown(at))


def test_deep_link_to_ringkasan_shows_the_warning(drop_store: Path) -> None:
    """A page file run on its own, without dashboard.py's navigation: the warning, and no error from the link."""
    at = AppTest.from_file(str(ROOT / "pages/ringkasan.py"), default_timeout=TIMEOUT).run()
    assert not at.exception, at.exception
    assert "tampak seperti libur (5/2)" in warnings(at)
    assert at.get("page_link") or any("Aturan Mingguan" in c.value for c in at.caption)


def fill_two(con) -> None:
    """Eight weeks from 2024-01-01; W5 and W6 (Jan 29 – Feb 11) are holidays: 1 of 10 meets."""
    for i in range(10):
        add_komunitas(con, f"K{i}", tanggal_terdaftar=date(2023, 6, 1))
        for w in range(8):
            if w not in (4, 5) or i == 0:
                add_kegiatan(con, f"K{i}", date(2024, 1, 3) + timedelta(weeks=w), 60)
    add_kegiatan(con, "K0", date(2024, 2, 25), 60)  # Sunday: W8 is the last complete week


def test_tandai_semua_marks_every_suggested_week(store_template: Path, tmp_path: Path,
                                                 use_store: Callable[[Path], Path]) -> None:
    store = new_store(store_template, tmp_path).build(fill_two)
    store.close()
    use_store(store.path)
    at = app()
    assert "2 minggu pada periode ini tampak seperti libur (29/1, 5/2)" in warnings(at)
    at.switch_page("pages/aturan_mingguan.py").run()
    assert at.subheader[0].value.startswith("1 dari 10")
    assert at.button(key="libur_tandai_semua").label == "Tandai semua (2 minggu)"
    at.button(key="libur_tandai_semua").click().run()
    assert not at.exception, at.exception
    assert at.multiselect(key="aturan_libur").value == [date(2024, 1, 29), W6]
    assert at.subheader[0].value.startswith("10 dari 10")

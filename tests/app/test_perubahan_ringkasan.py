"""Ringkasan's "Perubahan sejak unggahan terakhir" (issue 16 item 5) in AppTest: counts, lists and the WhatsApp
text after two loads through the real loader, a wali's digest limited to their region, and a plain message
after a first load."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from data_loaders.load import Source, load_files
from tests.app.conftest import TIMEOUT, logged_in
from tests.queries.test_perubahan import activities, registry, week
from tests.support import ROOT, copy_store
from ui.perubahan import KUNCI

LABEL = "Perubahan sejak unggahan terakhir"


def _store(template: Path, directory: Path, second: bool) -> Path:
    db = copy_store(template, directory)
    (directory / "k.csv").write_text(registry([("A", "Kab. Bandung", "01/08/2022"), ("B", "Kab. Bandung", "01/08/2022"),
                                               ("E", "Kota Bandung", "01/08/2022")]))
    (directory / "g1.csv").write_text(activities(
        [(c, week(n)) for c in "ABE" for n in (1, 2, 3)] + [("A", week(4, 6)), ("E", week(4, 6))]))
    load_files(db, [Source.from_path(directory / "k.csv"), Source.from_path(directory / "g1.csv")])
    if second:  # B misses weeks 4-6 (newly at risk, Kab. Bandung); E meets in week 6 (Kota Bandung)
        (directory / "g2.csv").write_text(activities([("A", week(5)), ("A", week(6, 6)), ("E", week(6, 6))]))
        load_files(db, [Source.from_path(directory / "g2.csv")])
    return db


def _ringkasan(email: str | None = None, buka: bool = True) -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages/ringkasan.py"), default_timeout=TIMEOUT)
    if email:
        logged_in(at, email)
    if buka:  # the expander opened (its content runs only then)
        at.session_state[KUNCI] = True
    return at.run()


@pytest.fixture
def two_loads(store_template: Path, tmp_path: Path, use_store: Callable[[Path], Path]) -> Path:
    return use_store(_store(store_template, tmp_path, second=True))


def test_admin_sees_counts_lists_and_the_text(two_loads: Path) -> None:
    at = _ringkasan()
    assert not at.exception, at.exception
    assert LABEL in [e.label for e in at.expander]
    counts = [m.value for m in at.markdown if "baru berisiko" in m.value]
    assert counts == ["**1** komunitas baru berisiko · **0** aktif kembali · **0** komunitas baru terdaftar · "
                      "**0** berhenti bertemu (4 minggu tanpa kegiatan) · **0** baris baru dikarantina"]
    assert "Baru berisiko (1)" in [e.label for e in at.expander]
    teks = at.code[0].value
    assert teks.startswith("Perubahan sejak unggahan ") and "- Kombel B (Kabupaten Bandung)" in teks
    assert "Kota Bandung" not in teks  # E met in week 6: not at risk


def test_a_wali_sees_only_their_region(two_loads: Path) -> None:
    at = _ringkasan("wali.bandung@bbgp-jabar.id")
    assert not at.exception, at.exception
    teks = at.code[0].value
    assert "Kombel B" in teks and "Kombel E" not in teks and "Kota Bandung" not in teks


def test_after_a_first_load_it_says_there_is_nothing_to_compare(store_template: Path, tmp_path: Path,
                                                                  use_store: Callable[[Path], Path]) -> None:
    use_store(_store(store_template, tmp_path, second=False))
    at = _ringkasan()
    assert not at.exception, at.exception
    assert any("unggahan pertama" in i.value for i in at.info)
    assert not at.code


def test_closed_it_compares_nothing(two_loads: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import queries.perubahan

    calls: list[Path] = []
    real = queries.perubahan.versi_unggahan_terakhir

    def counted(db: Path) -> object:
        calls.append(db)
        return real(db)

    monkeypatch.setattr(queries.perubahan, "versi_unggahan_terakhir", counted)
    at = _ringkasan(buka=False)
    assert not at.exception, at.exception
    assert LABEL in [e.label for e in at.expander] and not at.code
    assert calls == []
    at.session_state[KUNCI] = True
    at.run()
    assert not at.exception, at.exception
    assert at.code[0].value.startswith("Perubahan sejak unggahan ") and len(calls) == 1

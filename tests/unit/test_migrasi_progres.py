"""The first start after an update that migrates the store reclassifies the reflections with a progress bar
(ui/first_start.py; nationally about a minute, before that with nothing on screen), and checks a store once per
file version."""
from __future__ import annotations

from pathlib import Path

import pytest

from store import database
from store.database import open_readonly, write_transaction
from store.meta import set_meta
from tests.fixtures.duplikat import loaded
from ui import first_start


class Bar:
    def __init__(self, calls: list) -> None:
        self.calls = calls

    def progress(self, value: float, text: str = "") -> None:
        self.calls.append((value, text))

    def empty(self) -> None:
        self.calls.append("empty")


def test_a_migration_reclassifies_with_a_progress_bar(store_template: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    store = loaded(store_template, tmp_path / "lama")
    with write_transaction(store) as con:
        n_items = con.execute("select count(*) from butir_refleksi").fetchone()[0]
        con.execute("delete from butir_refleksi")  # what schema 7 did to every item
        set_meta(con, "schema_version", "6")
    calls: list = []

    def new_bar(value: float, text: str = "") -> Bar:
        bar = Bar(calls)
        bar.progress(value, text)
        return bar

    monkeypatch.setattr(first_start.st, "progress", new_bar)
    monkeypatch.setenv(database.DB_ENV, str(store))
    monkeypatch.setattr(first_start, "_checked", {})
    assert first_start.create_or_migrate_store() == store
    assert n_items > 0
    con = open_readonly(store)
    try:
        assert con.execute("select count(*) from db.butir_refleksi").fetchone()[0] == n_items
    finally:
        con.close()
    moves = [c for c in calls if c != "empty"]
    assert moves[0][0] == 0.0 and moves[-1][0] == 1.0 and calls[-1] == "empty"
    assert any("jawaban" in text for _, text in moves)  # classify_pending's "Mengelompokkan n dari m jawaban"
    # the same file version is not checked again
    version = database.data_version(store)
    monkeypatch.setattr(database, "ensure_store", lambda *a, **k: pytest.fail("checked twice"))
    first_start.create_or_migrate_store()
    assert database.data_version(store) == version

"""Opening the store for reading (store/database.py, issue 19): the app's state re-attached on the same connection
after an edit (never the file of before, though DuckDB ignores an ATTACH OR REPLACE of the same path), and the
connection the store check opened handed to the next reader only while neither file changed."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

from edits import kontak
from store import app_state, database
from tests.support import add_komunitas


def contacts(con: duckdb.DuckDBPyConnection) -> int:
    return con.execute("select count(*) from app.kontak").fetchall()[0][0]


def test_an_edit_is_attached_on_the_same_connection_and_a_running_read_finishes(empty_store: Path) -> None:
    with database.write_transaction(empty_store) as con:
        add_komunitas(con, "K1", kode_kabkota="32.04")
    app_state.ensure(empty_store)
    con = database.open_readonly(empty_store)
    try:
        before = app_state.version(empty_store)
        assert contacts(con) == 0
        reader = con.cursor().sql("select * from app.kontak").to_arrow_reader(10)  # a download under way
        kontak.catat_kontak(empty_store, ["K1"], saluran="whatsapp", tanggal_kontak=date(2022, 12, 1),
                            oleh="lokal", lingkup=None)
        assert contacts(con) == 0  # still the file attached when it opened
        version = database.attach_app(con, empty_store, replace=True)
        assert version == app_state.version(empty_store) != before
        assert contacts(con) == 1
        assert con.execute("select count(*) from db.komunitas").fetchall()[0][0] == 1  # the data, untouched
        assert sum(b.num_rows for b in reader) == 0  # the read begun before finishes on what it began on
        # no link left beside the app's state
        assert not [p for p in empty_store.parent.iterdir() if p.name.endswith(".tmp")]
    finally:
        con.close()


def test_the_store_check_hands_its_connection_over_only_while_nothing_changed(
        empty_store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app_state.ensure(empty_store)
    opened = []
    real = database._open
    monkeypatch.setattr(database, "_open", lambda path: opened.append(path) or real(path))
    database.ensure_store(empty_store)
    assert len(opened) == 1
    con = database.open_readonly(empty_store)  # the check's connection: no second open
    assert len(opened) == 1
    con.close()
    con = database.open_readonly(empty_store)  # taken once only
    assert len(opened) == 2
    con.close()

    database.ensure_store(empty_store)
    with database.write_transaction(empty_store) as w:  # a load after the check
        add_komunitas(w, "K2", kode_kabkota="32.04")
    con = database.open_readonly(empty_store)
    try:
        assert len(opened) == 4  # the stale one was not handed over
        assert con.execute("select count(*) from db.komunitas").fetchall()[0][0] == 1
    finally:
        con.close()

    database.ensure_store(empty_store)
    kontak.catat_kontak(empty_store, ["K2"], saluran="telepon", tanggal_kontak=date(2022, 12, 1), oleh="lokal",
                        lingkup=None)
    con = database.open_readonly(empty_store)
    try:
        assert len(opened) == 6 and contacts(con) == 1  # nor after an edit of the app's state
    finally:
        con.close()

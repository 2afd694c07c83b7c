"""Lexicon versions and butir_refleksi kept in step with refleksi (classify_pending & co)."""
from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import duckdb

from data_loaders.themes import (
    classify_pending,
    current_lexicon,
    load_default_lexicon,
    reclassify_all,
    save_lexicon,
)
from store import app_state
from store.database import open_readonly, write_transaction
from tests.support import add_komunitas, add_refleksi


def _fill(con: duckdb.DuckDBPyConnection) -> None:
    add_komunitas(con, "K1", nama_komunitas="Kombel Bina Guru", kode_kabkota="32.04", jenis="dalam_sekolah")
    add_komunitas(con, "K2", nama_komunitas="Kombel Kota Kembang", kode_kabkota="32.73", jenis="dalam_sekolah")
    add_refleksi(con, "K1", date(2022, 9, 20), "hal_baik", id_refleksi="R1",
                 jawaban="1. Kepsek sangat mendukung\n2. Guru2 antusias hadir")
    add_refleksi(con, "K1", date(2022, 9, 20), "risiko", id_refleksi="R2",
                 jawaban="sinyal internet lemah; dana terbatas; -")
    add_refleksi(con, "K2", date(2022, 10, 3), "risiko", id_refleksi="R3", jawaban="-")


def _items(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    return con.execute(
        "select id_refleksi, nomor_butir, butir, tema, versi_leksikon from butir_refleksi order by all"
    ).fetchall()


def test_classify_pending_is_idempotent(empty_store: Path) -> None:
    with write_transaction(empty_store) as con:
        _fill(con)
        assert classify_pending(con) == 4
        first = _items(con)
        assert classify_pending(con) == 0
        assert _items(con) == first
    assert [(i[0], i[1], i[2]) for i in first] == [
        ("R1", 1, "Kepsek sangat mendukung"), ("R1", 2, "Guru2 antusias hadir"),
        ("R2", 1, "sinyal internet lemah"), ("R2", 2, "dana terbatas"),
    ]
    assert [i[3] for i in first] == [
        "dukungan kepala sekolah", "partisipasi dan antusiasme anggota",
        "kendala jaringan/listrik/perangkat", "keterbatasan dana",
    ]
    con = open_readonly(empty_store)
    # the shipped default is version 1 until a user saves another; the items say which version they are of
    assert con.execute("select count(*) from app.leksikon").fetchall() == [(0,)]
    assert con.execute("select nilai from meta where kunci = 'versi_leksikon'").fetchall() == [("1",)]
    assert {i[4] for i in _items(con)} == {1}
    con.close()


def test_only_new_answers_are_classified(empty_store: Path) -> None:
    with write_transaction(empty_store) as con:
        _fill(con)
        classify_pending(con)
        add_refleksi(con, "K2", date(2022, 10, 3), "mitigasi", id_refleksi="R4", jawaban="pertemuan lewat zoom")
        assert classify_pending(con) == 1
        assert con.execute("select count(*) from butir_refleksi").fetchone()[0] == 5


def test_save_lexicon_replaces_rows_with_the_new_version(empty_store: Path) -> None:
    with write_transaction(empty_store) as con:
        _fill(con)
        classify_pending(con)
    lexicon = load_default_lexicon()
    renamed = dataclasses.replace(
        lexicon,
        kelompok=tuple(
            dataclasses.replace(g, tema=tuple(
                dataclasses.replace(t, nama="dukungan kepsek") if t.nama == "dukungan kepala sekolah" else t
                for t in g.tema
            )) if g.nama == "hal_baik" else g
            for g in lexicon.kelompok
        ),
    )
    with app_state.write(empty_store) as app:
        save_lexicon(app, renamed, "ganti nama tema", 2)
        assert app.execute("select versi, catatan from leksikon order by versi").fetchall() == [
            (1, "Leksikon bawaan"), (2, "ganti nama tema")]
    with write_transaction(empty_store) as con:
        assert current_lexicon(con) == (2, renamed)
        assert classify_pending(con) == 4  # every item was stale
        items = _items(con)
        assert {i[4] for i in items} == {2} and len(items) == 4
        assert items[0][3] == "dukungan kepsek"
        assert reclassify_all(con) == 4
        assert _items(con) == items

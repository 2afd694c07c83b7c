"""Merging two registrations of one community (edits/mappings.py merge_komunitas) keeps the WhatsApp numbers
with the person they belong to: the penggerak's number moves with the penggerak (name, email, number together),
fills a blank only from a registration naming the same penggerak, and the contact person's number fills a blank."""
from __future__ import annotations

from pathlib import Path

import pytest

from edits.mappings import merge_komunitas
from store.database import open_readonly
from tests.support import add_komunitas, new_store


def merged(store_template: Path, tmp_path: Path, tetap: dict, gabung: dict) -> tuple:
    store = new_store(store_template, tmp_path).build(lambda con: (
        add_komunitas(con, "A", nama_komunitas="Kombel Melati", **tetap),
        add_komunitas(con, "B", nama_komunitas="Kombel Melati (2)", **gabung)))
    store.close()
    merge_komunitas(store.path, "A", ["B"])
    con = open_readonly(store.path)
    try:
        return con.execute("select penggerak_nama, penggerak_email, penggerak_wa, narahubung_wa from komunitas "
                           "where id_komunitas = 'A'").fetchone(), con.execute(
            "select count(*) from komunitas where id_komunitas = 'B'").fetchone()[0]
    finally:
        con.close()


@pytest.mark.parametrize("tetap, gabung, expected", [
    # the kept registration has no penggerak: the merged one's comes whole, number included
    ({}, {"penggerak_nama": "Siti", "penggerak_email": "siti@guru.id", "penggerak_wa": "6281200000101"},
     ("Siti", "siti@guru.id", "6281200000101", None)),
    # same penggerak, number only on the merged registration: it fills the blank
    ({"penggerak_nama": "Siti", "penggerak_email": "Siti@guru.id"},
     {"penggerak_nama": "Siti A.", "penggerak_email": "siti@guru.id ", "penggerak_wa": "6281200000101"},
     ("Siti", "Siti@guru.id", "6281200000101", None)),
    # another penggerak on the merged registration: their number is not given to the kept penggerak
    ({"penggerak_nama": "Siti", "penggerak_email": "siti@guru.id"},
     {"penggerak_nama": "Budi", "penggerak_email": "budi@guru.id", "penggerak_wa": "6281200000102"},
     ("Siti", "siti@guru.id", None, None)),
    # the kept number stays; the contact person's number fills a blank
    ({"penggerak_nama": "Siti", "penggerak_email": "siti@guru.id", "penggerak_wa": "6281200000101"},
     {"penggerak_nama": "Siti", "penggerak_email": "siti@guru.id", "penggerak_wa": "6281200000109",
      "narahubung_wa": "6281200000200"},
     ("Siti", "siti@guru.id", "6281200000101", "6281200000200")),
])
def test_numbers_stay_with_their_person(store_template: Path, tmp_path: Path, tetap: dict, gabung: dict,
                                        expected: tuple) -> None:
    row, sisa = merged(store_template, tmp_path, tetap, gabung)
    assert row == expected and sisa == 0

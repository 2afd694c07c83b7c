"""Integrity of the second theme evaluation set (issue 18 item 4): labels valid, rewrites linked one-to-one."""
from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from data_loaders.themes import load_default_lexicon
from vocab import KOMPONEN

FOLDER = Path(__file__).resolve().parents[1] / "fixtures" / "themes"
REGISTERS = ("kolokial", "daerah", "singkat", "panjang", "typo")


def _read(name: str) -> list[dict[str, str]]:
    with open(FOLDER / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def baru() -> list[dict[str, str]]:
    return _read("eval_tema_gaya_baru.csv")


@pytest.fixture(scope="module")
def asal() -> list[dict[str, str]]:
    return _read("eval_tema.csv")


def test_columns_and_values(baru):
    assert list(baru[0]) == ["id", "komponen", "butir", "tema", "tema_alt", "split", "gaya", "id_asal"]
    assert {r["split"] for r in baru} == {"gaya_baru", "contoh"}
    assert {r["gaya"] for r in baru} == {*REGISTERS, "baru", "contoh"}
    for r in baru:
        assert r["butir"].strip(), r["id"]
        assert (r["split"] == "contoh") == (r["gaya"] == "contoh"), r["id"]
        assert bool(r["id_asal"]) == (r["gaya"] in REGISTERS), r["id"]
    assert len({r["id"] for r in baru}) == len(baru)


def test_labels_are_themes_of_the_komponen(baru):
    names: dict[str, set[str]] = {}
    for group in load_default_lexicon().kelompok:
        for k in group.komponen:
            names.setdefault(k, set()).update(t.nama for t in group.tema)
    for r in baru:
        assert r["komponen"] in KOMPONEN, r["id"]
        allowed = names[r["komponen"]] | {"lainnya"}
        assert r["tema"] in allowed, (r["id"], r["tema"])
        assert r["tema_alt"] in allowed | {""}, (r["id"], r["tema_alt"])
        assert r["tema_alt"] != r["tema"], r["id"]


def test_every_original_item_has_exactly_one_rewrite(baru, asal):
    rewrites = [r for r in baru if r["id_asal"]]
    counts = Counter(r["id_asal"] for r in rewrites)
    assert set(counts) == {r["id"] for r in asal}
    assert set(counts.values()) == {1}
    by_id = {r["id"]: r for r in asal}
    for r in rewrites:
        src = by_id[r["id_asal"]]
        # A rewrite keeps the gold labels and the komponen, and really rewrites the text.
        assert (r["komponen"], r["tema"], r["tema_alt"]) == (src["komponen"], src["tema"], src["tema_alt"]), r["id"]
        assert r["butir"].strip().lower() != src["butir"].strip().lower(), r["id"]


def test_registers_rotate_evenly(baru):
    shares = Counter(r["gaya"] for r in baru if r["id_asal"])
    total = sum(shares.values())
    assert set(shares) == set(REGISTERS)
    assert all(0.15 <= n / total <= 0.25 for n in shares.values()), shares
    assert 50 <= sum(r["gaya"] == "baru" for r in baru) <= 80
    assert 30 <= sum(r["gaya"] == "contoh" for r in baru) <= 50

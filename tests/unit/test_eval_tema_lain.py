"""Integrity of the theme evaluation sets written by other hands (issue 18, eval_tema_gaya3.csv, _gaya4.csv and
_gaya5.csv): labels are themes of the komponen's group, ids unique, every theme at least 3 times, every register in
both halves."""
from __future__ import annotations

import sys
import zlib
from collections import Counter

import pytest

from data_loaders.themes import load_default_lexicon
from tests.support import ROOT
from vocab import KOMPONEN

sys.path.insert(0, str(ROOT / "bench"))
import eval_themes as ev  # noqa: E402


@pytest.mark.parametrize("name", list(ev.LAIN_CSV))
def test_labels_are_themes_of_the_komponen_and_halves_follow_the_hash(name: str) -> None:
    rows = ev.read_lain(name)
    assert list(rows[0])[:6] == ["id", "komponen", "butir", "tema", "tema_alt", "gaya"]
    assert len({r["id"] for r in rows}) == len(rows) == 320
    names: dict[str, set[str]] = {}
    for group in load_default_lexicon().kelompok:
        for k in group.komponen:
            names.setdefault(k, set()).update(t.nama for t in group.tema)
    for r in rows:
        assert r["komponen"] in KOMPONEN and r["butir"].strip(), r["id"]
        allowed = names[r["komponen"]] | {"lainnya"}
        assert r["tema"] in allowed and r["tema_alt"] in allowed | {""} and r["tema_alt"] != r["tema"], r["id"]
        assert r["half"] == ("dev" if zlib.crc32(r["butir"].encode()) % 2 == 0 else "test")
    per_half = {h: Counter(r["gaya"] for r in rows if r["half"] == h) for h in ("dev", "test")}
    assert set(per_half["dev"]) == set(per_half["test"]) and len(per_half["dev"]) == 8
    lexicon = load_default_lexicon()
    per_theme = Counter((lexicon.group_of(r["komponen"]).nama, r["tema"]) for r in rows)
    assert all(per_theme[g.nama, t.nama] >= 3 for g in lexicon.kelompok for t in g.tema)

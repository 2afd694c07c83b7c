"""The shipped lexicon carries the evaluation sets' dev halves as labelled answers (`Theme.berlabel`, issue 18):
scored like `contoh`, kept out of the typo-repair vocabulary, versioned with the lexicon, and left out when the
calibration scores a dev half as a new writer would meet it (bench/eval_themes.as_new_writer)."""
from __future__ import annotations

import json
import sys

from data_loaders.themes import Lexicon, Theme, classify, load_default_lexicon, normalise
from tests.support import ROOT

sys.path.insert(0, str(ROOT / "bench"))
import eval_themes as ev  # noqa: E402


def _berlabel(lexicon: Lexicon) -> dict[tuple[str, str], tuple[str, ...]]:
    return {(g.nama, t.nama): t.berlabel for g in lexicon.kelompok for t in g.tema if t.berlabel}


def test_the_shipped_lexicon_carries_exactly_the_dev_halves() -> None:
    """`python bench/eval_themes.py --contoh-dev` was run after the last change to a dev half."""
    shipped = load_default_lexicon()
    dev = [r for rows in ev.dev_rows().values() for r in rows]
    assert _berlabel(shipped) == _berlabel(ev.with_examples(shipped, dev))
    halves = ev.read_gaya_baru() + [r for name in ev.LAIN_CSV for r in ev.read_lain(name)]
    test_texts = {r["butir"] for r in ev.read_eval() if r["split"] == "test"} | {
        r["butir"] for r in halves if r["half"] == "test"}
    assert not test_texts & {b for items in _berlabel(shipped).values() for b in items}


def test_labelled_answers_teach_themes_but_not_spelling() -> None:
    plain = ev.with_examples(load_default_lexicon(), [])
    assert plain.vocabulary() == load_default_lexicon().vocabulary()  # "kmis", "udh" are no vocabulary
    assert normalise("kombel kmi kumpul tiap kmis sore") == normalise("kombel kmi kumpul tiap kmis sore", plain)
    # new wordings of two gaya5 dev answers ("Bu Hasna yang dulu gemetar tiap disupervisi …", "Pak Darwis yang
    # biasanya cuma duduk di belakang sambil main HP …"): anecdotes the lexicon alone misreads
    items = ["Bu Ani yang dulu takut disupervisi sekarang malah minta kelasnya diobservasi",
             "Pak Budi yang biasanya cuma main HP di belakang, sekarang paling banyak bertanya"]
    komponen = ["dampak_guru_kepsek", "hal_baik"]
    wanted = ["kompetensi dan kepercayaan diri guru", "partisipasi dan antusiasme anggota"]
    assert [h.tema for h in classify(items, komponen)] == wanted
    assert all(h.tema != w for h, w in zip(classify(items, komponen, plain), wanted))


def test_a_lexicon_version_keeps_its_labelled_answers_and_old_versions_still_load() -> None:
    shipped = load_default_lexicon()
    assert Lexicon.from_dict(json.loads(shipped.to_json())) == shipped
    old = json.loads(shipped.to_json())
    for g in old["kelompok"]:
        for t in g["tema"]:
            del t["berlabel"]  # a version saved before labelled answers existed
    assert all(not t.berlabel for g in Lexicon.from_dict(old).kelompok for t in g.tema)
    assert Theme("x", "", (), ()).berlabel == ()


def test_a_new_writer_meets_every_other_dev_half_but_not_its_own() -> None:
    shipped = load_default_lexicon()
    dev = ev.dev_rows()
    for name in dev:
        texts = {b for items in _berlabel(ev.as_new_writer(shipped, name)).values() for b in items}
        own = {r["butir"] for r in dev[name]}
        assert not texts & own
        others = {r["butir"] for n, rows in dev.items() if n not in (name, ev._PARAFRASE.get(name))
                  for r in rows if r["tema"] != "lainnya"}
        assert texts == others

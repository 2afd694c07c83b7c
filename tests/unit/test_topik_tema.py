"""tema_topik (issue 17 item 3, data_loaders/topik.py): every distinct activity topic and hal_baik item with its
theme in the lexicon's rencana_tindak_lanjut group. After every kind of write — a load, an appended file, the
same files again, a merge of communities, a lexicon saved — it must equal a classification from scratch of the
texts then present, with the lexicon version in use."""
from __future__ import annotations

from pathlib import Path

import pytest

from data_loaders import topik
from data_loaders.load import Source, load_files
from data_loaders.themes import current_lexicon
from edits.lexicon import rename_theme, save_and_reclassify
from edits.mappings import merge_komunitas
from store.database import ensure_store, open_readonly, write_transaction
from store.meta import get_meta, set_meta
from tests.fixtures.duplikat import FILES, loaded

MODUL = "menyusun dan merevisi modul ajar"


def table(path: Path) -> list[tuple]:
    con = open_readonly(path)
    try:
        return con.execute("select teks, tema, skor from tema_topik order by teks").fetchall()
    finally:
        con.close()


def assert_exact(path: Path) -> list[tuple]:
    """The table equals a from-scratch classification of the texts present, at the lexicon version in use."""
    con = open_readonly(path)
    try:
        versi, _ = current_lexicon(con)
        fresh = topik.dari_awal(con)
        stored = con.execute("select teks, tema, skor from tema_topik order by teks").fetchall()
        assert stored == [(r.teks, r.tema, r.skor) for r in fresh.itertuples()]
        assert get_meta(con, topik.META_VERSI) == str(versi)
        assert con.execute("select count(*) from tema_topik where versi_leksikon <> ?", [versi]).fetchall()[0][0] == 0
        topics = {r[0] for r in con.execute("select distinct topik from kegiatan").fetchall()}
    finally:
        con.close()
    assert topics <= {r[0] for r in stored}
    return stored


def kegiatan_file(directory: Path, rows: list[str]) -> Path:
    path = directory / "kegiatan_baru.csv"
    header = ("Timestamp;ID Komunitas;Nama Komunitas Belajar;Kabupaten/Kota;Tanggal Pelaksanaan Kegiatan;"
              "Durasi (menit);Topik Kegiatan;Bentuk Kegiatan;Moda\n")
    path.write_text(header + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture
def store(store_template: Path, tmp_path: Path) -> Path:
    return loaded(store_template, tmp_path / "topik")


def test_a_load_classifies_topics_and_hal_baik_items(store: Path) -> None:
    stored = dict((t, tema) for t, tema, _ in assert_exact(store))
    assert stored["Modul ajar"] == MODUL and stored["Modul ajar IPA"] == MODUL
    assert "Pertemuan rutin tiap Selasa" in stored  # a hal_baik item
    assert "Waktu terbatas karena beban administrasi" not in stored  # perlu_ditingkatkan: not evidence


def test_append_and_the_same_files_again(store: Path, tmp_path: Path) -> None:
    before = table(store)
    new = kegiatan_file(tmp_path, ["30/08/2022 20:00:00;D1;;;30/08/2022;60;Lesson study kelas 4;Belajar bersama;Luring",
                                   "31/08/2022 20:00:00;D3;;;31/08/2022;60;Modul ajar;Belajar bersama;Luring"])
    load_files(store, [Source.from_path(new)])
    after = dict((t, tema) for t, tema, _ in assert_exact(store))
    assert after["Lesson study kelas 4"] == "praktik di kelas dan observasi/lesson study"
    assert len(after) == len(before) + 1  # "Modul ajar" was there already
    load_files(store, [Source.from_path(p) for p in [*FILES, new]])  # reloaded: nothing new
    assert dict((t, tema) for t, tema, _ in assert_exact(store)) == after


def test_a_merge_drops_a_topic_only_its_duplicate_had(store: Path) -> None:
    assert "praktik  ASESMEN" in {t for t, _, _ in table(store)}
    merge_komunitas(store, "D1", ["D2"])  # D2's 9 Aug activity is D1's: deleted with its spelling of the topic
    stored = {t for t, _, _ in assert_exact(store)}
    assert "praktik  ASESMEN" not in stored and "Praktik asesmen" in stored


def test_a_lexicon_change_reclassifies_topics(store: Path, tmp_path: Path) -> None:
    con = open_readonly(store)
    try:
        _, lexicon = current_lexicon(con)
    finally:
        con.close()
    renamed = rename_theme(lexicon, "rencana_tindak_lanjut", MODUL, "perangkat ajar")
    versi, _ = save_and_reclassify(store, renamed, "uji")
    stored = dict((t, tema) for t, tema, _ in assert_exact(store))
    assert stored["Modul ajar"] == "perangkat ajar" and MODUL not in stored.values()
    # a later activity load classifies its new topic with the saved version, not the shipped file
    new = kegiatan_file(tmp_path, ["30/08/2022 20:00:00;D1;;;30/08/2022;60;Modul ajar fase B;Belajar bersama;Luring"])
    load_files(store, [Source.from_path(new)])
    stored = dict((t, tema) for t, tema, _ in assert_exact(store))
    assert stored["Modul ajar fase B"] == "perangkat ajar"
    con = open_readonly(store)
    try:
        assert {r[0] for r in con.execute("select distinct versi_leksikon from tema_topik").fetchall()} == {versi}
    finally:
        con.close()


def test_an_older_store_gets_its_topics_at_the_first_load(store: Path, tmp_path: Path) -> None:
    expected = table(store)
    with write_transaction(store) as con:  # back to schema 5: no tema_topik, no meta key
        con.execute("drop table tema_topik")
        con.execute("delete from meta where kunci = ?", [topik.META_VERSI])
        set_meta(con, "schema_version", "5")
    ensure_store(store)  # migrated: the table exists, empty until a step that can classify
    assert table(store) == []
    new = kegiatan_file(tmp_path, ["30/08/2022 20:00:00;D1;;;30/08/2022;60;Modul ajar;Belajar bersama;Luring"])
    load_files(store, [Source.from_path(new)])  # nothing new in it, yet every existing topic is classified
    assert assert_exact(store) == expected


def test_an_older_store_opened_by_the_app_gets_its_topics_at_once(store: Path) -> None:
    """The dashboard migrates an older store on its first run (ui/first_start.py passes topik.setelah_migrasi): RTL
    follow-through is right before any load, instead of 'belum terlihat' wherever only activities matched."""
    expected = table(store)
    with write_transaction(store) as con:
        con.execute("drop table tema_topik")
        con.execute("delete from meta where kunci = ?", [topik.META_VERSI])
        set_meta(con, "schema_version", "5")
    ensure_store(store, after_migration=topik.setelah_migrasi)
    assert assert_exact(store) == expected

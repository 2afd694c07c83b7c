"""Theme corrections (issue 18, edits/koreksi_tema.catat): validation, a wali's region, history (newest wins).

On a copy of the hand-written Refleksi store (tests/fixtures/refleksi): communities A, B, D in 32.04, C in 32.73."""
from __future__ import annotations

from pathlib import Path

import pytest

from edits import koreksi_tema
from edits.koreksi_tema import KoreksiError, catat
from queries.runner import run_query
from store import app_state
from store.database import open_readonly
from tests.fixtures.refleksi import NOV_DES, WALI
from tests.support import copy_store

RUTIN = "pertemuan rutin terjadwal"  # a theme of the shipped lexicon's hal_baik group
A_N1 = ("N1", "rutin tiap Kamis")  # hal_baik of Kombel Anggrek (32.04), hand theme "pertemuan rutin"
C_N3 = ("N3", "rutin tiap Kamis")  # hal_baik of Kombel Cempaka (32.73)


@pytest.fixture
def store(refleksi_hand_template: Path, tmp_path: Path) -> Path:
    return copy_store(refleksi_hand_template, tmp_path, "koreksi.duckdb")


def _koreksi(db: Path) -> list[tuple]:
    con = open_readonly(db)
    try:
        return con.execute("select id_refleksi, butir, komponen, kode_kabkota, tema_lama, tema_baru, oleh, peran, "
                           "dipakai_versi_leksikon from app.koreksi_tema order by id").fetchall()
    finally:
        con.close()


def _tema(db: Path, id_refleksi: str, butir: str, scope=None) -> tuple[str, bool, bool]:
    con = open_readonly(db)
    try:
        df = run_query(con, "reflection_review", NOV_DES, **({"scope": scope} if scope else {}))
    finally:
        con.close()
    row = df[(df["id_refleksi"] == id_refleksi) & (df["butir"] == butir)].iloc[0]
    return row["tema"], bool(row["yakin"]), bool(row["dikoreksi"])


def test_a_correction_is_stored_with_who_and_old_theme_and_overrides_at_once(store: Path) -> None:
    pesan = catat(store, [A_N1], RUTIN, "admin@bbgp-jabar.id", "admin", None)
    assert pesan == f"1 butir ditetapkan ke tema '{RUTIN}'."
    assert _koreksi(store) == [("N1", "rutin tiap Kamis", "hal_baik", "32.04", "pertemuan rutin", RUTIN,
                                "admin@bbgp-jabar.id", "admin", None)]
    assert _tema(store, *A_N1) == (RUTIN, True, True)
    assert _tema(store, *C_N3) == ("pertemuan rutin", True, False)  # the same wording elsewhere: untouched


def test_history_keeps_every_correction_and_the_newest_wins(store: Path) -> None:
    catat(store, [A_N1], RUTIN, "admin@bbgp-jabar.id", "admin", None)
    catat(store, [{"id_refleksi": "N1", "butir": "rutin tiap Kamis"}], koreksi_tema.TIDAK_BERTEMA,
          "kepala@bbgp-jabar.id", "pimpinan", None)
    rows = _koreksi(store)
    assert [(r[4], r[5], r[7]) for r in rows] == [("pertemuan rutin", RUTIN, "admin"),
                                                  (RUTIN, "lainnya", "pimpinan")]
    assert _tema(store, *A_N1)[0] == "lainnya"
    # the same theme again writes nothing
    assert catat(store, [A_N1], "lainnya", "x@y.id", "admin", None).startswith("Tidak ada yang berubah")
    assert len(_koreksi(store)) == 2


def test_many_items_at_once_skip_the_ones_already_there(store: Path) -> None:
    catat(store, [A_N1], RUTIN, "a@b.id", "admin", None)
    pesan = catat(store, [A_N1, C_N3, ("N2", "rapat rutin"), C_N3], RUTIN, "a@b.id", "admin", None)
    assert pesan == f"2 butir ditetapkan ke tema '{RUTIN}'. 1 butir lain sudah bertema itu."
    assert sorted((r[0], r[1]) for r in _koreksi(store)[1:]) == [("N2", "rapat rutin"), C_N3]


@pytest.mark.parametrize("butir, tema, peran, lingkup, pesan", [
    ([], RUTIN, "admin", None, "Pilih sedikitnya satu butir"),
    ([("N1", "tidak ada butir begini")], RUTIN, "admin", None, "tidak ada lagi di data"),
    ([("ZZ", "rutin tiap Kamis")], RUTIN, "admin", None, "tidak ada lagi di data"),
    ([A_N1], "siswa lebih aktif dan termotivasi", "admin", None, "bukan tema komponen Hal baik"),
    ([A_N1], "tema karangan", "admin", None, "bukan tema komponen"),
    ([A_N1], "  ", "admin", None, "Pilih tema"),
    ([A_N1], RUTIN, "tamu", None, "Peran Anda"),
    ([A_N1], RUTIN, "wali_wilayah", None, "Wilayah Anda tidak diketahui"),
    ([A_N1, C_N3], RUTIN, "wali_wilayah", ["32.04"], "Kombel Cempaka di luar wilayah Anda"),
    ([(None, "x")], RUTIN, "admin", None, "tidak dikenali"),
])
def test_refusals_name_the_reason_in_indonesian_and_write_nothing(store: Path, butir, tema, peran, lingkup,
                                                                 pesan) -> None:
    app = app_state.app_path(store)
    sebelum = app.read_bytes() if app.exists() else None
    with pytest.raises(KoreksiError, match=pesan):
        catat(store, butir, tema, "w@b.id", peran, lingkup)
    assert (app.read_bytes() if app.exists() else None) == sebelum
    assert _koreksi(store) == []


def test_a_wali_corrects_items_of_their_region_and_sees_only_those_corrections(store: Path) -> None:
    catat(store, [A_N1], RUTIN, WALI.email, "wali_wilayah", list(WALI.kabkota))
    catat(store, [C_N3], "lainnya", "admin@bbgp-jabar.id", "admin", None)
    assert [(r[0], r[3], r[7]) for r in _koreksi(store)] == [("N1", "32.04", "wali_wilayah"), ("N3", "32.73", "admin")]
    con = open_readonly(store)
    try:
        log_wali = run_query(con, "koreksi_tema_log", NOV_DES, scope=WALI)
        log_admin = run_query(con, "koreksi_tema_log", NOV_DES)
    finally:
        con.close()
    assert list(log_wali["id_refleksi"]) == ["N1"]
    assert list(log_admin["id_refleksi"]) == ["N3", "N1"]  # newest first
    assert _tema(store, *A_N1, scope=WALI) == (RUTIN, True, True)


def test_only_admin_and_pimpinan_corrections_wait_to_teach(store: Path) -> None:
    catat(store, [A_N1], RUTIN, WALI.email, "wali_wilayah", list(WALI.kabkota))
    catat(store, [C_N3], "lainnya", "a@b.id", "pimpinan", None)
    catat(store, [C_N3], RUTIN, "a@b.id", "admin", None)  # the newest of the item is the example
    belum = koreksi_tema.belum_dipakai(store)
    assert [(k.komponen, k.butir, k.tema) for _, k in belum] == [("hal_baik", "rutin tiap Kamis", RUTIN)]


def test_terapkan_teaches_a_new_lexicon_version_with_admin_and_pimpinan_corrections_only(refleksi_store: Path) -> None:
    """On the fixture export loaded and classified by the real classifier."""
    con = open_readonly(refleksi_store)
    try:
        items = run_query(con, "reflection_review", NOV_DES)
    finally:
        con.close()
    rutin = items[items["butir"] == "Pertemuan rutin tiap Kamis"].iloc[0]
    dok = items[items["butir"] == "Dokumentasi belum lengkap"].iloc[0]
    assert rutin["tema"] == RUTIN and dok["kode_kabkota"] == "32.04"
    catat(refleksi_store, [(rutin["id_refleksi"], rutin["butir"])], "berbagi praktik baik antar guru", "a@b.id",
          "admin", None)
    catat(refleksi_store, [(dok["id_refleksi"], dok["butir"])], "lainnya", WALI.email, "wali_wilayah", ["32.04"])
    dilaporkan = []
    pesan = koreksi_tema.terapkan(refleksi_store, progress=lambda f, m: dilaporkan.append(f))
    assert pesan.startswith("Leksikon versi 2 tersimpan dengan 1 koreksi sebagai contoh;")
    assert dilaporkan[-1] == 1.0 and dilaporkan == sorted(dilaporkan)
    assert [(r[1], r[7], r[8]) for r in _koreksi(refleksi_store)] == [
        ("Pertemuan rutin tiap Kamis", "admin", 2), ("Dokumentasi belum lengkap", "wali_wilayah", None)]
    con = open_readonly(refleksi_store)
    try:
        versi, lex = koreksi_tema.themes.current_lexicon(con)
        kelas = dict(con.execute("select butir, tema from butir_refleksi where butir in (?, ?)",
                                 [rutin["butir"], dok["butir"]]).fetchall())
    finally:
        con.close()
    assert versi == 2
    assert [(k.komponen, k.butir, k.tema) for k in lex.koreksi] == [
        ("hal_baik", "Pertemuan rutin tiap Kamis", "berbagi praktik baik antar guru")]
    # the classifier itself now files the admin's item there; the wali's item keeps the classifier's theme underneath
    assert kelas == {rutin["butir"]: "berbagi praktik baik antar guru", dok["butir"]: dok["tema"]}
    assert _tema(refleksi_store, dok["id_refleksi"], dok["butir"])[0] == "lainnya"  # the override still holds
    assert koreksi_tema.belum_dipakai(refleksi_store) == []
    with pytest.raises(KoreksiError, match="Belum ada koreksi"):
        koreksi_tema.terapkan(refleksi_store)

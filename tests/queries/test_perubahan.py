"""What changed since the previous load (issue 16 item 5): queries.perubahan against hand-computed expectations
for a sequence of loads through the real loader, per scope, and `python -m queries perubahan`.

Weeks are Monday-based, W1 = 1–7 Aug 2022. Communities A–G and J registered 1 Aug 2022, all in Kab. Bandung
(32.04) but E and J in Kota Bandung (32.73). A and J meet every week, their last meeting on a Sunday, so that
the default period — each scope's own, as the dashboard shows it — ends exactly there in either region.
Load 1 (W1–W6): A, B, D meet every week; C, E, G meet W1–W4 (at risk: W5 and W6 missed; active in W3–W6);
F meets W1–W2 (at risk, not active in W3–W6).
Load 2 (W7–W8) + a registry with H (registered 15 Sep): A and J meet W7, W8; B and D miss both (newly at risk; D
still active in W5–W8); C meets W7, W8 and E meets W8 (revived); G stays silent (stopped: active in W3–W6,
not in W5–W8); F stays at risk and inactive (no change); H is newly registered. Three bad activity rows go to the
quarantine: unknown community ZZ9 (Kab. Bandung), a 31 Feb date (row of A, Kab. Bandung) and unknown QQ1 (Kota
Bandung).
Load 3: the same activity file again (nothing changes). Load 4: a registry with I only (newly registered).
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest

from data_loaders.load import Source, load_files
from queries.__main__ import main
from queries.perubahan import KATEGORI, Perubahan, TidakAdaPembanding, hitung
from queries.runner import Filters, run_query
from queries.scope import ADMIN, Scope
from store import versions
from store.database import open_readonly, restore
from tests.support import copy_store

WALI_KAB = Scope(email="wali.kab@x.id", peran="wali_wilayah", kabkota=("32.04",))
WALI_KOTA = Scope(email="wali.kota@x.id", peran="wali_wilayah", kabkota=("32.73",))
KOM = ("ID Komunitas;Nama Komunitas;Jenis Komunitas;NPSN;Kabupaten/Kota;Jenjang;Nama Penggerak;Email Penggerak;"
       "Tanggal Terdaftar;Status PMM\n")
KEG = ("Timestamp;ID Komunitas;Nama Komunitas Belajar;Kabupaten/Kota;Tanggal Pelaksanaan Kegiatan;Durasi (menit);"
       "Topik Kegiatan;Bentuk Kegiatan;Moda\n")


def week(n: int, day: int = 1) -> date:
    """Week n's Tuesday (day 1), or another day of it (6 = Sunday)."""
    return date(2022, 8, 1) + timedelta(weeks=n - 1, days=day)


def dmy(d: date) -> str:
    return d.strftime("%d/%m/%Y")


def registry(rows: list[tuple[str, str, str]]) -> str:
    return KOM + "".join(f"{i};Kombel {i};Antar Sekolah;;{kab};SD;Penggerak {i};p.{i.lower()}@x.id;{tgl};Ya\n"
                         for i, kab, tgl in rows)


def activities(rows: list[tuple[str, date]], bad: str = "") -> str:
    return KEG + "".join(f"{dmy(t)} 20:00:00;{i};;;{dmy(t)};60;Modul ajar;Belajar bersama;Luring\n"
                         for i, t in rows) + bad


@dataclass
class Sequence:
    db: Path
    folder: Path
    after: dict[str, Perubahan | str]  # stage -> the admin digest (or the message when there is none)
    wali: dict[str, dict[str, Perubahan]]


def _digest(db: Path, scope: Scope = ADMIN, **kw) -> Perubahan | str:
    try:
        return hitung(db, scope=scope, **kw)
    except TidakAdaPembanding as e:
        return str(e)


@pytest.fixture(scope="module")
def seq(store_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Sequence:
    d = tmp_path_factory.mktemp("perubahan")
    db = copy_store(store_template, d)
    files = {
        "komunitas.csv": registry([(c, "Kota Bandung" if c in "EJ" else "Kab. Bandung", "01/08/2022")
                                   for c in "ABCDEFGJ"]),
        "kegiatan1.csv": activities(
            [(c, week(n)) for c in "AJ" for n in range(1, 6)] + [("A", week(6, 6)), ("J", week(6, 6))]
            + [(c, week(n)) for c in "BD" for n in range(1, 7)]
            + [(c, week(n)) for c in "CEG" for n in range(1, 5)] + [("F", week(1)), ("F", week(2))]),
        "komunitas2.csv": registry([("H", "Kab. Bandung", "15/09/2022")]),
        "kegiatan2.csv": activities(
            [("A", week(7)), ("A", week(8, 6)), ("J", week(7)), ("J", week(8, 6)), ("C", week(7)), ("C", week(8)),
             ("E", week(8)), ("H", week(8))],
            bad=f"{dmy(week(8))} 20:00:00;ZZ9;Kombel Hantu;Kab. Bandung;{dmy(week(8))};60;x;Belajar bersama;Luring\n"
                f"{dmy(week(8))} 20:00:00;A;;;31/02/2022;60;x;Belajar bersama;Luring\n"
                f"{dmy(week(8))} 20:00:00;QQ1;Kombel Asing;Kota Bandung;{dmy(week(8))};60;x;Belajar bersama;Luring\n"),
        "komunitas3.csv": registry([("I", "Kab. Bandung", "01/09/2022")]),
    }
    for name, text in files.items():
        (d / name).write_text(text, encoding="utf-8")
    loads = {"1": ["komunitas.csv", "kegiatan1.csv"], "2": ["komunitas2.csv", "kegiatan2.csv"],
             "3": ["kegiatan2.csv"], "4": ["komunitas3.csv"]}
    after: dict[str, Perubahan | str] = {}
    wali: dict[str, dict[str, Perubahan]] = {}
    for stage, names in loads.items():
        load_files(db, [Source.from_path(d / n) for n in names])
        after[stage] = _digest(db)
        if stage == "2":
            wali[stage] = {"kab": hitung(db, scope=WALI_KAB), "kota": hitung(db, scope=WALI_KOTA)}
    return Sequence(db, d, after, wali)


def ids(p: Perubahan) -> dict[str, list[str]]:
    return {k: sorted(p.daftar[k]["id_komunitas"]) for k in KATEGORI if k != "karantina_baru"}


def quarantined(p: Perubahan) -> list[tuple[str, int, str]]:
    return sorted(zip(p.daftar["karantina_baru"].sumber_file, p.daftar["karantina_baru"].sumber_baris.astype(int),
                      p.daftar["karantina_baru"].kode_kabkota, strict=True))


def test_the_first_load_has_nothing_to_compare(seq: Sequence) -> None:
    assert isinstance(seq.after["1"], str)
    assert "unggahan pertama" in seq.after["1"]


def test_a_load_is_compared_with_the_store_before_it(seq: Sequence) -> None:
    p = seq.after["2"]
    assert isinstance(p, Perubahan)
    assert ids(p) == {"berisiko_baru": ["B", "D"], "aktif_kembali": ["C", "E"], "terdaftar_baru": ["H"],
                      "berhenti": ["G"]}
    assert quarantined(p) == [("kegiatan2.csv", 10, "32.04"), ("kegiatan2.csv", 11, "32.04"),
                              ("kegiatan2.csv", 12, "32.73")]
    # each store for its own default period as of the load: up to A's last Sunday in it
    assert p.periode_sebelum[1] == week(6, 6) and p.periode_sesudah[1] == week(8, 6)
    assert p.jumlah() == {"berisiko_baru": 2, "aktif_kembali": 2, "terdaftar_baru": 1, "berhenti": 1,
                          "karantina_baru": 3}
    # the version compared with is the one this load kept, and names its files
    assert p.versi == versions.list_versions(seq.db)[2].id
    assert set(p.berkas) == {"komunitas2.csv", "kegiatan2.csv"}


def test_the_text_is_plain_and_names_the_communities(seq: Sequence) -> None:
    teks = seq.after["2"].teks()
    first = teks.splitlines()[0]
    assert first.startswith("Perubahan sejak unggahan ") and "(data s.d. 25 Sep 2022)" in first
    assert ("2 komunitas baru berisiko, 2 aktif kembali, 1 komunitas baru terdaftar, 1 berhenti bertemu "
            "(4 minggu tanpa kegiatan), 3 baris baru dikarantina.") in first
    assert "Baru berisiko (2):\n- Kombel B (Kabupaten Bandung)\n- Kombel D (Kabupaten Bandung)" in teks
    assert "Aktif kembali (2):\n- Kombel C (Kabupaten Bandung)\n- Kombel E (Kota Bandung)" in teks
    assert "Berhenti bertemu (1):\n- Kombel G (Kabupaten Bandung)" in teks
    assert "- kegiatan2.csv: 3 baris" in teks
    assert not any(ch in teks for ch in "*_#`[]")  # nothing a chat would render as markup


def test_a_reload_that_changes_nothing_gives_an_empty_digest(seq: Sequence) -> None:
    p = seq.after["3"]
    assert isinstance(p, Perubahan) and p.kosong
    assert p.jumlah() == dict.fromkeys(KATEGORI, 0)
    assert p.teks().startswith("Tidak ada perubahan sejak unggahan ")
    assert p.tabel().empty and list(p.tabel().columns)[0] == "kategori"


def test_a_registry_load_only_adds_its_community(seq: Sequence) -> None:
    p = seq.after["4"]
    assert ids(p) == {"berisiko_baru": [], "aktif_kembali": [], "terdaftar_baru": ["I"], "berhenti": []}
    assert quarantined(p) == []
    assert p.periode_sebelum == p.periode_sesudah


def test_a_wali_counts_only_their_region(seq: Sequence) -> None:
    kab, kota = seq.wali["2"]["kab"], seq.wali["2"]["kota"]
    assert ids(kab) == {"berisiko_baru": ["B", "D"], "aktif_kembali": ["C"], "terdaftar_baru": ["H"],
                        "berhenti": ["G"]}
    assert quarantined(kab) == [("kegiatan2.csv", 10, "32.04"), ("kegiatan2.csv", 11, "32.04")]
    assert ids(kota) == {"berisiko_baru": [], "aktif_kembali": ["E"], "terdaftar_baru": [], "berhenti": []}
    assert quarantined(kota) == [("kegiatan2.csv", 12, "32.73")]
    assert "Kabupaten Bandung" not in kota.teks() and "Kota Bandung" not in kab.teks()


def test_aktif_4_minggu_is_the_headline_count(seq: Sequence) -> None:
    con = open_readonly(seq.db)
    try:
        f = Filters(dari=week(1, 0), sampai=week(8, 6))
        rows = run_query(con, "perubahan_komunitas", f)
        head = run_query(con, "headline", f).iloc[0]
    finally:
        con.close()
    assert sorted(rows.loc[rows.aktif_4_minggu, "id_komunitas"]) == ["A", "B", "C", "D", "E", "H", "J"]
    assert int(rows.aktif_4_minggu.sum()) == int(head.komunitas_aktif_4_minggu)


def test_an_explicit_period_is_used_for_both_stores(store_template: Path, tmp_path: Path) -> None:
    db = copy_store(store_template, tmp_path)
    (tmp_path / "k.csv").write_text(registry([("A", "Kab. Bandung", "01/08/2022"), ("B", "Kab. Bandung",
                                                                                    "01/08/2022")]))
    (tmp_path / "g1.csv").write_text(activities([("A", week(n)) for n in (1, 2, 3)] + [("B", week(1))]))
    (tmp_path / "g2.csv").write_text(activities([("B", week(3))]))  # B meets W3 after all: no longer at risk
    load_files(db, [Source.from_path(tmp_path / "k.csv"), Source.from_path(tmp_path / "g1.csv")])
    load_files(db, [Source.from_path(tmp_path / "g2.csv")])
    p = hitung(db, periode=(week(1, 0), week(3, 6)))
    assert p.periode_sebelum == p.periode_sesudah == (week(1, 0), week(3, 6))
    assert ids(p)["aktif_kembali"] == ["B"] and p.jumlah()["berisiko_baru"] == 0


def test_without_versions_or_after_a_restore_it_says_so(store_template: Path, tmp_path: Path) -> None:
    db = copy_store(store_template, tmp_path)
    (tmp_path / "k.csv").write_text(registry([("A", "Kab. Bandung", "01/08/2022")]))
    (tmp_path / "g.csv").write_text(activities([("A", week(1))]))
    with versions.keeping(0):
        load_files(db, [Source.from_path(tmp_path / "k.csv")])
        load_files(db, [Source.from_path(tmp_path / "g.csv")])
        assert "tidak disimpan" in _digest(db)
    load_files(db, [Source.from_path(tmp_path / "k.csv"), Source.from_path(tmp_path / "g.csv")])
    assert isinstance(_digest(db), Perubahan)
    restore(db, str(versions.list_versions(db)[0].nomor))
    assert "pemulihan versi" in _digest(db)


def test_cli_text_and_csv(seq: Sequence, capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    # stage 4's digest (the latest load); --kabkota limits it like any other query
    assert main(["perubahan", "--db", str(seq.db)]) == 0
    teks = capfdbinary.readouterr().out.decode()
    assert teks.startswith("Perubahan sejak unggahan ") and "1 komunitas baru terdaftar" in teks
    assert "Kombel I (Kabupaten Bandung)" in teks
    assert main(["perubahan", "--db", str(seq.db), "--format", "csv", "--kabkota", "32.73"]) == 0
    csv = pd.read_csv(io.BytesIO(capfdbinary.readouterr().out))
    assert csv.empty and csv.columns[0] == "kategori"
    assert main(["perubahan", "--db", str(seq.db), "--format", "csv"]) == 0
    csv = pd.read_csv(io.BytesIO(capfdbinary.readouterr().out))
    assert csv[["kategori", "id_komunitas"]].values.tolist() == [["terdaftar_baru", "I"]]


def test_cli_refuses_half_a_period_and_a_missing_store(tmp_path: Path,
                                                      capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    assert main(["perubahan", "--db", str(tmp_path / "tidak_ada.duckdb")]) == 1
    assert "tidak ditemukan" in capfdbinary.readouterr().err.decode()
    assert main(["perubahan", "--db", str(tmp_path / "x.duckdb"), "--dari", "2022-08-01"]) == 2


def test_a_damaged_previous_version_is_said_plainly(store_template: Path, tmp_path: Path) -> None:
    db = copy_store(store_template, tmp_path)
    (tmp_path / "k.csv").write_text(registry([("A", "Kab. Bandung", "01/08/2022")]))
    (tmp_path / "g.csv").write_text(activities([("A", week(1))]))
    load_files(db, [Source.from_path(tmp_path / "k.csv")])
    load_files(db, [Source.from_path(tmp_path / "g.csv")])
    before = db.read_bytes()
    version = versions.list_versions(db)[0].path
    size = version.stat().st_size
    with version.open("r+b") as fh:  # every block after the headers overwritten
        fh.seek(3 * 4096)
        fh.write(b"\x5a" * (size - 3 * 4096))
    message = _digest(db)
    assert isinstance(message, str) and "tidak bisa dibaca" in message and version.name.removesuffix(".duckdb") \
        in message
    assert db.read_bytes() == before  # read only

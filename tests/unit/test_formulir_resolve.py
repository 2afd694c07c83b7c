"""Rows that come in through a prefilled form link land on their community (issue 17 item 4).

A simulated Google Forms response export: the id column holds exactly what each community's prefilled link
carried (read back out of the link edits.formulir builds), the name is typed slightly differently from the
register, kab/kota is written 'KAB. BANDUNG', and Google's timestamp reads '2022/11/03 9:15:02 AM GMT+7'.
Loaded through the real loader, every row must land on its community with no karantina."""
from __future__ import annotations

import csv
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import duckdb

from data_loaders.headers import detect, map_headers
from edits import formulir
from tests.support import load_store

TEMPLAT = ("https://docs.google.com/forms/d/e/1FAIpQLSe_contohFormulirKombel/viewform?usp=pp_url"
           "&entry.1001=ID&entry.1002=NAMA&entry.1003=KABKOTA")

# (id, registered name, kab/kota as registered, the name as the respondent retyped it)
KOMUNITAS = [
    ("KB-0001", "KKG Gugus 3 Soreang", "Kab. Bandung", "kkg gugus 3 soreang"),
    ("KB-0002", "MGMP Matematika & IPA #2", "Kab. Bandung", "MGMP Matematika dan IPA 2"),
    ("KB-0003", "Kombel Guru + Siswa Ciwidey", "Kab. Bandung", "Kombel guru siswa ciwidey"),
    ("KB-0004", "Komunitas Belajar Sekolah Ñusantara", "Kota Bandung", "Komunitas Belajar Nusantara"),
    ("KB-0005", "KKG PAUD Cileunyi", "Kab. Bandung", "KKG PAUD Cileunyi Kulon"),
]
# Two communities of the same name elsewhere: typed names alone would be ambiguous or land wrong.
SAMESAKE = [("KB-0101", "KKG Gugus 3 Soreang", "Kab. Bandung Barat")]


def _registry(path: Path) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["ID Komunitas", "Nama Komunitas", "Jenis Komunitas", "Kabupaten/Kota", "Jenjang",
                    "Tanggal Terdaftar"])
        for ident, nama, kab, *_ in KOMUNITAS + [(*s, "") for s in SAMESAKE]:
            w.writerow([ident, nama, "Antar Sekolah", kab, "SD", "01/08/2022"])
    return path


def _prefilled_id(tautan: str) -> str:
    """What the form's id question holds when opened from `tautan` (Google decodes the query)."""
    return dict(parse_qsl(urlsplit(tautan).query))["entry.1001"]


# The form's questions as a UPT would word them; the id question tells the respondent not to touch it.
HEADERS = ["Timestamp", "ID Komunitas (jangan diubah)", "Nama Komunitas Belajar", "Kabupaten/Kota",
           "Tanggal Pelaksanaan Kegiatan", "Durasi kegiatan (menit)", "Topik/materi yang dibahas",
           "Bentuk Kegiatan", "Moda Kegiatan", "Jumlah peserta yang hadir"]


def _export(path: Path, pengaturan: formulir.Pengaturan) -> list[str]:
    expected = []
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(HEADERS)
        for i, (ident, nama, kab, retyped) in enumerate(KOMUNITAS):
            tautan = formulir.link(pengaturan, ident, nama, kab)
            prefilled = _prefilled_id(tautan)
            for minggu in range(2):
                hari = 3 + 7 * minggu + i % 3
                w.writerow([f"2022/11/{hari:02d} 9:15:0{i} AM GMT+7", prefilled, retyped, "KAB. BANDUNG",
                            f"{hari:02d}/11/2022", "60", "Asesmen formatif", "Belajar bersama", "Luring", "9"])
                expected.append(ident)
    return expected


def test_the_form_question_for_the_id_is_read_as_the_community_id() -> None:
    assert detect(HEADERS) == "kegiatan"
    found, _ = map_headers(HEADERS, "kegiatan")
    assert found["ID Komunitas (jangan diubah)"] == "id_komunitas"
    assert found["Nama Komunitas Belajar"] == "nama_komunitas"


def test_every_prefilled_row_lands_on_its_community(empty_store: Path, tmp_path: Path) -> None:
    pengaturan = formulir.check(TEMPLAT, "entry.1001", "entry.1002", "entry.1003")
    load_store(empty_store, [_registry(tmp_path / "komunitas.csv")])
    expected = _export(tmp_path / "Jawaban Formulir Kegiatan.csv", pengaturan)
    load_store(empty_store, [tmp_path / "Jawaban Formulir Kegiatan.csv"])

    con = duckdb.connect(str(empty_store), read_only=True)
    try:
        karantina = con.execute("select sumber_baris, alasan from karantina").fetchall()
        got = con.execute("select id_komunitas from kegiatan where sumber_file = 'Jawaban Formulir Kegiatan.csv' "
                          "order by sumber_baris").fetchall()
        tanggal = con.execute("select min(tanggal), max(tanggal) from kegiatan").fetchall()[0]
    finally:
        con.close()
    assert karantina == []
    assert [g[0] for g in got] == expected
    assert (str(tanggal[0]), str(tanggal[1])) == ("2022-11-03", "2022-11-12")


def test_without_the_prefilled_id_the_same_answers_are_not_all_placed(empty_store: Path, tmp_path: Path) -> None:
    """The control: the typed names alone (id column left blank) do not place every row, so the test above
    checks the ids, not the name matcher."""
    pengaturan = formulir.check(TEMPLAT, "entry.1001", "entry.1002", "entry.1003")
    load_store(empty_store, [_registry(tmp_path / "komunitas.csv")])
    berkas = tmp_path / "Jawaban tanpa ID.csv"
    _export(berkas, pengaturan)
    baris = list(csv.reader(open(berkas, encoding="utf-8")))
    with open(berkas, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([baris[0]] + [[r[0], "", *r[2:]] for r in baris[1:]])
    load_store(empty_store, [berkas])
    con = duckdb.connect(str(empty_store), read_only=True)
    try:
        ditahan = con.execute("select count(*) from karantina").fetchall()[0][0]
    finally:
        con.close()
    assert ditahan > 0


def test_names_with_url_signs_survive_the_link(empty_store: Path) -> None:
    """The prefilled name and kab/kota read back exactly as registered, & # + and Ñ included."""
    pengaturan = formulir.check(TEMPLAT, "entry.1001", "entry.1002", "entry.1003")
    for ident, nama, kab, _ in KOMUNITAS:
        isian = dict(parse_qsl(urlsplit(formulir.link(pengaturan, ident, nama, kab)).query))
        assert (isian["entry.1001"], isian["entry.1002"], isian["entry.1003"]) == (ident, nama, kab)


REFLEKSI_HEADERS = ["Stempel waktu", "ID Komunitas (jangan diubah)", "Nama Komunitas", "Kabupaten/Kota",
                    "Tanggal Refleksi", "Hal-hal yang sudah berjalan baik", "Hal yang perlu ditingkatkan",
                    "Rencana tindak lanjut"]


def test_prefilled_reflections_land_on_their_community(empty_store: Path, tmp_path: Path) -> None:
    pengaturan = formulir.check(TEMPLAT, "entry.1001", "entry.1002", "entry.1003")
    load_store(empty_store, [_registry(tmp_path / "komunitas.csv")])
    berkas = tmp_path / "Refleksi Kombel (Jawaban).csv"
    with open(berkas, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(REFLEKSI_HEADERS)
        for i, (ident, nama, kab, retyped) in enumerate(KOMUNITAS):
            w.writerow([f"2022/11/2{i} 7:0{i}:00 PM GMT+7",
                        _prefilled_id(formulir.link(pengaturan, ident, nama, kab)), retyped, "KAB. BANDUNG",
                        f"2{i}/11/2022", "Pertemuan rutin", "Dokumentasi", "Lesson study"])
    assert detect(REFLEKSI_HEADERS) == "refleksi"
    load_store(empty_store, [berkas])
    con = duckdb.connect(str(empty_store), read_only=True)
    try:
        karantina = con.execute("select count(*) from karantina").fetchall()[0][0]
        got = con.execute("select distinct id_komunitas from refleksi order by 1").fetchall()
    finally:
        con.close()
    assert karantina == 0
    assert [g[0] for g in got] == [k[0] for k in KOMUNITAS]

"""Karantina identity (issue 13 item 5): Google Forms and PMM downloads reuse one file name every month, so a
quarantined row is known by its content (kunci_baris) and its file's checksum (sumber_sha256), never by file name
and row number alone. Month 2's `form_responses_1.csv` neither hides nor resolves month 1's rows; the same bytes
again change nothing; a corrected file resolves only the entry of the row it corrects; a mapping re-applies the
rows of each month apart; a version-3 store migrates and keeps its rows."""
from __future__ import annotations

import csv
import hashlib
import io
import json
from datetime import date
from pathlib import Path

import duckdb
import pytest

from data_loaders.load import Source, load_files
from edits.mappings import map_kabkota
from queries.runner import Filters, run_query
from queries.scope import ADMIN
from store import schema
from store.database import ensure_store, open_readonly
from store.meta import schema_version, set_meta

NAME = "form_responses_1.csv"
KOMUNITAS = """ID Komunitas,Nama Komunitas,Jenis Komunitas,Kabupaten/Kota,Jenjang
KOM-001,Kombel Cileunyi Hebat,Dalam Sekolah,Kab. Bandung,SD
KOM-002,KKG Gugus 2 Garut,Antar Sekolah,Kab. Garut,SMP
"""
# A Google Forms activity report as downloaded (Indonesian account: "Stempel waktu").
HEADER = ["Stempel waktu", "ID Komunitas", "Nama Komunitas", "Kabupaten/Kota", "Tanggal Pelaksanaan Kegiatan",
          "Durasi Kegiatan (menit)", "Topik Kegiatan", "Jumlah Peserta"]
BAD_DATE_1 = ["02/08/2022 10:00:00", "KOM-001", "", "", "31/02/2022", "60", "Asesmen diagnostik", "11"]
BAD_KAB_1 = ["04/08/2022 10:00:00", "", "Kombel Cileunyi Hebat", "Kab. Bandoeng", "04/08/2022", "45", "Refleksi",
             "9"]
MONTH_1 = [  # rows 2..5: row 3 an impossible date, row 5 a misspelt kab/kota
    ["01/08/2022 10:00:00", "KOM-001", "", "", "01/08/2022", "60", "Modul ajar", "10"],
    BAD_DATE_1,
    ["03/08/2022 10:00:00", "KOM-002", "", "", "03/08/2022", "90", "Projek P5", "12"],
    BAD_KAB_1,
]
MONTH_2 = [  # rows 2..6: another impossible date at the same row 3, a good row 5, a misspelt kab/kota at row 6
    ["01/09/2022 09:00:00", "KOM-001", "", "", "01/09/2022", "60", "Modul ajar lanjutan", "10"],
    ["02/09/2022 09:00:00", "KOM-002", "", "", "30/02/2022", "90", "Literasi", "14"],
    ["05/09/2022 09:00:00", "KOM-002", "", "", "05/09/2022", "90", "Numerasi", "13"],
    ["20/09/2022 09:00:00", "KOM-002", "", "", "20/09/2022", "60", "Kokurikuler", "15"],
    ["21/09/2022 09:00:00", "", "Kombel Cileunyi Hebat", "Kab. Bandoeng", "21/09/2022", "45", "Refleksi", "8"],
]
# Month 1 downloaded again after the date of row 3 was fixed in the form's sheet; row 5 still misspelt.
CORRECTED_1 = [MONTH_1[0], [*BAD_DATE_1[:4], "02/08/2022", *BAD_DATE_1[5:]], MONTH_1[2], BAD_KAB_1]

KARANTINA = """select sumber_file, sumber_sha256, sumber_baris, kolom, nilai, kode_alasan, alasan,
                      baris_json ->> 'waktu_pengisian', diselesaikan_pada is null as terbuka
               from karantina order by id_karantina"""


@pytest.fixture
def db(empty_store: Path) -> Path:
    load_files(empty_store, [Source("komunitas.csv", KOMUNITAS.encode())])
    return empty_store


def form(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows([HEADER, *rows])
    return out.getvalue().encode()


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fetch(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = open_readonly(db)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def load(db: Path, data: bytes, name: str = NAME):
    return load_files(db, [Source(name, data)]).files[0]


def test_same_name_next_month_keeps_all_four_bad_rows(db: Path) -> None:
    m1, m2 = form(MONTH_1), form(MONTH_2)
    assert load(db, m1).dikarantina == 2
    report = load(db, m2)
    assert (report.ditambah, report.dikarantina) == (3, 2)
    assert fetch(db, KARANTINA) == [
        (NAME, sha(m1), 3, "Tanggal Pelaksanaan Kegiatan", "31/02/2022", "tanggal_tidak_terbaca",
         "Tanggal '31/02/2022' tidak terbaca.", "02/08/2022 10:00:00", True),
        (NAME, sha(m1), 5, "Kabupaten/Kota", "Kab. Bandoeng", "kabkota_tidak_dikenal",
         "Kab/kota 'Kab. Bandoeng' tidak dikenal.", "04/08/2022 10:00:00", True),
        (NAME, sha(m2), 3, "Tanggal Pelaksanaan Kegiatan", "30/02/2022", "tanggal_tidak_terbaca",
         "Tanggal '30/02/2022' tidak terbaca.", "02/09/2022 09:00:00", True),
        (NAME, sha(m2), 6, "Kabupaten/Kota", "Kab. Bandoeng", "kabkota_tidak_dikenal",
         "Kab/kota 'Kab. Bandoeng' tidak dikenal.", "21/09/2022 09:00:00", True),
    ]
    # Kualitas Data: two files of the same name are two files, every open row listed.
    con = open_readonly(db)
    try:
        filters = Filters(date(2022, 8, 1), date(2022, 9, 30))
        ringkas = run_query(con, "kualitas_karantina_ringkas", filters, ADMIN).set_index("kode_alasan")
        baris = run_query(con, "kualitas_karantina", filters, ADMIN)
    finally:
        con.close()
    assert ringkas.loc["tanggal_tidak_terbaca", ["jumlah_baris", "jumlah_berkas"]].tolist() == [2, 2]
    assert ringkas.loc["kabkota_tidak_dikenal", ["jumlah_baris", "jumlah_berkas"]].tolist() == [2, 2]
    assert sorted(zip(baris["sumber_file"], baris["sumber_baris"], baris["nilai"])) == [
        (NAME, 3, "30/02/2022"), (NAME, 3, "31/02/2022"), (NAME, 5, "Kab. Bandoeng"), (NAME, 6, "Kab. Bandoeng")]


def test_same_bytes_again_change_nothing(db: Path) -> None:
    m1, m2 = form(MONTH_1), form(MONTH_2)
    load(db, m1)
    first = load(db, m2)
    before = fetch(db, "select * from karantina order by id_karantina")
    activities = fetch(db, "select * from kegiatan order by id_kegiatan")
    again = load(db, m2)
    assert (again.ditambah, again.sudah_ada, again.dikarantina) == (0, first.ditambah, first.dikarantina)
    # Also under the name a browser gives a second download of the same file.
    load(db, m2, "form_responses_1 (1).csv")
    assert fetch(db, "select * from karantina order by id_karantina") == before
    assert fetch(db, "select * from kegiatan order by id_kegiatan") == activities


def test_corrected_month_1_resolves_only_its_own_entry(db: Path) -> None:
    m1, m2, fixed = form(MONTH_1), form(MONTH_2), form(CORRECTED_1)
    load(db, m1)
    load(db, m2)
    report = load(db, fixed)
    assert (report.ditambah, report.sudah_ada, report.dikarantina) == (1, 2, 1)
    # Row 3 of the corrected file is month 1's row 3 with its date fixed: that entry is resolved. Month 2's row 3
    # (another response) stays open, and the still misspelt row 5 gets no second entry.
    assert fetch(db, "select sumber_sha256, sumber_baris, nilai, diselesaikan_pada is null from karantina "
                     "order by id_karantina") == [
        (sha(m1), 3, "31/02/2022", False), (sha(m1), 5, "Kab. Bandoeng", True),
        (sha(m2), 3, "30/02/2022", True), (sha(m2), 6, "Kab. Bandoeng", True)]
    assert fetch(db, "select tanggal, topik, sumber_file, sumber_baris from kegiatan where tanggal = '2022-08-02'") == [
        (date(2022, 8, 2), "Asesmen diagnostik", NAME, 3)]


def test_a_different_record_at_the_same_row_does_not_resolve(db: Path) -> None:
    """Month 3's row 3 loads; its date column differs from month 1's quarantined row 3, but so do the timestamp
    and the topic: another response, not the correction."""
    load(db, form(MONTH_1))
    other = [*BAD_DATE_1[:4], "02/08/2022", *BAD_DATE_1[5:]]
    other[0], other[6] = "02/10/2022 08:00:00", "Asesmen formatif"
    load(db, form([MONTH_1[0], other]))
    assert fetch(db, "select sumber_baris, diselesaikan_pada is null from karantina order by id_karantina") == [
        (3, True), (5, True)]


def test_mapping_reapplies_the_rows_of_both_months(db: Path) -> None:
    m1, m2 = form(MONTH_1), form(MONTH_2)
    load(db, m1)
    load(db, m2)
    report = map_kabkota(db, "Kab. Bandoeng", "32.04")
    assert (report.diselesaikan, report.masih_dikarantina) == (2, 2)
    assert fetch(db, "select sumber_sha256, sumber_baris, kode_alasan, diselesaikan_pada is null from karantina "
                     "order by id_karantina") == [
        (sha(m1), 3, "tanggal_tidak_terbaca", True), (sha(m1), 5, "kabkota_tidak_dikenal", False),
        (sha(m2), 3, "tanggal_tidak_terbaca", True), (sha(m2), 6, "kabkota_tidak_dikenal", False)]
    assert fetch(db, "select tanggal, id_komunitas, sumber_baris from kegiatan where topik = 'Refleksi' "
                     "order by tanggal") == [(date(2022, 8, 4), "KOM-001", 5), (date(2022, 9, 21), "KOM-001", 6)]


def test_mapping_reapply_keeps_one_months_row_apart_from_the_others(db: Path) -> None:
    """Month 1's row 3 (bad date) and month 2's row 3 (misspelt kab/kota) are both open under one file name and
    row number; the mapping loads month 2's row and leaves month 1's open with its own values."""
    m1 = form(MONTH_1)
    m2 = form([MONTH_2[0], MONTH_2[4]])
    load(db, m1)
    load(db, m2)
    assert fetch(db, "select sumber_baris, kode_alasan from karantina where sumber_sha256 = ?", [sha(m2)]) == [
        (3, "kabkota_tidak_dikenal")]
    map_kabkota(db, "Kab. Bandoeng", "32.04")
    assert fetch(db, """select sumber_sha256, sumber_baris, kode_alasan, nilai, diselesaikan_pada is null
                        from karantina where sumber_baris = 3 order by id_karantina""") == [
        (sha(m1), 3, "tanggal_tidak_terbaca", "31/02/2022", True),
        (sha(m2), 3, "kabkota_tidak_dikenal", "Kab. Bandoeng", False)]
    # Month 1's misspelt row 5 follows the mapping too; its bad-date row 3 is not in kegiatan.
    assert fetch(db, "select tanggal, sumber_baris from kegiatan where topik in ('Refleksi', 'Asesmen diagnostik') "
                     "order by tanggal") == [(date(2022, 8, 4), 5), (date(2022, 9, 21), 3)]


def test_version_3_store_migrates_and_keeps_its_rows(db: Path) -> None:
    m1 = form(MONTH_1)
    load(db, m1)
    loaded = fetch(db, "select * exclude (sumber_sha256, kunci_baris) from karantina order by id_karantina")
    keys = fetch(db, "select kunci_baris from karantina order by id_karantina")
    assert [k for (k,) in keys] == [schema.row_key(json.loads(js)) for (js,) in
                                    fetch(db, "select baris_json from karantina order by id_karantina")]
    # The same store as version 3 wrote it: no identity columns.
    with duckdb.connect(str(db)) as con:
        con.execute("alter table karantina drop column sumber_sha256")
        con.execute("alter table karantina drop column kunci_baris")
        set_meta(con, "schema_version", "3")
    ensure_store(db)
    con = open_readonly(db)
    try:
        assert schema_version(con) == schema.SCHEMA_VERSION >= 4
        assert con.execute("select * exclude (sumber_sha256, kunci_baris) from karantina order by id_karantina"
                           ).fetchall() == loaded
        assert con.execute("select sumber_sha256 from karantina").fetchall() == [(sha(m1),), (sha(m1),)]
        assert con.execute("select kunci_baris from karantina order by id_karantina").fetchall() == keys
    finally:
        con.close()
    # The migrated entries are known by content: the same file again adds nothing, month 2 keeps its own rows.
    load(db, m1)
    assert fetch(db, "select count(*) from karantina") == [(2,)]
    load(db, form(MONTH_2))
    assert fetch(db, "select count(*), count(*) filter (diselesaikan_pada is null) from karantina") == [(4, 4)]


def test_identical_rows_in_one_file_keep_an_entry_each(db: Path) -> None:
    """An export without a timestamp may repeat a row: each copy is a row of the file and keeps its entry, and the
    same file again still adds none."""
    twice = form([BAD_DATE_1, BAD_DATE_1, MONTH_1[0]])
    assert load(db, twice).dikarantina == 2
    load(db, twice)
    assert fetch(db, "select sumber_baris, nilai, diselesaikan_pada is null from karantina order by id_karantina"
                 ) == [(2, "31/02/2022", True), (3, "31/02/2022", True)]

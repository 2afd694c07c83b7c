"""Ready-to-send follow-up messages (edits/pesan.py, issue 16 item 2): the template, rendering, wa.me and mailto
links with every character encoded, the CSV for bulk tools, the template stored in the app's state, the export
record, and the contact query under a wali's scope."""
from __future__ import annotations

import csv
import io
from datetime import date
from urllib.parse import parse_qs, unquote, urlsplit

import duckdb
import pytest

from edits import pesan
from queries.runner import Filters, run_query
from queries.scope import Scope
from store import app_state
from tests.support import TinyStore, add_kegiatan, add_komunitas, add_penggerak

ACUAN = date(2022, 12, 25)
NAMA_SULIT = "Kombel Guru & Murid? #1 🚀 {nama_penggerak}"


def _row(**extra: object) -> dict:
    row = {"id_komunitas": "k1", "nama_komunitas": "Kombel Cibiru", "kabkota": "Kab. Bandung",
           "penggerak_nama": "Siti Aminah", "penggerak_email": "siti@guru.id",
           "kegiatan_terakhir": date(2022, 11, 28), "minggu_dievaluasi": 20}
    row.update(extra)
    return row


def _text_of_wa(url: str) -> str:
    parts = urlsplit(url)
    assert parts.scheme == "https" and parts.netloc == "wa.me"
    assert "#" not in url and " " not in url and "&" not in url  # one parameter, nothing left unencoded
    return parse_qs(parts.query, keep_blank_values=True)["text"][0]


def test_default_message_names_community_weeks_last_meeting_rule_and_penggerak() -> None:
    p = pesan.pesan(pesan.TEMPLAT_BAWAAN, _row(), ACUAN, "6281200001234")
    assert "Bapak/Ibu Siti Aminah" in p.teks
    assert "Kombel Cibiru (Kab. Bandung)" in p.teks
    assert "selama 3 minggu terakhir" in p.teks  # 28 Nov -> 25 Des: 27 days, three whole weeks
    assert "28 November 2022" in p.teks
    assert "setiap minggu minimal 1 (satu) jam" in p.teks  # the guide's wording
    assert p.lewat == "whatsapp" and p.tautan.startswith("https://wa.me/6281200001234?text=")
    assert _text_of_wa(p.tautan) == p.teks


def test_a_name_with_url_signs_and_emoji_survives_the_link_intact() -> None:
    p = pesan.pesan(pesan.TEMPLAT_BAWAAN, _row(nama_komunitas=NAMA_SULIT, penggerak_nama="Ani & Budi"),
                    ACUAN, "6281200001234")
    teks = _text_of_wa(p.tautan)
    assert NAMA_SULIT in teks  # a placeholder-looking name is inserted as text, not filled
    assert "Bapak/Ibu Ani & Budi" in teks
    assert "%F0%9F%9A%80" in p.tautan and "%23" in p.tautan and "%26" in p.tautan and "%3F" in p.tautan


def test_no_number_falls_back_to_mailto_with_subject_and_body() -> None:
    p = pesan.pesan(pesan.TEMPLAT_BAWAAN, _row(nama_komunitas="A&B #2"), ACUAN, None)
    assert p.lewat == "email" and p.nomor_wa is None
    parts = urlsplit(p.tautan)
    assert parts.scheme == "mailto" and unquote(parts.path) == "siti@guru.id"
    assert "+" not in parts.query  # spaces as %20: mail apps do not read '+' as a space
    q = parse_qs(parts.query)
    assert q["subject"] == ["Tindak lanjut pertemuan komunitas belajar A&B #2"]
    assert q["body"] == [p.teks]


def test_an_unusable_number_is_not_linked_and_without_email_there_is_no_link() -> None:
    assert pesan.pesan(pesan.TEMPLAT_BAWAAN, _row(), ACUAN, "0812-abc").lewat == "email"
    p = pesan.pesan(pesan.TEMPLAT_BAWAAN, _row(penggerak_email=None), ACUAN, None)
    assert p.tautan is None and p.lewat is None


def test_never_met_community_and_missing_names() -> None:
    p = pesan.pesan(pesan.TEMPLAT_BAWAAN, _row(kegiatan_terakhir=None, penggerak_nama=None, minggu_dievaluasi=7),
                    ACUAN, None)
    assert "selama 7 minggu" in p.teks and "belum tercatat" in p.teks
    assert "Bapak/Ibu penggerak komunitas" in p.teks


@pytest.mark.parametrize(("templat", "pesan_galat"), [
    ("Halo {nama_guru}", "Penanda {nama_guru} pada templat pesan tidak dikenal"),
    ("Halo {}", "Penanda {} pada templat pesan tidak dikenal"),
    ("Halo {nama_komunitas.upper}", "tidak dikenal"),
    ("Halo {nama_komunitas:>30}", "hanya boleh ditulis apa adanya"),
    ("Halo {nama_komunitas", "tidak berpasangan"),
    ("Halo nama_komunitas}", "tidak berpasangan"),
    ("   ", "tidak boleh kosong"),
])
def test_a_bad_template_gives_an_indonesian_message(templat: str, pesan_galat: str) -> None:
    with pytest.raises(pesan.TemplatError, match=pesan_galat.replace("{", r"\{").replace("}", r"\}")
                       .replace(".", r"\.")):
        pesan.render(templat, {})
    with pytest.raises(pesan.TemplatError):
        pesan.pesan(templat, _row(), ACUAN, None)


def test_literal_braces_and_every_placeholder() -> None:
    teks = pesan.render("{{kurung}} {nama_komunitas}/{nama_penggerak}/{minggu_terlewat}/{pertemuan_terakhir}/"
                        "{kabkota}", {"nama_komunitas": "A", "nama_penggerak": "B", "minggu_terlewat": 4,
                                      "pertemuan_terakhir": "1 Mei 2023", "kabkota": "Kota X"})
    assert teks == "{kurung} A/B/4/1 Mei 2023/Kota X"


def test_csv_has_number_name_message_and_neutralises_formulas() -> None:
    daftar = [pesan.pesan(pesan.TEMPLAT_BAWAAN, _row(), ACUAN, "6281200001234"),
              pesan.pesan(pesan.TEMPLAT_BAWAAN, _row(id_komunitas="k2", nama_komunitas="=HYPERLINK(1)"), ACUAN,
                          None)]
    data = pesan.csv_bytes(daftar, dengan_nomor=True)
    assert data.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [r["nomor_wa"] for r in rows] == ["6281200001234", ""]
    assert rows[0]["pesan"] == daftar[0].teks and rows[0]["nama_penggerak"] == "Siti Aminah"
    assert rows[1]["nama_komunitas"] == "'=HYPERLINK(1)"
    tanpa = list(csv.DictReader(io.StringIO(pesan.csv_bytes(daftar, dengan_nomor=False).decode("utf-8-sig"))))
    assert "nomor_wa" not in tanpa[0]


def _app_rows(db, sql: str) -> list[tuple]:
    con = duckdb.connect(str(app_state.app_path(db)), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_template_saved_read_back_and_reset(tiny: TinyStore) -> None:
    period = {"dari": date(2022, 8, 1), "sampai": ACUAN}
    before = TinyStore(tiny.path)
    assert before.run("templat_pesan", **period).empty
    before.close()
    assert pesan.template_in_use(None) == pesan.TEMPLAT_BAWAAN
    pesan.save_template(tiny.path, "  Halo Bapak/Ibu {nama_penggerak} dari {nama_komunitas}  ", "admin@x.id")
    rows = tiny.run("templat_pesan", **period)
    assert list(rows["isi"]) == ["Halo Bapak/Ibu {nama_penggerak} dari {nama_komunitas}"]
    assert list(rows["diubah_oleh"]) == ["admin@x.id"]
    with pytest.raises(pesan.TemplatError, match="tidak dikenal"):
        pesan.save_template(tiny.path, "Halo {nama}", "admin@x.id")
    assert _app_rows(tiny.path, "select isi from templat_pesan") == [
        ("Halo Bapak/Ibu {nama_penggerak} dari {nama_komunitas}",)]  # a refused template changes nothing
    pesan.reset_template(tiny.path)
    assert _app_rows(tiny.path, "select count(*) from templat_pesan") == [(0,)]
    assert pesan.template_in_use("Halo {rusak}") == pesan.TEMPLAT_BAWAAN  # a hand-edited bad row never breaks


def test_an_export_with_numbers_is_recorded_one_without_is_not(tiny: TinyStore) -> None:
    daftar = [pesan.pesan(pesan.TEMPLAT_BAWAAN, _row(), ACUAN, "6281200001234"),
              pesan.pesan(pesan.TEMPLAT_BAWAAN, _row(id_komunitas="k2"), ACUAN, None)]
    pesan.export_csv(tiny.path, daftar, dengan_nomor=False, oleh="pimpinan@x.id", lingkup="Semua")
    pesan.export_csv(tiny.path, daftar[1:], dengan_nomor=True, oleh="wali@x.id", lingkup="Kab. Bandung")
    assert not app_state.app_path(tiny.path).exists() or _app_rows(
        tiny.path, "select count(*) from log_ekspor") == [(0,)]
    data = pesan.export_csv(tiny.path, daftar, dengan_nomor=True, oleh="wali@x.id", lingkup="Kab. Bandung")
    assert b"6281200001234" in data
    assert _app_rows(tiny.path, "select oleh, ekspor, lingkup, jumlah_baris, jumlah_nomor from log_ekspor") == [
        ("wali@x.id", "pesan_tindak_lanjut", "Kab. Bandung", 2, 1)]


WALI = Scope("wali@x.id", "wali_wilayah", ("32.04",))
ADMIN = Scope("admin@x.id", "admin", None)


def _contacts(con: duckdb.DuckDBPyConnection) -> None:
    add_komunitas(con, "a1", kode_kabkota="32.04", penggerak_email="Ani@guru.id", penggerak_nama="Ani")
    add_komunitas(con, "a2", kode_kabkota="32.04", penggerak_email="budi@guru.id", penggerak_nama="Budi")
    add_komunitas(con, "a3", kode_kabkota="32.04", penggerak_email="cici@guru.id", penggerak_nama="Cici")
    add_komunitas(con, "b1", kode_kabkota="32.01", penggerak_email="dodi@guru.id", penggerak_nama="Dodi")
    con.execute("update komunitas set penggerak_wa = '6281200000002' where id_komunitas = 'a2'")
    con.execute("update komunitas set narahubung_wa = '6281200000009' where id_komunitas in ('a2', 'a3')")
    con.execute("update komunitas set penggerak_wa = '6281200000004' where id_komunitas = 'b1'")
    add_penggerak(con, "ani@guru.id", kode_kabkota="32.04")
    add_penggerak(con, "dodi@guru.id", kode_kabkota="32.01")
    con.execute("update penggerak set penggerak_wa = '6281200000001' where penggerak_email = 'ani@guru.id'")
    con.execute("update penggerak set penggerak_wa = '6281200000044' where penggerak_email = 'dodi@guru.id'")
    for k in ("a1", "b1"):
        add_kegiatan(con, k, date(2022, 9, 5))


def test_contact_numbers_prefer_the_penggerak_list_and_stay_in_the_walis_region(tiny: TinyStore) -> None:
    tiny.build(_contacts)
    period = {"dari": date(2022, 8, 1), "sampai": ACUAN}
    semua = {r.id_komunitas: (r.nomor_wa, r.sumber_nomor) for r in tiny.run("kontak_penggerak", ADMIN, **period)
             .itertuples()}
    assert semua == {"a1": ("6281200000001", "penggerak"),  # the list's number; the address matched caseless
                     "a2": ("6281200000002", "penggerak"),  # the registry's penggerak number before the contact's
                     "a3": ("6281200000009", "narahubung"),
                     "b1": ("6281200000044", "penggerak")}
    wali = tiny.run("kontak_penggerak", WALI, **period)
    assert sorted(wali["id_komunitas"]) == ["a1", "a2", "a3"]
    assert not {"6281200000044", "6281200000004"} & set(wali["nomor_wa"])
    # asking for the other region through the filter gives nothing either
    assert tiny.run("kontak_penggerak", WALI, kabkota=("32.01",), **period).empty
    # asking for the other region's community by id gives nothing either; an admin gets just the ones asked for
    f = Filters(**period)
    assert run_query(tiny.con, "kontak_penggerak", f, WALI, {"pilih": ["b1", "a3"]})["id_komunitas"].tolist() == ["a3"]
    assert run_query(tiny.con, "kontak_penggerak", f, ADMIN, {"pilih": ["b1"]})["nomor_wa"].tolist() == [
        "6281200000044"]

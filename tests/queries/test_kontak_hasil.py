"""The contact log and "did it work?" (issue 16 items 3-4): kontak_log, kontak_hasil and kontak_hasil_ringkas on a
hand-built store, the contacts written through edits.kontak as the page writes them."""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from edits.kontak import KontakError, catat_kontak, catat_tanggapan
from queries.runner import Filters, run_query
from queries.scope import ADMIN, Scope
from tests.support import TinyStore, add_kegiatan, add_komunitas

WALI_A = Scope("wali.a@contoh.id", "wali_wilayah", ("32.04",))
WALI_B = Scope("wali.b@contoh.id", "wali_wilayah", ("32.17",))
PIMPINAN = Scope("pimpinan@contoh.id", "pimpinan", None)
HARI_INI = date(2023, 1, 15)
F = Filters(dari=date(2022, 8, 1), sampai=date(2022, 12, 25))


def _fill(con) -> None:
    for kid in "ABCDEFG":
        add_komunitas(con, kid, kode_kabkota="32.04")
    add_komunitas(con, "H", kode_kabkota="32.17")
    add_komunitas(con, "Z", kode_kabkota="32.04")
    add_kegiatan(con, "A", date(2022, 10, 10))    # the same day as the contact only: not "after"
    add_kegiatan(con, "B", date(2022, 10, 1))     # before the contact only
    add_kegiatan(con, "C", date(2022, 10, 12))    # after the first contact, before the second
    add_kegiatan(con, "C", date(2022, 11, 1))     # 15 days after the second (latest) contact
    add_kegiatan(con, "D", date(2022, 10, 12))    # after the first contact only
    add_kegiatan(con, "E", date(2022, 10, 20))    # 10 days after
    add_kegiatan(con, "E", date(2022, 10, 27))
    add_kegiatan(con, "F", date(2022, 11, 5))     # 26 days after: outside 3 weeks, inside 4
    add_kegiatan(con, "H", date(2022, 10, 15))    # 5 days after, in 32.17
    add_kegiatan(con, "Z", date(2022, 12, 31))    # the data reach up to here (batas_data)


def _catat(db, ids, tanggal, scope, saluran="whatsapp"):
    return catat_kontak(db, ids, saluran=saluran, tanggal_kontak=tanggal, catatan="ditelepon", oleh=scope.email,
                        lingkup=scope.kabkota, hari_ini=HARI_INI)


@pytest.fixture
def store(tiny: TinyStore) -> TinyStore:
    tiny.build(_fill)
    db = tiny.path
    _catat(db, ["A", "B", "E", "F"], date(2022, 10, 10), WALI_A)
    _catat(db, ["C", "D"], date(2022, 10, 3), WALI_A, "telepon")
    _catat(db, ["C", "D"], date(2022, 10, 17), PIMPINAN)   # the latest contact counts, recorded by another
    _catat(db, ["G"], date(2022, 12, 20), WALI_A)           # 3 weeks reach past the data: waiting
    _catat(db, ["H"], date(2022, 10, 10), WALI_B)
    return tiny


def _hasil(store: TinyStore, scope: Scope = ADMIN, **extra) -> dict[str, dict]:
    df = run_query(store.con, "kontak_hasil", F, scope, extra).astype(object)
    df = df.where(df.notna(), None)
    return {r["id_komunitas"]: {k: v.date() if isinstance(v, pd.Timestamp) else v for k, v in r.items()}
            for r in df.to_dict("records")}


def test_status_per_community(store: TinyStore) -> None:
    h = _hasil(store)
    status = {k: (r["status"], r["hari_sampai_aktif"]) for k, r in h.items()}
    assert status == {
        "A": ("belum_aktif", None), "B": ("belum_aktif", None), "C": ("aktif_kembali", 15),
        "D": ("belum_aktif", None), "E": ("aktif_kembali", 10), "F": ("belum_aktif", None),
        "G": ("menunggu", None), "H": ("aktif_kembali", 5),
    }
    assert h["C"]["jumlah_kontak"] == 2 and h["C"]["tanggal_kontak"] == date(2022, 10, 17)
    assert h["C"]["dicatat_oleh"] == PIMPINAN.email and h["C"]["saluran"] == "whatsapp"
    assert h["A"]["bertemu_pada"] is None and h["E"]["bertemu_pada"] == date(2022, 10, 20)
    assert "Z" not in h  # never contacted
    assert h["A"]["batas_data"] == date(2022, 12, 31)


def test_window_is_a_parameter(store: TinyStore) -> None:
    assert _hasil(store, minggu_kontak=4)["F"]["status"] == "aktif_kembali"
    assert _hasil(store, minggu_kontak=4)["F"]["hari_sampai_aktif"] == 26
    assert _hasil(store, minggu_kontak=1)["C"]["status"] == "belum_aktif"


def test_a_wali_sees_only_their_region(store: TinyStore) -> None:
    assert set(_hasil(store, WALI_A)) == set("ABCDEFG")
    assert set(_hasil(store, WALI_B)) == {"H"}
    log_b = run_query(store.con, "kontak_log", F, WALI_B)
    assert log_b["id_komunitas"].tolist() == ["H"]
    log_a = run_query(store.con, "kontak_log", F, WALI_A)
    assert len(log_a) == 9 and "H" not in set(log_a["id_komunitas"])
    # latest first
    assert log_a["tanggal_kontak"].iloc[0].date() == date(2022, 12, 20)
    # an admin filtering one kab/kota gets that kab/kota only
    admin_17 = run_query(store.con, "kontak_log", Filters(dari=F.dari, sampai=F.sampai, kabkota=("32.17",)))
    assert admin_17["id_komunitas"].tolist() == ["H"]


def test_summary_per_kabkota_and_wali(store: TinyStore) -> None:
    df = run_query(store.con, "kontak_hasil_ringkas", F, ADMIN).astype(object)
    df = df.where(df.notna(), None)
    rows = {(r["tingkat"], r["kode_kabkota"] or r["dicatat_oleh"]): r for r in df.to_dict("records")}

    def counts(key):
        r = rows[key]
        return r["dihubungi"], r["aktif_kembali"], r["belum_aktif"], r["menunggu"], r["median_hari_aktif"]

    assert counts(("semua", None)) == (8, 3, 4, 1, 10.0)
    assert counts(("kabkota", "32.04")) == (7, 2, 4, 1, 12.5)
    assert counts(("kabkota", "32.17")) == (1, 1, 0, 0, 5.0)
    assert rows[("semua", None)]["kabkota"] is None and rows[("wali", WALI_A.email)]["kabkota"] is None
    assert rows[("kabkota", "32.17")]["kabkota"] and rows[("kabkota", "32.17")]["dicatat_oleh"] is None
    assert counts(("wali", WALI_A.email)) == (5, 1, 3, 1, 10.0)   # A, B, E, F, G
    assert counts(("wali", PIMPINAN.email)) == (2, 1, 1, 0, 15.0)  # C, D (their latest contact)
    assert counts(("wali", WALI_B.email)) == (1, 1, 0, 0, 5.0)
    wali_a = run_query(store.con, "kontak_hasil_ringkas", F, WALI_A)
    assert set(wali_a["kode_kabkota"].dropna()) == {"32.04"}
    assert int(wali_a[wali_a["tingkat"] == "semua"]["dihubungi"].iloc[0]) == 7


def test_writes_are_scoped_and_checked(store: TinyStore) -> None:
    db = store.path
    before = len(run_query(store.con, "kontak_log", F, ADMIN))
    with pytest.raises(KontakError, match="di luar wilayah"):
        _catat(db, ["A", "H"], date(2022, 10, 10), WALI_A)   # one outside: nothing written
    with pytest.raises(KontakError, match="tidak ada di data"):
        _catat(db, ["A", "TIDAK-ADA"], date(2022, 10, 10), WALI_A)
    with pytest.raises(KontakError, match="masa depan"):
        _catat(db, ["A"], date(2023, 2, 1), WALI_A)
    with pytest.raises(KontakError, match="Saluran"):
        _catat(db, ["A"], date(2022, 10, 10), WALI_A, saluran="merpati")
    with pytest.raises(KontakError, match="sedikitnya satu"):
        _catat(db, [], date(2022, 10, 10), WALI_A)
    from store.database import open_readonly
    con = open_readonly(db)
    try:
        assert con.execute("select count(*) from app.kontak").fetchall()[0][0] == before
    finally:
        con.close()


def test_tanggapan(store: TinyStore) -> None:
    db = store.path
    log = run_query(store.con, "kontak_log", F, WALI_B)
    id_h = int(log["id_kontak"].iloc[0])
    with pytest.raises(KontakError, match="tidak ada di catatan"):
        catat_tanggapan(db, id_h, tanggapan="Siap", tanggal=date(2022, 10, 12), oleh=WALI_A.email,
                        lingkup=WALI_A.kabkota, hari_ini=HARI_INI)
    with pytest.raises(KontakError, match="sebelum tanggal kontak"):
        catat_tanggapan(db, id_h, tanggapan="Siap", tanggal=date(2022, 10, 1), oleh=WALI_B.email,
                        lingkup=WALI_B.kabkota, hari_ini=HARI_INI)
    with pytest.raises(KontakError, match="wajib"):
        catat_tanggapan(db, id_h, tanggapan="  ", tanggal=date(2022, 10, 12), oleh=WALI_B.email,
                        lingkup=WALI_B.kabkota, hari_ini=HARI_INI)
    catat_tanggapan(db, id_h, tanggapan="Akan  bertemu\nKamis", tanggal=date(2022, 10, 12), oleh=WALI_B.email,
                    lingkup=WALI_B.kabkota, hari_ini=HARI_INI)
    from store.database import open_readonly
    con = open_readonly(db)
    try:
        row = run_query(con, "kontak_log", F, WALI_B).iloc[0]
        assert (row["tanggapan"], row["tanggapan_oleh"], row["jumlah_tanggapan"]) == (
            "Akan bertemu Kamis", WALI_B.email, 1)
        assert run_query(con, "kontak_log", F, WALI_A)["tanggapan"].isna().all()
    finally:
        con.close()


def test_a_wali_and_the_admin_judge_a_community_alike(store: TinyStore) -> None:
    """The data's reach is taken per kab/kota, so a wali's narrower view does not turn 'belum_aktif' into
    'menunggu' (or back): the same status and days for every community both see."""
    admin, wali = _hasil(store), _hasil(store, WALI_A)
    assert {k: (r["status"], r["hari_sampai_aktif"], r["batas_data"]) for k, r in wali.items()} == {
        k: (admin[k]["status"], admin[k]["hari_sampai_aktif"], admin[k]["batas_data"]) for k in wali}
    assert admin["H"]["batas_data"] == date(2022, 10, 15)  # 32.17's own data end there


def test_meeting_later_in_the_week_of_the_contact(store_template, tmp_path) -> None:
    """A week with activities before and after the contact (read from the weekly rollup first): the first one
    after it counts, to the day; a week with only earlier days and the contact's own day does not."""
    from tests.support import new_store

    def fill(con) -> None:
        add_komunitas(con, "I")
        add_komunitas(con, "J")
        for d in (10, 13, 14):  # Mon, Thu, Fri
            add_kegiatan(con, "I", date(2022, 10, d))
        for d in (10, 12):      # Mon and the contact's Wednesday only
            add_kegiatan(con, "J", date(2022, 10, d))
        add_kegiatan(con, "J", date(2022, 11, 30))  # long after: outside 3 weeks

    s = new_store(store_template, tmp_path).build(fill)
    try:
        _catat(s.path, ["I", "J"], date(2022, 10, 12), WALI_A)
        h = _hasil(s)
        assert (h["I"]["status"], h["I"]["bertemu_pada"], h["I"]["hari_sampai_aktif"]) == (
            "aktif_kembali", date(2022, 10, 13), 1)
        assert (h["J"]["status"], h["J"]["bertemu_pada"]) == ("belum_aktif", date(2022, 11, 30))
    finally:
        s.close()

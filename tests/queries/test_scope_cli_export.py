"""Region scope on every query, default_period, kabkota_options / data_info, the CLI and the exports."""
from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from queries.__main__ import main
from queries.export import to_csv_bytes, to_xlsx_bytes
from queries.runner import Filters, default_period, query_names, run_query
from queries.scope import ADMIN, Scope
from store.meta import set_meta
from tests.support import (
    ROOT,
    TinyStore,
    add_kegiatan,
    add_komunitas,
    add_refleksi,
    add_sekolah,
    module_store,
)

OLD = date(2023, 1, 2)
PERIOD = dict(dari=date(2024, 1, 1), sampai=date(2024, 2, 7))
WALI_73 = Scope(email="wali@bbgp.id", peran="wali_wilayah", kabkota=("32.73",))

USERS_TOML = """
[pengguna."wali@bbgp.id"]
peran = "wali_wilayah"
kabkota = ["32.73"]

[pengguna."pimpinan@bbgp.id"]
peran = "pimpinan"
"""


def fill(con) -> None:
    add_komunitas(con, "A", kode_kabkota="32.04", tanggal_terdaftar=OLD, nama_komunitas="=HYPERLINK(\"x\")")
    add_kegiatan(con, "A", date(2024, 1, 3), 60)
    add_kegiatan(con, "A", date(2024, 1, 10), 60)
    add_komunitas(con, "B", kode_kabkota="32.73", tanggal_terdaftar=OLD, jenis="dalam_sekolah", npsn="2")
    add_kegiatan(con, "B", date(2023, 12, 28), 30)
    add_kegiatan(con, "B", date(2024, 1, 9), None)
    add_komunitas(con, "C", kode_kabkota="32.73", tanggal_terdaftar=None)
    add_sekolah(con, "1", kode_kabkota="32.04")
    add_sekolah(con, "2", kode_kabkota="32.73")
    add_sekolah(con, "3", kode_kabkota="32.01")
    add_refleksi(con, "B", date(2024, 1, 20), periode="2024-01/02")
    set_meta(con, "data_contoh", "1")
    con.execute(
        "insert into berkas values ('kegiatan.csv', 'abc', 'kegiatan', 4, 4, 0, 0, timestamp '2024-06-01 08:00')"
    )


store = module_store(fill)


def test_every_query_runs_on_an_empty_store(tiny: TinyStore) -> None:
    tiny.build(lambda con: None)
    for name in query_names():
        df = run_query(tiny.con, name, Filters(**PERIOD))
        assert isinstance(df, pd.DataFrame), name
        assert len(df.columns) > 0, name


MINE = [
    "weekly_rule", "activity_frequency", "progress_kabkota", "weekly_grid", "weekly_trend",
    "weekly_rule_followup", "registrations_trend", "community_breakdown", "activity_breakdown",
    "activity_per_community", "headline", "kabkota_options", "data_info",
]


@pytest.mark.parametrize("name", MINE)
def test_restricted_scope_sees_exactly_its_kabkota(store: TinyStore, name: str) -> None:
    admin_73 = run_query(store.con, name, Filters(**PERIOD, kabkota=("32.73",)), ADMIN)
    wali = run_query(store.con, name, Filters(**PERIOD), WALI_73)
    pd.testing.assert_frame_equal(wali, admin_73)
    if "kode_kabkota" in wali.columns:
        assert set(wali.kode_kabkota) == {"32.73"}
    # asking for another kab/kota returns nothing (one-row summaries count nothing)
    other = run_query(store.con, name, Filters(**PERIOD, kabkota=("32.04",)), WALI_73)
    if name == "weekly_trend":
        assert (other.komunitas_dievaluasi == 0).all()
    elif name in ("headline", "data_info"):
        assert other.jumlah_komunitas.tolist() == [0]
    else:
        assert other.empty, name


def test_admin_sees_more_than_the_wali(store: TinyStore) -> None:
    assert set(store.run("weekly_rule", **PERIOD).kode_kabkota) == {"32.04", "32.73"}


def test_kabkota_options_and_data_info(store: TinyStore) -> None:
    opts = store.run("kabkota_options", **PERIOD)
    assert [tuple(r) for r in opts.itertuples(index=False)] == [
        ("32.01", "Kabupaten Bogor", "Jawa Barat"),
        ("32.04", "Kabupaten Bandung", "Jawa Barat"),
        ("32.73", "Kota Bandung", "Jawa Barat"),
    ]
    info = store.rows("data_info", key="jumlah_berkas", **PERIOD)[1]
    assert info["data_contoh"] is True and info["jumlah_komunitas"] == 3
    assert (info["tanggal_awal"].date(), info["tanggal_akhir"].date()) == (date(2023, 12, 28), date(2024, 1, 10))
    assert info["diperbarui_pada"]
    wali = run_query(store.con, "data_info", Filters(**PERIOD), WALI_73).iloc[0]
    assert wali.jumlah_komunitas == 2 and wali.tanggal_akhir.date() == date(2024, 1, 9)


def test_default_period(store: TinyStore) -> None:
    # first activity .. last Sunday on or before min(last activity, today)
    assert default_period(store.con, ADMIN, today=date(2024, 6, 1)) == (date(2023, 12, 28), date(2024, 1, 7))
    assert default_period(store.con, ADMIN, today=date(2024, 1, 9)) == (date(2023, 12, 28), date(2024, 1, 7))
    assert default_period(store.con, WALI_73, today=date(2024, 6, 1)) == (date(2023, 12, 28), date(2024, 1, 7))
    nobody_there = Scope(email="w@x.id", peran="wali_wilayah", kabkota=("32.01",))
    # no activity in scope: the 8 complete weeks before today (a Wednesday)
    assert default_period(store.con, nobody_there, today=date(2024, 2, 7)) == (date(2023, 12, 11), date(2024, 2, 4))


def test_default_period_when_all_activity_is_in_the_current_week(tiny: TinyStore) -> None:
    def fill_one(con) -> None:
        add_komunitas(con, "A", tanggal_terdaftar=OLD)
        add_kegiatan(con, "A", date(2024, 2, 6), 60)

    tiny.build(fill_one)
    assert default_period(tiny.con, ADMIN, today=date(2024, 2, 7)) == (date(2023, 12, 11), date(2024, 2, 4))


# --- exports ----------------------------------------------------------------------------------

def test_csv_bom_and_formula_neutralisation() -> None:
    df = pd.DataFrame({
        "nama": ["=SUM(A1:A2)", "+62 812", "-rapat", "@guru", "\tx", "\ry", "Kombel Ceria", None],
        "angka": [-5, 1, 2, 3, 4, 5, 6, 7],
        "persen": [-1.5, 0.0, None, 1.0, 2.0, 3.0, 4.0, 5.0],
    })
    data = to_csv_bytes(df)
    assert data.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", keep_default_na=False)
    assert list(back.columns) == ["nama", "angka", "persen"]
    assert back.nama.tolist()[:7] == ["'=SUM(A1:A2)", "'+62 812", "'-rapat", "'@guru", "'\tx", "'\ry", "Kombel Ceria"]
    assert "'=SUM(A1:A2),-5,-1.5\r\n" in data.decode("utf-8-sig")  # numbers untouched
    assert not to_csv_bytes(df, bom=False).startswith(b"\xef\xbb\xbf")


def test_xlsx_has_data_and_info_sheets_and_no_formulas() -> None:
    df = pd.DataFrame({"nama": ["=1+1", "Kombel"], "n": [1, 2], "minggu": pd.to_datetime(["2024-01-01", "2024-01-08"])})
    data = to_xlsx_bytes(df, {"periode": "2024-01-01 s.d. 2024-02-04", "lingkup": "admin"})
    sheets = pd.read_excel(io.BytesIO(data), sheet_name=None, engine="calamine")
    assert list(sheets) == ["data", "info"]
    assert sheets["data"].nama.tolist() == ["=1+1", "Kombel"]  # stored as text
    assert sheets["data"].minggu.tolist()[0] == pd.Timestamp("2024-01-01")
    assert dict(zip(sheets["info"].iloc[:, 0], sheets["info"].iloc[:, 1])) == {
        "periode": "2024-01-01 s.d. 2024-02-04", "lingkup": "admin",
    }
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert "<f>" not in z.read("xl/worksheets/sheet1.xml").decode()


# --- CLI ------------------------------------------------------------------------------------------

SPEC_COLUMNS = {
    "weekly_rule": "id_komunitas,nama_komunitas,jenis,kode_kabkota,kabkota,minggu_dievaluasi,minggu_terpenuhi,"
    "minggu_tanpa_durasi,persen_terpenuhi,memenuhi_aturan,minggu_beruntun,berisiko",
    "activity_frequency": "kode_kabkota,kabkota,bulan,jumlah_kegiatan,komunitas_aktif,"
    "rata_kegiatan_per_komunitas_aktif,total_durasi_menit",
    "progress_kabkota": "kode_kabkota,kabkota,kode_provinsi,provinsi,jumlah_komunitas,komunitas_dalam_sekolah,"
    "komunitas_antar_sekolah,komunitas_daring_pmm,terdaftar_pmm,komunitas_aktif_4_minggu,persen_aktif_4_minggu,"
    "rata_persen_terpenuhi,komunitas_memenuhi_aturan,sekolah_ikm,sekolah_ikm_dengan_kombel,persen_cakupan_ikm,"
    "jumlah_refleksi",
}
ARGS = ["--dari", "2024-01-01", "--sampai", "2024-02-07"]


@pytest.mark.parametrize("name", sorted(SPEC_COLUMNS))
def test_cli_spec_outputs_columns_in_order(store: TinyStore, name: str, capsysbinary) -> None:
    assert main([name, "--db", str(store.path), *ARGS]) == 0
    out = capsysbinary.readouterr().out.decode("utf-8")
    assert out.splitlines()[0] == SPEC_COLUMNS[name]
    assert len(out.splitlines()) > 1


def test_cli_csv_and_xlsx_files(store: TinyStore, tmp_path: Path) -> None:
    csv_path, xlsx_path = tmp_path / "aturan.csv", tmp_path / "aturan.xlsx"
    assert main(["weekly_rule", "--db", str(store.path), *ARGS, "--out", str(csv_path)]) == 0
    raw = csv_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert "'=HYPERLINK" in raw.decode("utf-8-sig")
    assert main(["weekly_rule", "--db", str(store.path), *ARGS, "--kabkota", "32.73", "--out", str(xlsx_path)]) == 0
    sheets = pd.read_excel(xlsx_path, sheet_name=None, engine="calamine")
    assert list(sheets["data"].columns) == SPEC_COLUMNS["weekly_rule"].split(",")
    assert sheets["data"].id_komunitas.tolist() == ["B", "C"]
    info = dict(zip(sheets["info"].iloc[:, 0], sheets["info"].iloc[:, 1]))
    assert info["periode"] == "2024-01-01 s.d. 2024-02-07"
    assert "32.73" in info["filter"] and "admin" in info["lingkup"]


def test_cli_sebagai_applies_the_users_scope(store: TinyStore, tmp_path: Path, capsysbinary) -> None:
    users = tmp_path / "pengguna.toml"
    users.write_text(USERS_TOML, encoding="utf-8")
    common = ["weekly_rule", "--db", str(store.path), *ARGS, "--pengguna-file", str(users)]
    assert main([*common, "--sebagai", "WALI@bbgp.id"]) == 0
    wali = pd.read_csv(io.BytesIO(capsysbinary.readouterr().out))
    assert wali.id_komunitas.tolist() == ["B", "C"]
    assert main([*common, "--sebagai", "wali@bbgp.id", "--kabkota", "32.04"]) == 0
    assert pd.read_csv(io.BytesIO(capsysbinary.readouterr().out)).empty
    assert main([*common, "--sebagai", "pimpinan@bbgp.id"]) == 0
    assert len(pd.read_csv(io.BytesIO(capsysbinary.readouterr().out))) == 3
    assert main([*common, "--sebagai", "orang.lain@bbgp.id"]) == 1
    assert "tidak terdaftar" in capsysbinary.readouterr().err.decode()


def test_cli_default_period_and_errors(store: TinyStore, tmp_path: Path, capsysbinary) -> None:
    assert main(["data_info", "--db", str(store.path)]) == 0
    capsysbinary.readouterr()
    assert main(["tidak_ada", "--db", str(store.path)]) == 2
    err = capsysbinary.readouterr().err.decode()
    assert "tidak dikenal" in err and "weekly_rule" in err
    assert main(["weekly_rule", "--db", str(tmp_path / "hilang.duckdb")]) == 1
    assert "tidak ditemukan" in capsysbinary.readouterr().err.decode()
    assert main(["weekly_rule", "--db", str(store.path), "--out", str(tmp_path / "x.pdf")]) == 2
    assert main(["weekly_rule", "--db", str(store.path), "--dari", "2024-03-01", "--sampai", "2024-02-01"]) == 2
    with pytest.raises(SystemExit) as exc:
        main(["weekly_rule", "--db", str(store.path), "--dari", "31/01/2024"])
    assert exc.value.code == 2
    assert "tidak valid" in capsysbinary.readouterr().err.decode()


def test_cli_as_a_module(store: TinyStore) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "queries", "progress_kabkota", "--db", str(store.path), *ARGS],
        cwd=ROOT, capture_output=True, check=False,
    )
    assert result.returncode == 0, result.stderr.decode()
    lines = result.stdout.decode("utf-8").splitlines()
    assert lines[0] == SPEC_COLUMNS["progress_kabkota"]
    assert [line.split(",")[0] for line in lines[1:]] == ["32.01", "32.04", "32.73"]


def test_queries_never_import_streamlit() -> None:
    code = "import sys, queries.__main__, queries.export, queries.runner; print('streamlit' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"

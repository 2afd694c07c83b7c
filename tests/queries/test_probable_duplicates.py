"""probable_duplicates (issue 13.6) on real exports loaded through the loader (tests/fixtures/duplikat): which
communities are listed as one community under several ids, which id is proposed to keep, and the region
scope."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from data_loaders.load import Source, load_files
from queries.runner import Filters, run_query
from queries.scope import ADMIN, Scope
from store.database import open_readonly
from tests.fixtures.duplikat import loaded

AGUSTUS = Filters(date(2022, 8, 1), date(2022, 8, 28))
WALI_KOTA = Scope("wali.kota@upt.id", "wali_wilayah", ("32.73",))
WALI_BOGOR = Scope("wali.bogor@upt.id", "wali_wilayah", ("32.01",))


@pytest.fixture(scope="module")
def store(store_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return loaded(store_template, tmp_path_factory.mktemp("duplikat"))


def duplicates(path: Path, scope: Scope = ADMIN, filters: Filters = AGUSTUS) -> pd.DataFrame:
    con = open_readonly(path)
    try:
        return run_query(con, "probable_duplicates", filters, scope)
    finally:
        con.close()


def groups(df: pd.DataFrame) -> dict[str, list[str]]:
    """kept id -> every id of its group, kept first."""
    return {str(k): list(g["id_komunitas"]) for k, g in df.groupby("id_dipertahankan")}


def test_same_name_and_same_school_are_listed_with_the_id_to_keep(store: Path) -> None:
    df = duplicates(store)
    assert groups(df) == {"D1": ["D1", "D2"], "D4": ["D4", "D3"], "D10": ["D10", "D9"]}
    rows = df.set_index("id_komunitas")
    # Case, spaces and punctuation: D1 has 3 activities, D2 2 (its 23 Aug one is the last).
    assert rows.loc["D2", "nama_komunitas"] == "kkg  gugus 3 SOREANG."
    assert (rows.loc["D1", "jumlah_kegiatan"], rows.loc["D2", "jumlah_kegiatan"]) == (3, 2)
    assert rows.loc["D2", "kegiatan_terakhir"].date() == date(2022, 8, 23)
    assert rows.loc["D1", "dasar"] == "Nama sama di kab/kota yang sama"
    # The 'Komunitas Belajar'/'Kombel' prefix, and the same school: listed once with both reasons.
    assert rows.loc["D3", "dasar"] == rows.loc["D4", "dasar"] == "Nama sama di kab/kota yang sama; sekolah sama"
    assert (rows.loc["D4", "jumlah_kegiatan"], rows.loc["D3", "jumlah_kegiatan"]) == (2, 1)
    # Same school, different names, one activity each: the older registration (D10, 3 Aug) is kept.
    assert rows.loc["D9", "dasar"] == "Sekolah sama (komunitas dalam sekolah)"
    assert rows.loc["D9", "npsn"] == rows.loc["D10", "npsn"] == "20219001"
    assert list(rows.loc[["D9", "D10"], "tanggal_terdaftar"].dt.date) == [date(2022, 8, 5), date(2022, 8, 3)]
    assert df["dipertahankan"].tolist() == [True, False] * 3
    # The surest first: same name and school, then same name, then same school.
    assert df["id_komunitas"].tolist() == ["D4", "D3", "D1", "D2", "D10", "D9"]
    assert df["no_kelompok"].tolist() == [1, 1, 2, 2, 3, 3]


def test_different_numbers_places_or_between_school_hosts_are_not_listed(store: Path) -> None:
    listed = set(duplicates(store)["id_komunitas"])
    assert not listed & {"D5", "D6"}    # KKG Gugus 1 vs KKG Gugus 2
    assert not listed & {"D7", "D8"}    # the same name in Kota Bandung and Kab. Bogor
    assert not listed & {"D11", "D12"}  # two between-school communities hosted by one school


def test_more_activities_win_over_the_older_registration(store_template: Path, tmp_path: Path) -> None:
    # One more activity for D9: now it has more than D10 and is kept, though registered later.
    path = loaded(store_template, tmp_path)
    extra = tmp_path / "kegiatan_d9.csv"
    extra.write_text("ID Komunitas;Tanggal;Durasi (menit);Topik\nD9;20/08/2022;60;Menulis cerita\n", encoding="utf-8")
    load_files(path, [Source.from_path(extra)])
    assert groups(duplicates(path))["D9"] == ["D9", "D10"]


def test_region_scope(store: Path) -> None:
    assert groups(duplicates(store, WALI_KOTA)) == {"D10": ["D10", "D9"]}
    assert duplicates(store, WALI_BOGOR).empty
    assert set(groups(duplicates(store, filters=Filters(AGUSTUS.dari, AGUSTUS.sampai, kabkota=("32.04",))))) == {
        "D1", "D4"}


@pytest.fixture
def cross_border(store_template: Path, tmp_path: Path) -> Iterator[Path]:
    """Two in-school communities of one school, one placed in Kab. Bandung, the other in Kota Bandung."""
    path = loaded(store_template, tmp_path)
    twin = tmp_path / "komunitas_kembar.csv"
    twin.write_text("ID Komunitas;Nama Komunitas;Jenis Komunitas;NPSN;Kabupaten/Kota;Jenjang\n"
                    "D13;Kombel Sekolah Ceria Baru;Komunitas Belajar Dalam Sekolah;20219002;Kab. Bandung;SD\n"
                    "D14;Kombel Harapan;Komunitas Belajar Dalam Sekolah;20219002;Kota Bandung;SD\n", encoding="utf-8")
    load_files(path, [Source.from_path(twin)])
    yield path


def test_a_group_across_the_scope_border_is_not_shown_to_a_wali(cross_border: Path) -> None:
    assert groups(duplicates(cross_border))["D13"] == ["D13", "D14"]  # D13 < D14, neither has an activity
    assert set(groups(duplicates(cross_border, WALI_KOTA))) == {"D10"}

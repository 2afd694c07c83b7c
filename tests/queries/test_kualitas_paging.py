"""probable_duplicates_halaman (issue 19 item 1): Kualitas Data reads one page of duplicate groups and the list's
totals in one query. The pages, read one after another, are exactly probable_duplicates (rows, columns, order),
for an admin, a kab/kota filter and a wali wilayah; a page past the end is empty. kualitas_kelengkapan's counts
are the lengths of the lists a download gives."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from queries.runner import Filters, run_query
from queries.scope import ADMIN, Scope
from store.database import open_readonly
from tests.fixtures.duplikat_banyak import GROUPS, loaded

AGUSTUS = Filters(date(2022, 8, 1), date(2022, 8, 28))
WALI_KOTA = Scope("wali.kota@upt.id", "wali_wilayah", ("32.73",))
UKURAN = 20


@pytest.fixture(scope="module")
def store(store_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return loaded(store_template, tmp_path_factory.mktemp("ganda_banyak"))


def run(path: Path, name: str, scope: Scope, filters: Filters, extra: dict | None = None) -> pd.DataFrame:
    con = open_readonly(path)
    try:
        return run_query(con, name, filters, scope, extra)
    finally:
        con.close()


@pytest.mark.parametrize(("scope", "filters"), [(ADMIN, AGUSTUS), (ADMIN, Filters(AGUSTUS.dari, AGUSTUS.sampai,
                                                                                     ("32.04",))),
                                                (WALI_KOTA, AGUSTUS)], ids=["admin", "kabkota", "wali"])
def test_pages_read_in_turn_are_the_whole_list(store: Path, scope: Scope, filters: Filters) -> None:
    full = run(store, "probable_duplicates", scope, filters)
    assert full["no_kelompok"].nunique() > UKURAN  # more than one page
    pages = []
    for dari in range(1, int(full["no_kelompok"].max()) + 1, UKURAN):
        page = run(store, "probable_duplicates_halaman", scope, filters,
                   {"kelompok_dari": dari, "kelompok_sampai": dari + UKURAN - 1})
        assert set(page["no_kelompok"]) == set(range(dari, min(dari + UKURAN, full["no_kelompok"].max() + 1)))
        assert set(page["jumlah_kelompok"]) == {full["no_kelompok"].nunique()}
        assert set(page["jumlah_baris"]) == {len(full)}
        pages.append(page.drop(columns=["jumlah_kelompok", "jumlah_baris"]))
    pd.testing.assert_frame_equal(pd.concat(pages, ignore_index=True), full)


def test_every_group_counted_and_a_page_past_the_end_is_empty(store: Path) -> None:
    first = run(store, "probable_duplicates_halaman", ADMIN, AGUSTUS)  # defaults: the first 20 groups
    assert first["jumlah_kelompok"].iloc[0] == GROUPS
    assert first["no_kelompok"].tolist() == sorted(first["no_kelompok"]) and first["no_kelompok"].max() == UKURAN
    past = run(store, "probable_duplicates_halaman", ADMIN, AGUSTUS, {"kelompok_dari": GROUPS + 1,
                                                                       "kelompok_sampai": GROUPS + UKURAN})
    assert past.empty
    wali = run(store, "probable_duplicates_halaman", WALI_KOTA, AGUSTUS, {"kelompok_dari": 1, "kelompok_sampai": 99})
    assert set(wali["kabkota"]) == {"Kota Bandung"} and wali["jumlah_kelompok"].iloc[0] == 1 + 16 + 4


def test_completeness_counts_are_the_lists_lengths(store: Path) -> None:
    counts = run(store, "kualitas_kelengkapan", ADMIN, AGUSTUS)
    assert len(counts) == 4 and counts["jumlah"].sum() > 0
    for r in counts.itertuples():
        rows = run(store, "kualitas_kelengkapan_rincian", ADMIN, AGUSTUS, {"indikator": r.indikator})
        assert len(rows) == r.jumlah, r.indikator

"""Eligibility (METRICS §7) and the "aktif belajar dan berbagi" ranking on the fixture files, hand-checked."""
from __future__ import annotations

import pytest

from queries.runner import Filters, run_query
from queries.scope import ADMIN, Scope
from store.database import open_readonly
from tests.fixtures.penggerak import BOBOT_SAMA, DARI, SAMPAI

WALI_KAB_BANDUNG = Scope(email="wali@upt.id", peran="wali_wilayah", kabkota=("32.04",))
WALI_KOTA_BANDUNG = Scope(email="wali2@upt.id", peran="wali_wilayah", kabkota=("32.73",))


@pytest.fixture
def read(penggerak_store):
    """Open the penggerak fixture store read-only for the duration of one check (the caller closes it)."""
    return lambda: open_readonly(penggerak_store)


def query(read, name, scope=ADMIN, extra=None, **filters):
    con = read()
    try:
        df = run_query(con, name, Filters(DARI, SAMPAI, **filters), scope, extra)
    finally:
        con.close()
    return df


def by_email(df):
    return {r["penggerak_email"]: r for r in df.to_dict("records")}


def test_eligibility_rules(read) -> None:
    rows = by_email(query(read, "penggerak_eligibility"))
    assert set(rows) == {"ani@guru.sd.belajar.id", "budi@guru.smp.belajar.id", "citra@guru.sd.belajar.id",
                         "eka@guru.sd.belajar.id"}  # K4 has no penggerak email: nobody to list
    ani, budi, citra, eka = (rows[e] for e in ("ani@guru.sd.belajar.id", "budi@guru.smp.belajar.id",
                                               "citra@guru.sd.belajar.id", "eka@guru.sd.belajar.id"))
    # Ani: belajar.id + Kurikulum Merdeka + Perencanaan + Asesmen Awal.
    assert (ani["jumlah_topik"], ani["layak_daftar_pmm"], ani["memenuhi_kriteria_umum"]) == (3, True, True)
    assert ani["kekurangan"] == "Tidak ada"
    assert ani["komunitas_dipimpin"] == "KKG Gugus 1 Soreang"
    # Budi: only Pembelajaran Berdiferensiasi -> neither criterion; every gap named.
    assert (budi["jumlah_topik"], budi["layak_daftar_pmm"], budi["memenuhi_kriteria_umum"]) == (1, False, False)
    assert budi["kekurangan"] == (
        "belum Aksi Nyata topik Kurikulum Merdeka (syarat daftar PMM); "
        "belum Aksi Nyata topik Perencanaan Pembelajaran (syarat daftar PMM); "
        "kurang 1 topik Pelatihan Mandiri lagi untuk kriteria umum (minimal 2 dari 4)")
    # Citra: both PMM topics but no belajar.id account; no own kab/kota -> placed by her community (Kota Bandung).
    assert (citra["layak_daftar_pmm"], citra["memenuhi_kriteria_umum"]) == (False, True)
    assert citra["kekurangan"] == "belum punya akun belajar.id"
    assert citra["kode_kabkota"] == "32.73"
    # Eka leads no community but is in the list (own kab/kota).
    assert (eka["jumlah_komunitas"], eka["memenuhi_kriteria_umum"], eka["layak_daftar_pmm"]) == (0, True, False)


def test_eligibility_scope_places_penggerak(read) -> None:
    assert set(query(read, "penggerak_eligibility", WALI_KAB_BANDUNG)["penggerak_nama"]) == {
        "Ani Rahmawati", "Budi Santoso"}
    assert set(query(read, "penggerak_eligibility", WALI_KOTA_BANDUNG)["penggerak_nama"]) == {
        "Citra Lestari", "Eka Putri"}
    # jenis filter: only penggerak leading a community of that jenis
    assert list(query(read, "penggerak_eligibility", jenis="dalam_sekolah")["penggerak_nama"]) == ["Citra Lestari"]


def test_ranking_components_and_scores(read) -> None:
    df = query(read, "penggerak_ranking", extra=BOBOT_SAMA)
    assert list(df["penggerak_nama"]) == ["Ani Rahmawati", "Citra Lestari", "Budi Santoso", "Eka Putri"]
    rows = by_email(df)
    ani, budi, citra = (rows[e] for e in ("ani@guru.sd.belajar.id", "budi@guru.smp.belajar.id",
                                          "citra@guru.sd.belajar.id"))
    # The quarantined rows (misspelt kab/kota, unknown community, unreadable date) count nowhere.
    assert (ani["kegiatan_difasilitasi"], ani["kegiatan_berbagi"], ani["rata_persen_terpenuhi"],
            ani["kegiatan_upt_dihadiri"], ani["kegiatan_setelah_luring"], ani["sudah_mengimbaskan"]) == (
        4, 2, 100.0, 4, 2, True)
    # Budi attended the offline upgrading (12 Aug) but his community met only before it: no pengimbasan yet.
    assert (budi["kegiatan_difasilitasi"], budi["kegiatan_berbagi"], budi["rata_persen_terpenuhi"],
            budi["kegiatan_upt_dihadiri"], budi["kegiatan_setelah_luring"], budi["sudah_mengimbaskan"]) == (
        2, 0, 50.0, 2, 0, False)
    assert ani["skor"] == 100.0 and budi["skor"] == 30.0 and citra["skor"] == 40.0
    assert rows["eka@guru.sd.belajar.id"]["skor"] == 0.0


def test_ranking_worked_example_with_weights(read) -> None:
    """Citra Lestari, period 1-28 Aug 2022, weights kegiatan 2 and the others 1.

    Her community Kombel SDN 1 Coblong (dalam_sekolah) met on 4 Aug (60 min), 11 Aug (30 min: below the
    in-school hour, week missed) and 18 Aug (60 min, berbagi praktik baik), nothing in the 4th week:
      kegiatan 3 / max 4 (Ani)          -> n_kegiatan = 0.75
      berbagi 1 / max 2 (Ani)           -> n_berbagi  = 0.5
      weekly rule 2 of 4 weeks = 50 %   -> n_aturan   = 0.5
      UPT events 1 (daring) / max 4     -> n_upt      = 0.25
      no offline upgrading attended     -> n_pengimbasan = 0
    skor = 100 x (2 x 0.75 + 0.5 + 0.5 + 0.25 + 0) / (2 + 1 + 1 + 1 + 1) = 100 x 2.75 / 6 = 45.8
    """
    bobot = BOBOT_SAMA | {"bobot_kegiatan": 2.0}
    rows = by_email(query(read, "penggerak_ranking", extra=bobot))
    citra = rows["citra@guru.sd.belajar.id"]
    assert (citra["n_kegiatan"], citra["n_berbagi"], citra["n_aturan"], citra["n_upt"], citra["n_pengimbasan"]) == (
        0.75, 0.5, 0.5, 0.25, 0.0)
    assert citra["skor"] == 45.8
    assert rows["budi@guru.smp.belajar.id"]["skor"] == pytest.approx(33.3)  # 100 x 2 / 6
    assert citra["peringkat"] == 2


def test_ranking_scope_normalises_within_region(read) -> None:
    df = query(read, "penggerak_ranking", WALI_KOTA_BANDUNG, extra=BOBOT_SAMA)
    assert set(df["penggerak_nama"]) == {"Citra Lestari", "Eka Putri"}
    citra = by_email(df)["citra@guru.sd.belajar.id"]
    # Citra now holds every maximum of her region: 100 x (1 + 1 + 0.5 + 1 + 0) / 5 = 70
    assert citra["skor"] == 70.0


def test_ranking_all_weights_zero_gives_no_score(read) -> None:
    df = query(read, "penggerak_ranking", extra={k: 0.0 for k in BOBOT_SAMA})
    assert df["skor"].isna().all()


def test_default_weights_are_equal(read) -> None:
    """Without weights (CLI, snapshot) the ranking uses the declared defaults: 1 each."""
    assert query(read, "penggerak_ranking").equals(query(read, "penggerak_ranking", extra=BOBOT_SAMA))

"""weekly_rule, weekly_grid and weekly_trend against hand-checked values (METRICS §3).

Calendar: 2024-01-01 is a Monday. W1 = Jan 1–7, W2 = Jan 8–14, W3 = Jan 15–21, W4 = Jan 22–28,
W5 = Jan 29–Feb 4, W6 = Feb 5–11. The period ends on Wednesday Feb 7, so W6 is not evaluated.
"""
from __future__ import annotations

from datetime import date, timedelta

from tests.support import TinyStore, add_kegiatan, add_komunitas, module_store

DARI = date(2024, 1, 1)
SAMPAI = date(2024, 2, 7)
OLD = date(2023, 1, 2)  # registered long before the period


def week(n: int, day: int = 0) -> date:
    """Monday of week n (+ day) in the calendar above."""
    return date(2024, 1, 1) + timedelta(weeks=n - 1, days=day)


def fill(con) -> None:
    # A: registered Wednesday of W2; the Monday activity before registration counts for W2.
    add_komunitas(con, "A", tanggal_terdaftar=week(2, 2))
    for d in (week(2), week(3, 4), week(4, 6), week(5, 1)):
        add_kegiatan(con, "A", d, 90)
    # B: unknown registration, first activity ever in December (before dari) -> starts at W1.
    add_komunitas(con, "B", tanggal_terdaftar=None)
    for d in (date(2023, 12, 20), week(1, 3), week(3)):
        add_kegiatan(con, "B", d, 30)
    # B2: unknown registration, first activity in W3 -> starts at W3 (2 of 3 weeks met).
    add_komunitas(con, "B2", tanggal_terdaftar=None)
    add_kegiatan(con, "B2", week(3, 2), None)
    add_kegiatan(con, "B2", week(5, 5), None)
    # C: in-school, the 60-minute rule.
    add_komunitas(con, "C", jenis="dalam_sekolah", tanggal_terdaftar=OLD, npsn="20200001")
    add_kegiatan(con, "C", week(1, 1), 45)   # 45 + 45 = 90 -> met
    add_kegiatan(con, "C", week(1, 3), 45)
    add_kegiatan(con, "C", week(2, 1), 45)   # 45 alone -> missed
    add_kegiatan(con, "C", week(3, 1), None)  # only unknown durations -> met, without duration
    add_kegiatan(con, "C", week(3, 2), None)
    add_kegiatan(con, "C", week(4, 1), 30)   # 30 known + unknown -> 30 < 60 -> missed
    add_kegiatan(con, "C", week(4, 2), None)
    add_kegiatan(con, "C", week(5, 6), 60)   # exactly 60 -> met
    # D: never a known duration; activity in W6 (after the last complete week) is ignored.
    add_komunitas(con, "D", tanggal_terdaftar=OLD, jenis="daring_pmm")
    for n in range(1, 7):
        add_kegiatan(con, "D", week(n, 2), None)
    # E: no activity at all, unknown registration -> starts at dari.
    add_komunitas(con, "E", tanggal_terdaftar=None)
    # F: registered after sampai -> absent from every output.
    add_komunitas(con, "F", tanggal_terdaftar=date(2024, 2, 10))
    add_kegiatan(con, "F", week(2), 60)
    # G: registered on the Monday of W6 (<= sampai) -> in scope, no evaluated week.
    add_komunitas(con, "G", tanggal_terdaftar=week(6))
    add_kegiatan(con, "G", week(6), 60)
    # G2: registered in W5, the only evaluated week, missed.
    add_komunitas(con, "G2", tanggal_terdaftar=week(5, 2))
    # I: met W4, missed W5 -> streak 0 but not at risk (only one of the last two missed).
    add_komunitas(con, "I", tanggal_terdaftar=OLD)
    add_kegiatan(con, "I", week(4), 10)
    # H1 / H2: for the holiday tests (W4 holiday).
    add_komunitas(con, "H1", tanggal_terdaftar=OLD)
    for n in (1, 2, 3, 5):
        add_kegiatan(con, "H1", week(n), 60)
    add_komunitas(con, "H2", tanggal_terdaftar=OLD)
    for n in (1, 2, 4):
        add_kegiatan(con, "H2", week(n), 60)


COLS = [
    "minggu_dievaluasi", "minggu_terpenuhi", "minggu_tanpa_durasi", "persen_terpenuhi",
    "memenuhi_aturan", "minggu_beruntun", "berisiko",
]

# id: (dievaluasi, terpenuhi, tanpa_durasi, persen, memenuhi (ambang 100), beruntun, berisiko)
EXPECTED = {
    "A": (4, 4, 0, 100.0, True, 4, False),
    "B": (5, 2, 0, 40.0, False, 0, True),
    "B2": (3, 2, 2, 66.7, False, 1, False),
    "C": (5, 3, 1, 60.0, False, 1, False),
    "D": (5, 5, 5, 100.0, True, 5, False),
    "E": (5, 0, 0, 0.0, False, 0, True),
    "G": (0, 0, 0, None, None, 0, False),
    "G2": (1, 0, 0, 0.0, False, 0, True),
    "I": (5, 1, 0, 20.0, False, 0, False),
    "H1": (5, 4, 0, 80.0, False, 1, False),
    "H2": (5, 3, 0, 60.0, False, 0, False),
}


store = module_store(fill)


def as_tuple(row: dict) -> tuple:
    return tuple(row[c] for c in COLS)


def test_columns_in_order(store: TinyStore) -> None:
    df = store.run("weekly_rule", dari=DARI, sampai=SAMPAI)
    assert list(df.columns) == [
        "id_komunitas", "nama_komunitas", "jenis", "kode_kabkota", "kabkota", "minggu_dievaluasi",
        "minggu_terpenuhi", "minggu_tanpa_durasi", "persen_terpenuhi", "memenuhi_aturan",
        "minggu_beruntun", "berisiko",
    ]


def test_every_edge_case(store: TinyStore) -> None:
    rows = store.rows("weekly_rule", dari=DARI, sampai=SAMPAI)
    assert "F" not in rows  # registered after sampai
    assert {k: as_tuple(v) for k, v in rows.items()} == EXPECTED
    assert rows["A"]["kabkota"] == "Kabupaten Bandung"


def test_period_ending_on_sunday_equals_period_ending_mid_week(store: TinyStore) -> None:
    on_sunday = store.rows("weekly_rule", dari=DARI, sampai=date(2024, 2, 4))
    mid_week = store.rows("weekly_rule", dari=DARI, sampai=SAMPAI)
    # identical except G, registered on Feb 5: after a Sunday Feb 4 end it is not in scope
    del mid_week["G"]
    assert on_sunday == mid_week
    # One day later the week of Feb 5–11 is complete: D meets it too, G gets its first week.
    rows = store.rows("weekly_rule", dari=DARI, sampai=date(2024, 2, 11))
    assert as_tuple(rows["D"]) == (6, 6, 6, 100.0, True, 6, False)
    assert as_tuple(rows["G"]) == (1, 1, 0, 100.0, True, 1, False)


def test_threshold_below_100(store: TinyStore) -> None:
    rows = store.rows("weekly_rule", dari=DARI, sampai=SAMPAI, ambang=60.0)
    met = {k for k, r in rows.items() if r["memenuhi_aturan"]}
    assert met == {"A", "B2", "C", "D", "H1", "H2"}  # 60 % exactly meets a 60 % threshold
    assert rows["G"]["memenuhi_aturan"] is None


def test_holiday_week_is_excluded_and_skipped_by_the_streak(store: TinyStore) -> None:
    # The holiday may be given by any day of its week.
    rows = store.rows("weekly_rule", dari=DARI, sampai=SAMPAI, libur=(week(4, 2),))
    assert as_tuple(rows["H1"]) == (4, 4, 0, 100.0, True, 4, False)
    # H2's activity in the holiday week does not count; W3 and W5 are its last two weeks.
    assert as_tuple(rows["H2"]) == (4, 2, 0, 50.0, False, 0, True)
    # I was only met in the holiday week: last two evaluated weeks (W3, W5) missed.
    assert as_tuple(rows["I"]) == (4, 0, 0, 0.0, False, 0, True)


def test_holiday_weeks_only_means_nothing_evaluated(tiny: TinyStore) -> None:
    def fill_one(con) -> None:
        add_komunitas(con, "X", tanggal_terdaftar=week(5))
        add_kegiatan(con, "X", week(5), 60)

    tiny.build(fill_one)
    rows = tiny.rows("weekly_rule", dari=DARI, sampai=SAMPAI, libur=(week(5),))
    assert as_tuple(rows["X"]) == (0, 0, 0, None, None, 0, False)


def test_rounding_half_away_from_zero(tiny: TinyStore) -> None:
    # 1 of 16 weeks = 6.25 % -> 6.3 (half-to-even would give 6.2); 5 of 16 = 31.25 -> 31.3.
    def fill_r(con) -> None:
        add_komunitas(con, "R1", tanggal_terdaftar=OLD)
        add_kegiatan(con, "R1", week(16), 60)
        add_komunitas(con, "R5", tanggal_terdaftar=OLD)
        for n in (1, 2, 3, 15, 16):
            add_kegiatan(con, "R5", week(n), 60)

    tiny.build(fill_r)
    rows = tiny.rows("weekly_rule", dari=DARI, sampai=date(2024, 4, 21))
    assert as_tuple(rows["R1"]) == (16, 1, 0, 6.3, False, 1, False)
    assert as_tuple(rows["R5"]) == (16, 5, 0, 31.3, False, 2, False)
    # the threshold compares the unrounded ratio: 31.25 < 31.3
    rows = tiny.rows("weekly_rule", dari=DARI, sampai=date(2024, 4, 21), ambang=31.3)
    assert rows["R5"]["memenuhi_aturan"] is False


def test_filters_jenis_and_jenjang(store: TinyStore) -> None:
    rows = store.rows("weekly_rule", dari=DARI, sampai=SAMPAI, jenis="dalam_sekolah")
    assert set(rows) == {"C"}
    assert store.run("weekly_rule", dari=DARI, sampai=SAMPAI, jenjang="SMA").empty


def test_weekly_grid_statuses(store: TinyStore) -> None:
    df = store.run("weekly_grid", dari=DARI, sampai=SAMPAI, libur=(week(4),))
    assert list(df.columns) == [
        "id_komunitas", "nama_komunitas", "kode_kabkota", "kabkota", "minggu", "status",
        "jumlah_kegiatan", "total_durasi_menit",
    ]
    c = df[df.id_komunitas == "C"]
    assert [d.date() for d in c.minggu] == [week(n) for n in range(1, 6)]
    assert list(c.status) == [
        "terpenuhi", "tidak_terpenuhi", "terpenuhi_tanpa_durasi", "libur", "terpenuhi",
    ]
    assert list(c.jumlah_kegiatan) == [2, 1, 2, 2, 1]
    assert list(c.total_durasi_menit) == [90, 45, 0, 30, 60]
    # weeks run first..last per community: A from W2, G (no evaluated week) and F absent
    assert [d.date() for d in df[df.id_komunitas == "A"].minggu] == [week(n) for n in range(2, 6)]
    assert not df.id_komunitas.isin(["F", "G"]).any()


def test_weekly_trend(store: TinyStore) -> None:
    df = store.run("weekly_trend", dari=DARI, sampai=SAMPAI, libur=(week(4),))
    assert list(df.columns) == ["minggu", "komunitas_dievaluasi", "komunitas_terpenuhi", "persen_terpenuhi"]
    got = {r.minggu.date(): (r.komunitas_dievaluasi, r.komunitas_terpenuhi, r.persen_terpenuhi)
           for r in df.itertuples()}
    # W1: B C D E H1 H2 I (7); met B C D H1 H2 = 5 -> 71.4
    # W2: + A = 8; met A D H1 H2 = 4 (C had 45 minutes) -> 50.0
    # W3: + B2 = 9; met A B C B2 D H1 = 6 -> 66.7 ; W4 is a holiday: omitted
    # W5: + G2 = 10; met A B2 C D H1 = 5 -> 50.0
    assert got == {
        week(1): (7, 5, 71.4),
        week(2): (8, 4, 50.0),
        week(3): (9, 6, 66.7),
        week(5): (10, 5, 50.0),
    }


def test_weekly_trend_week_without_communities_has_null_percent(tiny: TinyStore) -> None:
    tiny.build(lambda con: add_komunitas(con, "A", tanggal_terdaftar=week(2)))
    df = tiny.run("weekly_trend", dari=DARI, sampai=date(2024, 1, 14))
    assert df.komunitas_dievaluasi.tolist() == [0, 1]
    assert df.persen_terpenuhi.isna().tolist() == [True, False]


def test_followup_adds_contact_and_last_activity_ever(tiny: TinyStore) -> None:
    def fill_f(con) -> None:
        add_komunitas(con, "A", tanggal_terdaftar=OLD, penggerak_nama="Siti Aminah",
                      penggerak_email="siti@guru.sd.belajar.id")
        add_kegiatan(con, "A", week(2), 60)
        add_kegiatan(con, "A", date(2024, 5, 2), 60)  # after the period: still the last activity
        add_komunitas(con, "Z", tanggal_terdaftar=OLD)

    tiny.build(fill_f)
    df = tiny.run("weekly_rule_followup", dari=DARI, sampai=SAMPAI)
    rule = tiny.run("weekly_rule", dari=DARI, sampai=SAMPAI)
    assert list(df.columns) == list(rule.columns) + ["penggerak_nama", "penggerak_email", "kegiatan_terakhir",
                                                     "bertemu_lagi_pada"]
    by_id = ["id_komunitas"]  # the follow-up list has its own order (silent at-risk first)
    assert df[list(rule.columns)].sort_values(by_id, ignore_index=True).equals(
        rule.sort_values(by_id, ignore_index=True))
    rows = tiny.rows("weekly_rule_followup", dari=DARI, sampai=SAMPAI)
    assert rows["A"]["penggerak_email"] == "siti@guru.sd.belajar.id"
    assert rows["A"]["kegiatan_terakhir"].date() == date(2024, 5, 2)
    assert rows["Z"]["kegiatan_terakhir"] is None


def test_period_of_decades_counts_the_streak_and_every_week(tiny: TinyStore) -> None:
    # A typo dated 2001 stretches the default period to 24 years (> the 1,044 weeks the streak keeps).
    def fill(con) -> None:
        add_komunitas(con, "A")
        add_kegiatan(con, "A", date(2001, 3, 5), 60)
        for w in range(10):
            add_kegiatan(con, "A", date(2024, 10, 21) + timedelta(weeks=w), 60)

    tiny.build(fill)
    row = tiny.run("weekly_rule", dari=date(2001, 3, 5), sampai=date(2024, 12, 29)).iloc[0]
    weeks = (date(2024, 12, 23) - date(2001, 3, 5)).days // 7 + 1
    assert (row.minggu_dievaluasi, row.minggu_terpenuhi, row.minggu_beruntun, row.berisiko) == (weeks, 11, 10, False)

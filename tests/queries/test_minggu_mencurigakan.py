"""minggu_mencurigakan: the complete weeks in which far fewer communities met than usual (docs/ATURAN.md,
"Minggu libur"): below half the median of the period's other evaluated weeks and at least 10 points below it.

Calendar: 2024-01-01 is a Monday; week n (1-based) starts on MONDAY + 7(n-1). Each store holds ten communities
registered long before; `counts[i]` of them meet (one activity, Wednesday) in week i + 1.
"""
from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from queries.runner import Filters, run_query
from queries.scope import ADMIN, Scope
from tests.support import TinyStore, add_kegiatan, add_komunitas

MONDAY = date(2024, 1, 1)
COLUMNS = ["minggu", "komunitas_dievaluasi", "komunitas_terpenuhi", "persen_terpenuhi", "persen_biasa",
           "minggu_pembanding", "disarankan_kalender"]
WALI_73 = Scope(email="wali@upt.id", peran="wali_wilayah", kabkota=("32.73",))


def week(n: int, day: int = 0) -> date:
    return MONDAY + timedelta(weeks=n - 1, days=day)


def communities(counts: list[int], *, n: int = 10, kabkota: str = "32.04", prefix: str = "K"):
    def fill(con) -> None:
        for i in range(n):
            add_komunitas(con, f"{prefix}{i}", kode_kabkota=kabkota, tanggal_terdaftar=date(2023, 6, 1))
        for w, met in enumerate(counts, start=1):
            for i in range(met):
                add_kegiatan(con, f"{prefix}{i}", week(w, 2), 60)
    return fill


def run(tiny: TinyStore, weeks: int, scope: Scope = ADMIN, kalender: tuple[date, ...] = (), **filters) -> pd.DataFrame:
    f = Filters(dari=filters.pop("dari", MONDAY), sampai=filters.pop("sampai", week(weeks, 6)), **filters)
    return run_query(tiny.con, "minggu_mencurigakan", f, scope, {"kalender_libur": kalender})


def rows(df: pd.DataFrame) -> list[tuple]:
    return [(pd.Timestamp(r.minggu).date(), r.komunitas_dievaluasi, r.komunitas_terpenuhi, r.persen_terpenuhi,
             r.persen_biasa, r.minggu_pembanding, bool(r.disarankan_kalender)) for r in df.itertuples()]


def test_a_week_far_below_the_others_is_listed_with_the_usual_share(tiny: TinyStore) -> None:
    tiny.build(communities([9, 8, 9, 2, 8]))  # shares 90, 80, 90, 20, 80; median of the others (80, 80, 90, 90) = 85
    df = run(tiny, 5)
    assert list(df.columns) == COLUMNS
    assert rows(df) == [(week(4), 10, 2, 20.0, 85.0, 4, False)]


def test_the_calendar_flag_reads_any_date_of_the_week(tiny: TinyStore) -> None:
    tiny.build(communities([9, 8, 9, 2, 8]))
    assert rows(run(tiny, 5, kalender=(week(4, 3),)))[0][-1] is True  # a Thursday names its week
    assert rows(run(tiny, 5, kalender=(week(3), week(5))))[0][-1] is False  # other weeks: not this one
    # the calendar alone lists nothing: a week is listed only for its drop
    assert [r[0] for r in rows(run(tiny, 5, kalender=(week(1), week(2))))] == [week(4)]


def test_two_holiday_weeks_are_both_listed(tiny: TinyStore) -> None:
    # the median is robust to the other low week: others of week 5 = 80, 90, 80, 10, 90, 80 -> 80
    tiny.build(communities([8, 9, 8, 1, 1, 9, 8]))
    assert [(r[0], r[3], r[4]) for r in rows(run(tiny, 7))] == [(week(4), 10.0, 80.0), (week(5), 10.0, 80.0)]


def test_no_complete_week_lists_nothing(tiny: TinyStore) -> None:
    tiny.build(communities([9, 1]))
    df = run(tiny, 1, dari=week(2), sampai=week(2, 5))  # Monday to Saturday
    assert list(df.columns) == COLUMNS and df.empty


def test_one_week_has_nothing_to_compare_with(tiny: TinyStore) -> None:
    tiny.build(communities([9, 1]))
    assert run(tiny, 1, dari=week(2), sampai=week(2, 6)).empty
    assert [r[0] for r in rows(run(tiny, 2))] == [week(2)]  # with one other week it is listed (10 < 45)


def test_all_weeks_low_is_not_a_holiday(tiny: TinyStore) -> None:
    tiny.build(communities([2, 1, 2, 2, 1, 2]))  # uniformly low: nothing stands out
    assert run(tiny, 6).empty


def test_a_small_drop_in_points_is_not_listed(tiny: TinyStore) -> None:
    # 0 % against a usual 8.3 % (1 of 12): below half, but less than 10 points below
    tiny.build(communities([1, 1, 0, 1, 1], n=12))
    assert run(tiny, 5).empty


def test_marked_weeks_are_neither_listed_nor_part_of_the_median(tiny: TinyStore) -> None:
    tiny.build(communities([8, 8, 8, 1, 5, 8]))
    # unmarked: week 4 (10 % vs 80 %); week 5 (50 % vs 80 %) is not below half
    assert [r[0] for r in rows(run(tiny, 6))] == [week(4)]
    # week 4 marked (any date of it): gone, and the median of week 5's others is 80 over 4 weeks
    df = run(tiny, 6, libur=(week(4, 4),))
    assert df.empty
    # weeks 1-3 and 6 marked: week 4 is compared with week 5 alone (50 %)
    assert rows(run(tiny, 6, libur=(week(1), week(2), week(3), week(6)))) == [(week(4), 10, 1, 10.0, 50.0, 1, False)]
    # every week marked: nothing to list
    assert run(tiny, 6, libur=tuple(week(n) for n in range(1, 7))).empty


def test_weeks_before_the_data_count_as_silent(tiny: TinyStore) -> None:
    tiny.build(communities([9, 9, 2, 9]))
    # the period starts two weeks before any activity: communities registered long before are evaluated from
    # dari, so those weeks are 0 % and listed (the app offers only weeks of the loaded data, ui/libur.py)
    df = run(tiny, 4, dari=week(-1))
    assert [(r[0], r[3], r[4]) for r in rows(df)] == [
        (week(-1), 0.0, 90.0), (week(0), 0.0, 90.0), (week(3), 20.0, 90.0)]


def test_new_communities_only_count_from_their_first_week(tiny: TinyStore) -> None:
    def fill(con) -> None:
        for i in range(10):  # registered in week 3: weeks 1-2 have no community evaluated
            add_komunitas(con, f"N{i}", tanggal_terdaftar=week(3))
        for w, met in ((3, 9), (4, 9), (5, 1), (6, 9)):
            for i in range(met):
                add_kegiatan(con, f"N{i}", week(w, 2), 60)

    tiny.build(fill)
    df = run(tiny, 6)
    assert rows(df) == [(week(5), 10, 1, 10.0, 90.0, 3, False)]  # weeks 1-2 neither listed nor compared


def test_kabkota_filter_and_scope(tiny: TinyStore) -> None:
    def fill(con) -> None:
        communities([8, 8, 1, 8], kabkota="32.04", prefix="B")(con)  # a drop in week 3 in Kab. Bandung only
        communities([8, 8, 8, 8], kabkota="32.73", prefix="K")(con)

    tiny.build(fill)
    assert [r[0] for r in rows(run(tiny, 4, kabkota=("32.04",)))] == [week(3)]
    assert run(tiny, 4, kabkota=("32.73",)).empty
    assert run(tiny, 4, scope=WALI_73).empty  # the wali of Kota Bandung sees only their own weeks
    # both together: week 3 = 9 of 20 = 45 % against 80 %: not below half
    assert run(tiny, 4).empty


def test_compiled_sql_runs_as_printed(tiny: TinyStore) -> None:
    """--sql prints the query with the calendar's default (none) written in."""
    from queries.runner import bind_params, runnable_sql

    tiny.build(communities([9, 8, 9, 2, 8]))
    f = Filters(dari=MONDAY, sampai=week(5, 6))
    text = runnable_sql("minggu_mencurigakan", bind_params("minggu_mencurigakan", f, ADMIN))
    assert "-- $kalender_libur = []" in text
    assert tiny.con.sql(text).fetchall()[0][:4] == (week(4), 10, 2, 20.0)

"""weekly_rule against an independent, straightforward Python reading of METRICS §3,
on ~100 small random stores (hypothesis)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from queries.runner import Filters, run_query
from store import rollup
from store.schema import ensure_schema
from tests.support import add_kegiatan, add_komunitas

JENIS = ("dalam_sekolah", "antar_sekolah", "daring_pmm", None)
BASE = date(2023, 11, 13)  # a Monday


@dataclass(frozen=True)
class Kom:
    id: str
    jenis: str | None
    terdaftar: date | None


@dataclass(frozen=True)
class Keg:
    id_komunitas: str
    tanggal: date
    durasi: int | None


def monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


def expected_weekly_rule(koms, kegs, dari, sampai, libur, ambang) -> dict[str, tuple]:
    """§3 read literally, one community at a time."""
    holidays = {monday(d) for d in libur}
    last_sunday = sampai - timedelta(days=sampai.isoweekday() % 7)
    last_week = last_sunday - timedelta(days=6)
    out = {}
    for k in koms:
        if k.terdaftar is not None and k.terdaftar > sampai:
            continue  # §3.9
        acts = [a for a in kegs if a.id_komunitas == k.id]
        start = k.terdaftar or min((a.tanggal for a in acts), default=None) or dari
        week = monday(max(dari, start))
        evaluated = []  # (monday, met, met_without_duration), oldest first, holidays left out
        while week <= last_week:
            if week not in holidays:
                in_week = [a for a in acts if monday(a.tanggal) == week]
                known = [a.durasi for a in in_week if a.durasi is not None]
                met = bool(in_week) and (k.jenis != "dalam_sekolah" or not known or sum(known) >= 60)
                evaluated.append((week, met, met and not known))
            week += timedelta(days=7)
        n = len(evaluated)
        met_weeks = sum(1 for _, m, _ in evaluated if m)
        streak = 0
        for _, m, _ in reversed(evaluated):
            if not m:
                break
            streak += 1
        if n == 0:
            persen = memenuhi = None
            berisiko = False
        else:
            persen = float((Decimal(100 * met_weeks) / Decimal(n)).quantize(Decimal("0.1"), ROUND_HALF_UP))
            memenuhi = 100 * met_weeks / n >= ambang
            berisiko = all(not m for _, m, _ in evaluated[-2:])
        out[k.id] = (n, met_weeks, sum(1 for _, _, t in evaluated if t), persen, memenuhi, streak, berisiko)
    return out


def day(offset: int) -> date:
    return BASE + timedelta(days=offset)


kom_strategy = st.builds(
    lambda jenis, reg: (jenis, None if reg is None else day(reg)),
    st.sampled_from(JENIS),
    st.one_of(st.none(), st.integers(0, 130)),
)
keg_strategy = st.tuples(
    st.integers(0, 4),  # which community
    st.integers(0, 140),  # date offset
    st.one_of(st.none(), st.sampled_from([15, 30, 45, 60, 90])),
)


@pytest.fixture(scope="module")
def memory_store():
    con = duckdb.connect(":memory:")
    ensure_schema(con)
    yield con
    con.close()


@settings(max_examples=100, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    koms=st.lists(kom_strategy, min_size=1, max_size=5),
    kegs=st.lists(keg_strategy, max_size=25),
    dari_offset=st.integers(20, 90),
    length=st.integers(0, 60),
    libur_weeks=st.lists(st.integers(0, 20), max_size=3),
    libur_day=st.integers(0, 6),
    ambang=st.sampled_from([100.0, 80.0, 50.0, 33.3]),
)
def test_weekly_rule_matches_reference(memory_store, koms, kegs, dari_offset, length, libur_weeks, libur_day, ambang):
    con = memory_store
    con.execute("delete from kegiatan")
    con.execute("delete from komunitas")
    communities = [Kom(f"K{i}", jenis, reg) for i, (jenis, reg) in enumerate(koms)]
    activities = [Keg(f"K{i % len(koms)}", day(off), dur) for i, off, dur in kegs]
    for k in communities:
        add_komunitas(con, k.id, jenis=k.jenis, tanggal_terdaftar=k.terdaftar)
    for a in activities:
        add_kegiatan(con, a.id_komunitas, a.tanggal, a.durasi)
    rollup.rebuild(con)
    dari = day(dari_offset)
    sampai = dari + timedelta(days=length)
    libur = tuple(BASE + timedelta(weeks=w, days=libur_day) for w in libur_weeks)

    df = run_query(con, "weekly_rule", Filters(dari=dari, sampai=sampai, ambang=ambang, libur=libur))
    df = df.astype(object).where(df.notna(), None)
    got = {
        r["id_komunitas"]: (
            r["minggu_dievaluasi"], r["minggu_terpenuhi"], r["minggu_tanpa_durasi"], r["persen_terpenuhi"],
            r["memenuhi_aturan"], r["minggu_beruntun"], r["berisiko"],
        )
        for r in df.to_dict("records")
    }
    assert got == expected_weekly_rule(communities, activities, dari, sampai, libur, ambang)

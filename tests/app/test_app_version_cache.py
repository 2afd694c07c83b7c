"""An edit of the app's state (a contact logged, a theme corrected) changes the app version only (issue 19): the read
connection, the frames and the materialised lists of what reads no `app.` table stay, what reads it (kontak_hasil)
is computed again at once, and the warmer does not run again; a load still renews everything. On the app's own read
path (ui/data.py) and a real loaded store."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from edits import kontak
from queries.runner import Filters, Hasil, PageRequest
from queries.scope import ADMIN, Scope
from store import app_state, database
from tests.support import add_komunitas
from ui import data
from vocab import WALI_WILAYAH

FILTERS = Filters(date(2022, 8, 1), date(2022, 12, 25))


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> tuple[list[str], list[str]]:
    """The queries run (ui/data's run_query) and the lists materialised (Hasil._make), by name."""
    ran: list[str] = []
    made: list[str] = []
    run_query, make = data.run_query, Hasil._make
    monkeypatch.setattr(data, "run_query", lambda *a, **k: ran.append(a[1]) or run_query(*a, **k))
    monkeypatch.setattr(Hasil, "_make", lambda self, con, name, *a: made.append(name) or make(self, con, name, *a))
    return ran, made


def test_a_contact_keeps_the_data_results_and_is_seen_at_once(loaded_store: Path, counted) -> None:
    ran, made = counted
    path, version = data.open_store()
    p = str(path)
    rule = data.cached_query(p, version, "weekly_rule", FILTERS, ADMIN, ())
    followup, total = data.cached_page(p, version, "weekly_rule_followup", FILTERS, ADMIN, (), PageRequest())
    contacts, contacted = data.cached_page(p, version, "kontak_hasil", FILTERS, ADMIN, (), PageRequest())
    before = data.cached_query(p, version, "kontak_hasil", FILTERS, ADMIN, ())
    con = data.connection(p, version)
    assert {"weekly_rule", "kontak_hasil"} <= set(ran) and {"weekly_rule_followup", "kontak_hasil"} <= set(made)

    community = str(followup["id_komunitas"].iloc[0])
    assert community not in set(before["id_komunitas"])
    kontak.catat_kontak(path, [community], saluran="whatsapp", tanggal_kontak=date(2022, 12, 1), oleh="lokal",
                        lingkup=None)
    _, after = data.open_store()
    assert after != version and after.partition("|")[0] == version.partition("|")[0]  # the app's state only
    ran.clear()
    made.clear()

    # what reads no app table: the same frame, the same list, the same connection — nothing computed again
    pd.testing.assert_frame_equal(data.cached_query(p, after, "weekly_rule", FILTERS, ADMIN, ()), rule)
    resorted, again = data.cached_page(p, after, "weekly_rule_followup", FILTERS, ADMIN, (),
                                       PageRequest(sort=(("nama_komunitas", True),)))
    assert again == total and set(resorted["id_komunitas"]) <= set(data.cached_query(
        p, after, "weekly_rule_followup", FILTERS, ADMIN, ())["id_komunitas"])
    assert data.connection(p, after) is con
    # what reads the app's state: the contact is there at once, as a frame and as a list
    now = data.cached_query(p, after, "kontak_hasil", FILTERS, ADMIN, ())
    assert community in set(now["id_komunitas"]) and len(now) == len(before) + 1
    page, counted_now = data.cached_page(p, after, "kontak_hasil", FILTERS, ADMIN, (), PageRequest())
    assert counted_now == contacted + 1 and community in set(page["id_komunitas"])
    assert "weekly_rule" not in ran and "weekly_rule_followup" not in made
    assert "kontak_hasil" in ran and "kontak_hasil" in made
    # the old list of kontak_hasil went with the old app version: no stale list left on the connection
    hasil = data.results(p, after)
    assert hasil.app_version == app_state.version(path)
    # a wali of another kab/kota never sees the contact (the region is in every key)
    kode = str(followup["kode_kabkota"].iloc[0])
    other = next(k for k in rule["kode_kabkota"].astype(str).unique() if k != kode)
    wali = Scope("wali@upt.id", WALI_WILAYAH, (other,))
    theirs = data.cached_query(p, after, "kontak_hasil", FILTERS, wali, ())
    assert community not in set(theirs["id_komunitas"])
    assert set(theirs["kode_kabkota"].astype(str)) <= {other}


def test_the_warmer_runs_again_on_a_load_not_on_an_edit(loaded_store: Path) -> None:
    path, version = data.open_store()
    with data._hangat_lock:
        data._hangat[str(path)] = (version, None)  # this data version warmed
    community = str(data.cached_query(str(path), version, "weekly_rule", FILTERS, ADMIN, ())["id_komunitas"].iloc[0])
    kontak.catat_kontak(path, [community], saluran="telepon", tanggal_kontak=date(2022, 12, 2), oleh="lokal",
                        lingkup=None)
    _, after = data.open_store()
    assert after != version
    assert data.hangatkan(path, after, paksa=True) is None  # same data: nothing to warm
    with database.write_transaction(path) as con:  # a load
        add_komunitas(con, "BARU01", kode_kabkota="32.04")
    thread = data.hangatkan(path, paksa=True)
    assert thread is not None
    thread.join(timeout=300)
    assert not thread.is_alive()


def test_an_edit_between_two_runs_of_an_old_session_never_goes_back(loaded_store: Path) -> None:
    """A session still on the app version of before the edit reads the newer state (never an older file than
    the version its result is cached under), and the connection is not re-attached for it."""
    path, version = data.open_store()
    p = str(path)
    data.cached_query(p, version, "kontak_hasil", FILTERS, ADMIN, ())
    community = str(data.cached_query(p, version, "weekly_rule", FILTERS, ADMIN, ())["id_komunitas"].iloc[0])
    kontak.catat_kontak(path, [community], saluran="email", tanggal_kontak=date(2022, 12, 3), oleh="lokal",
                        lingkup=None)
    _, after = data.open_store()
    fresh = data.cached_query(p, after, "kontak_hasil", FILTERS, ADMIN, ())
    assert community in set(fresh["id_komunitas"])
    attached = data.results(p, after).app_version
    # the old session's next uncached read: the new state, and the attached version unchanged
    old = data.query(p, version, "kontak_hasil", FILTERS, ADMIN, ())
    assert community in set(old["id_komunitas"])
    assert data.results(p, version).app_version == attached

"""The Pengguna page (issue 14 item 5), run as Streamlit runs it with login configured: an admin adds a wali with
two kab/kota and that wali then sees only those; a non-admin cannot open the page; the last admin cannot demote
themselves; a users-file entry with an unknown kab/kota code is refused with a warning naming it."""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from queries.scope import SUMBER_APLIKASI, Scope, registry, scope_for, users_file
from tests.app.conftest import TIMEOUT, logged_in
from tests.support import ROOT, copy_store

ADMIN = "admin@bbgp-jabar.id"
BARU = "wali.baru@bbgp-jabar.id"
# The users file of this module's runs (tests/app/conftest.py::app_env); the store is tests/fixtures/security
# (Kab. Bandung 32.04, Kab. Bandung Barat 32.17, Kota Bandung 32.73).
USERS = f"""
[pengguna."{ADMIN}"]
peran = "admin"

[pengguna."kepala@bbgp-jabar.id"]
peran = "pimpinan"

[pengguna."wali.kota@bbgp-jabar.id"]
peran = "wali_wilayah"
kabkota = ["32.73"]

[pengguna."wali.typo@bbgp-jabar.id"]
peran = "wali_wilayah"
kabkota = ["32.04", "32.400"]
"""


@pytest.fixture(autouse=True)
def store(security_store: Path, tmp_path: Path, use_store) -> Path:
    return use_store(copy_store(security_store, tmp_path))


def run(page: str, email: str) -> AppTest:
    at = logged_in(AppTest.from_file(str(ROOT / page), default_timeout=TIMEOUT), email)
    at.run()
    assert not at.exception, at.exception
    return at


def grid(at: AppTest, column: str):
    """The data grid with this column (the list: "Email", the history: "Tindakan")."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def texts(at: AppTest) -> str:
    return "\n".join([*(t.value for t in at.text), *(w.value for w in at.warning), *(e.value for e in at.error),
                      *(s.value for s in at.success)])


def test_an_admin_adds_a_wali_who_then_sees_only_their_kabkota(store: Path) -> None:
    at = run("pages/pengguna.py", ADMIN)
    emails = set(grid(at, "Email")["Email"])
    assert emails == {ADMIN, "kepala@bbgp-jabar.id", "wali.kota@bbgp-jabar.id"}
    at.text_input(key="pengguna_tambah_email").set_value(BARU)
    at.selectbox(key="pengguna_tambah_peran").set_value("wali_wilayah")
    at.multiselect(key="pengguna_tambah_kabkota").set_value(["32.04", "32.17"])
    at.button(key="pengguna_tambah_kirim").click().run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert any("ditambahkan" in s.value for s in at.success)
    daftar = grid(at, "Email").set_index("Email")
    assert daftar.at[BARU, "Peran"] == "Wali wilayah"
    assert daftar.at[BARU, "Kab/kota"] == "Kabupaten Bandung (32.04); Kabupaten Bandung Barat (32.17)"
    riwayat = grid(at, "Tindakan")
    terakhir = riwayat.iloc[0]
    assert (terakhir["Oleh"], terakhir["Pengguna"], terakhir["Tindakan"], terakhir["Sesudah"]) == (
        ADMIN, BARU, "ditambah", "Wali wilayah: 32.04, 32.17")
    assert set(riwayat.loc[riwayat["Tindakan"] == "diimpor", "Pengguna"]) == emails

    assert registry(users_file(), store).sumber == SUMBER_APLIKASI
    assert scope_for(BARU, users_file(), store) == Scope(BARU, "wali_wilayah", ("32.04", "32.17"))
    wali = run("pages/aturan_mingguan.py", BARU.upper())
    assert wali.multiselect(key="kabkota").options == ["Kabupaten Bandung", "Kabupaten Bandung Barat"]
    for df in (d.value for d in wali.dataframe):
        if "kode_kabkota" in df.columns:
            assert set(df["kode_kabkota"].dropna()) <= {"32.04", "32.17"}
    assert wali.dataframe, "the wali should see their region's tables"


@pytest.mark.parametrize("email", ["kepala@bbgp-jabar.id", "wali.kota@bbgp-jabar.id"])
def test_a_non_admin_cannot_open_the_page(email: str) -> None:
    at = run("pages/pengguna.py", email)
    assert any("hanya untuk admin" in w.value for w in at.warning)
    assert not at.dataframe and not at.text_input and not at.multiselect
    assert [b.key for b in at.button] == ["guard_keluar"]  # only the sidebar's sign-out
    assert "wali.typo" not in texts(at) and ADMIN not in texts(at)


def test_the_menu_offers_the_page_to_admins_only() -> None:
    admin = run("dashboard.py", ADMIN)
    admin.switch_page("pages/pengguna.py").run()
    assert not admin.exception, admin.exception
    assert set(grid(admin, "Email")) >= {"Email", "Peran", "Kab/kota"}
    kepala = run("dashboard.py", "kepala@bbgp-jabar.id")
    kepala.switch_page("pages/pengguna.py").run()  # hidden from their menu; a link reaches the page's guard
    assert not kepala.exception, kepala.exception
    assert [w.value for w in kepala.warning] == ["Halaman ini hanya untuk admin UPT."]
    assert not kepala.dataframe


def test_the_last_admin_cannot_demote_themselves(store: Path) -> None:
    at = run("pages/pengguna.py", ADMIN)
    at.selectbox(key="pengguna_ubah_email").set_value(ADMIN).run()
    nomor = sorted(registry(users_file(), store).users).index(ADMIN)
    at.selectbox(key=f"pengguna_ubah_peran_{nomor}").set_value("pimpinan").run()
    at.button(key="pengguna_simpan").click().run()
    assert not at.exception, at.exception
    assert "admin terakhir" in texts(at)
    assert scope_for(ADMIN, users_file(), store).is_admin
    assert registry(users_file(), store).sumber != SUMBER_APLIKASI  # nothing was written


def test_an_unknown_code_in_the_file_is_named_to_admins_and_the_wali_gets_nothing() -> None:
    admin = run("pages/ringkasan.py", ADMIN)
    peringatan = texts(admin)
    assert "wali.typo@bbgp-jabar.id" in peringatan and "'32.400'" in peringatan
    wali = run("pages/ringkasan.py", "wali.typo@bbgp-jabar.id")
    assert any("tidak valid" in w.value for w in wali.warning)
    assert "'32.400'" in texts(wali)
    assert not wali.dataframe and not wali.get("plotly_chart") and not wali.metric and not wali.multiselect


def test_user_text_is_never_markdown_on_the_page() -> None:
    """Mode lokal (the admin at the machine): an email in the file written like a link or HTML is shown as typed,
    only in grids, options and plain text."""
    from tests.app.test_page_guard import elements

    users_file().write_text(USERS + """
[pengguna."[x](http://evil)<b>@bbgp-jabar.id"]
peran = "pimpinan"
""", encoding="utf-8")
    at = AppTest.from_file(str(ROOT / "pages/pengguna.py"), default_timeout=TIMEOUT).run()
    assert not at.exception, at.exception
    assert "[x](http://evil)<b>@bbgp-jabar.id" in set(grid(at, "Email")["Email"])
    for kind, data in elements(at, as_markup=True):
        for marker in (b"](http://evil)", b"<b>"):
            assert marker not in data, f"{marker!r} reached a {kind}"
    for md in (*at.markdown, *at.caption):
        assert not md.proto.allow_html

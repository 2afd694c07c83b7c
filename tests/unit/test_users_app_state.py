"""Users managed in the app (issue 14 item 5): the users file is the starting list until the first change on the
page, which imports it into the app's state; from then on the app's state decides. Every change is recorded, a
wali's kab/kota must be official codes (in the editor and in the file), and the last admin cannot go."""
from __future__ import annotations

from pathlib import Path

import pytest

from edits import users
from queries import scope as scope_mod
from queries.__main__ import main
from queries.scope import NOBODY, SUMBER_APLIKASI, SUMBER_BERKAS, Scope, UsersFileError, registry, scope_for
from store import app_state

USERS = """
[pengguna."Admin@upt.id"]
peran = "admin"

[pengguna."kepala@upt.id"]
peran = "pimpinan"

[pengguna."wali@upt.id"]
peran = "wali_wilayah"
kabkota = ["32.04", "32.17"]
"""


@pytest.fixture
def berkas(tmp_path: Path) -> Path:
    path = tmp_path / "pengguna.toml"
    path.write_text(USERS, encoding="utf-8")
    return path


def start(berkas: Path, db: Path) -> dict[str, users.Entry]:
    """What the page passes: the list in force, as (peran, kabkota)."""
    return {e: (s.peran, s.kabkota) for e, s in registry(berkas, db).users.items()}


def test_the_file_is_the_list_until_the_first_change(berkas: Path, empty_store: Path) -> None:
    daftar = registry(berkas, empty_store)
    assert daftar.sumber == SUMBER_BERKAS
    assert set(daftar.users) == {"admin@upt.id", "kepala@upt.id", "wali@upt.id"}
    assert scope_for("WALI@upt.id", berkas, empty_store) == Scope("wali@upt.id", "wali_wilayah", ("32.04", "32.17"))
    assert users.history(empty_store) == []


def test_after_a_change_the_app_state_decides(berkas: Path, empty_store: Path) -> None:
    pesan = users.add_user(empty_store, " Baru@UPT.id ", "wali_wilayah", ["32.73", "32.01"], oleh="admin@upt.id",
                           starting=start(berkas, empty_store))
    assert pesan == "baru@upt.id ditambahkan sebagai Wali wilayah: 32.01, 32.73."
    daftar = registry(berkas, empty_store)
    assert daftar.sumber == SUMBER_APLIKASI
    # The file's users were imported with the first change, the new one added.
    assert set(daftar.users) == {"admin@upt.id", "kepala@upt.id", "wali@upt.id", "baru@upt.id"}
    assert scope_for("baru@upt.id", berkas, empty_store).kabkota == ("32.01", "32.73")
    assert scope_for("wali@upt.id", berkas, empty_store).kabkota == ("32.04", "32.17")
    # The file is no longer read: a user added to it, or taken out of it, changes nothing.
    berkas.write_text(USERS.replace('"kepala@upt.id"', '"lain@upt.id"'), encoding="utf-8")
    assert scope_for("lain@upt.id", berkas, empty_store) == NOBODY
    assert scope_for("kepala@upt.id", berkas, empty_store).peran == "pimpinan"
    # Without a store (db None) the file alone decides, as before.
    assert scope_for("lain@upt.id", berkas).peran == "pimpinan"


def test_every_change_is_recorded(berkas: Path, empty_store: Path) -> None:
    users.add_user(empty_store, "baru@upt.id", "pimpinan", None, oleh="admin@upt.id",
                   starting=start(berkas, empty_store))
    users.change_user(empty_store, "wali@upt.id", "wali_wilayah", ["32.73"], oleh="admin@upt.id",
                      starting=start(berkas, empty_store))
    users.remove_user(empty_store, "kepala@upt.id", oleh="admin@upt.id", starting=start(berkas, empty_store))
    rows = [(r["oleh"], r["email"], r["tindakan"], r["sebelum"], r["sesudah"])
            for r in reversed(users.history(empty_store))]
    assert rows == [
        ("admin@upt.id", "admin@upt.id", "diimpor", None, "Admin"),
        ("admin@upt.id", "kepala@upt.id", "diimpor", None, "Pimpinan UPT"),
        ("admin@upt.id", "wali@upt.id", "diimpor", None, "Wali wilayah: 32.04, 32.17"),
        ("admin@upt.id", "baru@upt.id", "ditambah", None, "Pimpinan UPT"),
        ("admin@upt.id", "wali@upt.id", "diubah", "Wali wilayah: 32.04, 32.17", "Wali wilayah: 32.73"),
        ("admin@upt.id", "kepala@upt.id", "dihapus", "Pimpinan UPT", None),
    ]
    assert all(r["waktu"] is not None for r in users.history(empty_store))
    assert scope_for("kepala@upt.id", berkas, empty_store) == NOBODY  # still in the file: the app decides
    assert scope_for("wali@upt.id", berkas, empty_store).kabkota == ("32.73",)
    assert set(users.app_list(empty_store)) == {"admin@upt.id", "wali@upt.id", "baru@upt.id"}


def test_a_list_emptied_on_the_page_stays_empty(tmp_path: Path, empty_store: Path) -> None:
    """Mode lokal (no admin in the list): removing the last user does not bring the file back."""
    berkas = tmp_path / "pengguna.toml"
    berkas.write_text('[pengguna."kepala@upt.id"]\nperan = "pimpinan"\n', encoding="utf-8")
    users.remove_user(empty_store, "kepala@upt.id", oleh="lokal", starting=start(berkas, empty_store))
    assert registry(berkas, empty_store).users == {}
    assert scope_for("kepala@upt.id", berkas, empty_store) == NOBODY


@pytest.mark.parametrize(("kabkota", "named"), [(["32.04", "32.99"], "'32.99'"), (["3204"], "'3204'"), ([], None)])
def test_an_unknown_code_is_refused_in_the_editor(berkas: Path, empty_store: Path, kabkota: list[str],
                                                   named: str | None) -> None:
    with pytest.raises(users.UserError) as e:
        users.add_user(empty_store, "baru@upt.id", "wali_wilayah", kabkota, oleh="admin@upt.id",
                       starting=start(berkas, empty_store))
    assert (named in str(e.value)) if named else "sedikitnya satu kab/kota" in str(e.value)
    assert not app_state.app_path(empty_store).exists() or users.history(empty_store) == []
    assert registry(berkas, empty_store).sumber == SUMBER_BERKAS  # nothing imported by a refused change


@pytest.mark.parametrize("email", ["bukan email", "[x](http://evil)@a.id", "<b>a</b>@upt.id", ""])
def test_a_bad_email_is_refused(berkas: Path, empty_store: Path, email: str) -> None:
    with pytest.raises(users.UserError):
        users.add_user(empty_store, email, "pimpinan", None, oleh="admin@upt.id", starting=start(berkas, empty_store))
    assert users.history(empty_store) == []


def test_a_file_entry_with_an_unknown_code_or_role_is_left_out_with_a_warning(tmp_path: Path) -> None:
    berkas = tmp_path / "pengguna.toml"
    berkas.write_text(USERS + """
[pengguna."typo@upt.id"]
peran = "wali_wilayah"
kabkota = ["32.04", "32.4"]

[pengguna."float@upt.id"]
peran = "wali_wilayah"
kabkota = [32.10]

[pengguna."peran@upt.id"]
peran = "admn"
""", encoding="utf-8")
    daftar = registry(berkas)
    assert set(daftar.users) == {"admin@upt.id", "kepala@upt.id", "wali@upt.id"}  # the others keep working
    assert set(daftar.ditolak) == {"typo@upt.id", "float@upt.id", "peran@upt.id"}
    assert "typo@upt.id" in daftar.ditolak["typo@upt.id"] and "'32.4'" in daftar.ditolak["typo@upt.id"]
    assert "'32.04'" not in daftar.ditolak["typo@upt.id"]
    assert "'32.1'" in daftar.ditolak["float@upt.id"]  # 32.10 written as a number is 32.1: not Kota Bandung's
    assert "admn" in daftar.ditolak["peran@upt.id"]
    # Never more than their codes: a wali with a bad entry sees nothing at all.
    assert scope_for("typo@upt.id", berkas) == NOBODY
    assert scope_for("peran@upt.id", berkas) == NOBODY


def test_an_invalid_toml_file_is_refused_whole(tmp_path: Path) -> None:
    berkas = tmp_path / "pengguna.toml"
    berkas.write_text('[pengguna."a@upt.id"\nperan = "admin"\n', encoding="utf-8")
    with pytest.raises(UsersFileError, match="tidak valid"):
        scope_for("a@upt.id", berkas)


def test_the_last_admin_cannot_be_removed_or_demoted(berkas: Path, empty_store: Path) -> None:
    for change in (
        lambda: users.change_user(empty_store, "admin@upt.id", "pimpinan", None, oleh="admin@upt.id",
                                  starting=start(berkas, empty_store)),
        lambda: users.remove_user(empty_store, "admin@upt.id", oleh="admin@upt.id",
                                  starting=start(berkas, empty_store)),
    ):
        with pytest.raises(users.UserError, match="admin terakhir"):
            change()
        assert registry(berkas, empty_store).sumber == SUMBER_BERKAS  # refused whole: not even the import
    users.add_user(empty_store, "admin2@upt.id", "admin", None, oleh="admin@upt.id",
                   starting=start(berkas, empty_store))
    users.change_user(empty_store, "admin@upt.id", "pimpinan", None, oleh="admin@upt.id",
                      starting=start(berkas, empty_store))
    assert scope_for("admin@upt.id", berkas, empty_store).peran == "pimpinan"
    with pytest.raises(users.UserError, match="admin terakhir"):
        users.remove_user(empty_store, "admin2@upt.id", oleh="admin2@upt.id", starting=start(berkas, empty_store))
    assert scope_for("admin2@upt.id", berkas, empty_store).is_admin


def test_changes_that_change_nothing_or_name_nobody_are_refused(berkas: Path, empty_store: Path) -> None:
    with pytest.raises(users.UserError, match="sudah terdaftar"):
        users.add_user(empty_store, "WALI@upt.id", "pimpinan", None, oleh="a", starting=start(berkas, empty_store))
    with pytest.raises(users.UserError, match="Tidak ada yang berubah"):
        users.change_user(empty_store, "wali@upt.id", "wali_wilayah", ["32.17", "32.04"], oleh="a",
                          starting=start(berkas, empty_store))
    with pytest.raises(users.UserError, match="tidak ada di daftar"):
        users.remove_user(empty_store, "siapa@upt.id", oleh="a", starting=start(berkas, empty_store))
    assert users.history(empty_store) == []


def test_the_list_is_read_once_per_version(berkas: Path, empty_store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A page run asks for the scope several times: the file and the app state are read again only after
    one of them changed."""
    reads: list[str] = []
    for name in ("read_users_file", "read_app_users"):
        real = getattr(scope_mod, name)
        monkeypatch.setattr(scope_mod, name, lambda p, _real=real, _n=name: reads.append(_n) or _real(p))
    for _ in range(5):
        scope_for("wali@upt.id", berkas, empty_store)
    assert reads == ["read_app_users", "read_users_file"]
    users.add_user(empty_store, "baru@upt.id", "pimpinan", None, oleh="a", starting=start(berkas, empty_store))
    reads.clear()
    for _ in range(5):
        assert scope_for("baru@upt.id", berkas, empty_store).peran == "pimpinan"
    assert reads == ["read_app_users"]


def test_the_cli_sebagai_reads_the_app_list(berkas: Path, empty_store: Path, capsysbinary) -> None:
    common = ["data_info", "--db", str(empty_store), "--pengguna-file", str(berkas), "--dari", "2022-08-01",
              "--sampai", "2022-08-31"]
    assert main([*common, "--sebagai", "baru@upt.id"]) == 1
    assert "tidak terdaftar" in capsysbinary.readouterr().err.decode()
    users.add_user(empty_store, "baru@upt.id", "wali_wilayah", ["32.04"], oleh="a",
                   starting=start(berkas, empty_store))
    assert main([*common, "--sebagai", "baru@upt.id"]) == 0
    capsysbinary.readouterr()


def test_the_cli_names_the_bad_code_of_a_left_out_user(tmp_path: Path, empty_store: Path, capsysbinary) -> None:
    berkas = tmp_path / "pengguna.toml"
    berkas.write_text(USERS + '[pengguna."typo@upt.id"]\nperan = "wali_wilayah"\nkabkota = ["32.044"]\n',
                      encoding="utf-8")
    assert main(["data_info", "--db", str(empty_store), "--pengguna-file", str(berkas), "--dari", "2022-08-01",
                 "--sampai", "2022-08-31", "--sebagai", "typo@upt.id"]) == 1
    err = capsysbinary.readouterr().err.decode()
    assert "typo@upt.id" in err and "'32.044'" in err

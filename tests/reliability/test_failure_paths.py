"""Every way a store can fail under the CLIs and the upload page (issue 13 item 7): a full disk (a real, small
tmpfs), a read-only folder (a tmpfs remounted read-only), a corrupt store (a real store's bytes cut or
garbled), a store from a newer version (its schema version raised), a missing input file, a missing store.
Each ends in an Indonesian message and the exit code the README documents, with no temporary copy left and the
store byte-identical.

The disk and read-only cases mount a tmpfs, which needs root (CAP_SYS_ADMIN): elsewhere they are skipped with
that reason. Root ignores permission bits, so a chmod-ed folder would not be read-only for these tests."""
from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pytest

from data_loaders.load import Source, load_files
from store import app_state, cow
from store.database import write_transaction
from store.meta import set_meta
from store.schema import SCHEMA_VERSION
from tests.reliability._support import write_kegiatan, write_komunitas
from tests.support import ROOT, copy_store

FIXTURES = ROOT / "tests" / "unit" / "fixtures"
KOMUNITAS = FIXTURES / "komunitas_pmm.csv"

EXIT_LOADED, EXIT_FILE, EXIT_BUSY, EXIT_STORE = 0, 2, 3, 4  # README "Loading data"
QUERIES_EXIT_STORE = 1  # queries/__main__.py


def _run(module: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", module, *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, env={**os.environ, "PYTHONPATH": str(ROOT)})


def load_cli(db: Path, *files: Path, dry_run: bool = False) -> subprocess.CompletedProcess:
    return _run("data_loaders", "--db", str(db), *(["--dry-run"] if dry_run else []), *map(str, files))


def query_cli(db: Path, name: str = "data_info") -> subprocess.CompletedProcess:
    return _run("queries", name, "--db", str(db))


def folder_state(folder: Path) -> dict[str, bytes]:
    """Every file in the store's folder with its bytes, lock files aside (empty, made by the first write)."""
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file() and not p.name.endswith(".lock")}


def leftovers(folder: Path) -> list[str]:
    """Temporary copies of a write (cow.write_copy: `.<store>.<pid>.<rand>.tmp`, its `.wal` and spill folder)."""
    return sorted(p.name for p in folder.iterdir() if ".tmp" in p.name or p.name.endswith(".wal"))


def assert_refused(out: subprocess.CompletedProcess, code: int, *phrases: str) -> None:
    """The exit code, an Indonesian message with these phrases, no traceback and no English error."""
    assert out.returncode == code, (out.returncode, out.stderr)
    for phrase in phrases:
        assert phrase in out.stderr, (phrase, out.stderr)
    for english in ("Traceback", "Error", "error:", "No space", "Permission denied", "Read-only file system"):
        assert english not in out.stderr, (english, out.stderr)


# --- mounts -------------------------------------------------------------------------------------------------------

@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Callable[[int], Path]]:
    """`tmpfs(kib)`: a fresh folder that is a tmpfs of that size (unmounted afterwards)."""
    mounted: list[Path] = []

    def mount(kib: int) -> Path:
        if os.geteuid() != 0:
            pytest.skip("mounting a tmpfs (a real full disk / read-only folder) needs root")
        folder = tmp_path / f"tmpfs{len(mounted)}"
        folder.mkdir()
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={kib}k", "tmpfs", str(folder)],
                              capture_output=True, text=True)
        if done.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
        mounted.append(folder)
        return folder

    yield mount
    for folder in mounted:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def remount(folder: Path, options: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{options}", str(folder)], check=True, capture_output=True)


def _kib(*paths: Path) -> int:
    return sum(p.stat().st_size for p in paths) // 1024 + 1


# --- full disk ----------------------------------------------------------------------------------------------------

def test_disk_full_while_copying_the_store(store_template: Path, tmpfs: Callable[[int], Path]) -> None:
    app = app_state.app_path(store_template)
    # Room for the store and its app state, and for half a copy: the copy step itself runs out of space.
    folder = tmpfs(_kib(store_template, app) + store_template.stat().st_size // 2048)
    db = copy_store(store_template, folder)
    before = folder_state(folder)

    out = load_cli(db, KOMUNITAS)

    assert_refused(out, EXIT_STORE, "Ruang disk penuh", str(db), "Kosongkan ruang disk", "Tidak ada data yang berubah")
    assert leftovers(folder) == []  # the partial copy is gone: it would fill the disk for good
    assert folder_state(folder) == before
    remount(folder, "size=64m")  # space freed: the same load goes through
    assert load_cli(db, KOMUNITAS).returncode == EXIT_LOADED


def test_disk_full_while_writing_the_load(store_template: Path, tmpfs: Callable[[int], Path],
                                          tmp_path: Path) -> None:
    komunitas, kegiatan = tmp_path / "komunitas.csv", tmp_path / "kegiatan.csv"
    write_komunitas(komunitas, 3000, seed=1)
    write_kegiatan(kegiatan, 20000, communities=3000, seed=2)
    app = app_state.app_path(store_template)
    # The copy fits with 1 MB to spare; the rows of the load do not.
    folder = tmpfs(_kib(store_template, app, store_template) + 1024)
    db = copy_store(store_template, folder)
    before = folder_state(folder)

    out = load_cli(db, komunitas, kegiatan)

    assert_refused(out, EXIT_STORE, "Ruang disk penuh", str(db), "Tidak ada data yang berubah")
    assert leftovers(folder) == []
    assert folder_state(folder) == before


# --- read-only folder ---------------------------------------------------------------------------------------------

def test_read_only_folder(store_template: Path, tmpfs: Callable[[int], Path]) -> None:
    folder = tmpfs(8192)
    db = copy_store(store_template, folder)
    before = folder_state(folder)
    remount(folder, "ro")
    try:
        for dry_run in (False, True):  # a dry run also writes a private copy
            out = load_cli(db, KOMUNITAS, dry_run=dry_run)
            assert_refused(out, EXIT_STORE, f"Folder {folder} hanya-baca", "Tidak ada data yang berubah")
        assert query_cli(db).returncode == 0  # reading needs no write: the dashboard's figures stay available
        assert leftovers(folder) == []
        assert folder_state(folder) == before
    finally:
        remount(folder, "rw")


def test_store_folder_that_cannot_be_created(tmpfs: Callable[[int], Path]) -> None:
    folder = tmpfs(1024)
    remount(folder, "ro")
    try:
        out = load_cli(folder / "baru" / "kombel.duckdb", KOMUNITAS)
        assert_refused(out, EXIT_STORE, "hanya-baca")
        assert list(folder.iterdir()) == []
    finally:
        remount(folder, "rw")


# --- corrupt store ------------------------------------------------------------------------------------------------

def _truncated(data: bytes) -> bytes:
    return data[: len(data) // 2]


def _header_zeroed(data: bytes) -> bytes:
    return bytes(3 * 4096) + data[3 * 4096:]


def _blocks_garbled(data: bytes) -> bytes:
    out = bytearray(data)
    for offset in range(3 * 4096, len(out), 4096):  # past the headers: every block's checksum fails
        out[offset + 100: offset + 164] = b"\xff" * 64
    return bytes(out)


def _emptied(data: bytes) -> bytes:
    return b""


@pytest.mark.parametrize("damage", [_truncated, _header_zeroed, _blocks_garbled, _emptied],
                         ids=["dipotong", "header_nol", "blok_rusak", "kosong"])
def test_corrupt_store(damage: Callable[[bytes], bytes], store_template: Path, tmp_path: Path) -> None:
    db = copy_store(store_template, tmp_path)
    db.write_bytes(damage(db.read_bytes()))
    before = folder_state(tmp_path)

    out = load_cli(db, KOMUNITAS)
    assert_refused(out, EXIT_STORE, f"Berkas penyimpanan {db} rusak", "pulihkan dari cadangan",
                   "Tidak ada data yang berubah")
    query = query_cli(db)
    assert_refused(query, QUERIES_EXIT_STORE, f"Berkas penyimpanan {db} rusak", "pulihkan dari cadangan")
    assert leftovers(tmp_path) == []
    assert folder_state(tmp_path) == before


def test_corrupt_app_state_is_named(store_template: Path, tmp_path: Path) -> None:
    db = copy_store(store_template, tmp_path)
    app = app_state.app_path(db)
    app.write_bytes(_truncated(app.read_bytes()))
    before = folder_state(tmp_path)

    out = load_cli(db, KOMUNITAS)
    assert_refused(out, EXIT_STORE, f"Berkas penyimpanan {app} rusak")
    assert leftovers(tmp_path) == []
    assert folder_state(tmp_path) == before


def test_corrupt_store_without_app_state_gets_none_created(store_template: Path, tmp_path: Path) -> None:
    db = tmp_path / "kombel.duckdb"
    db.write_bytes(_header_zeroed(store_template.read_bytes()))
    assert_refused(load_cli(db, KOMUNITAS), EXIT_STORE, "rusak")
    assert sorted(folder_state(tmp_path)) == ["kombel.duckdb"]


# --- newer version ------------------------------------------------------------------------------------------------

def _raise_version(path: Path, version: int) -> None:
    with duckdb.connect(str(path)) as con:
        set_meta(con, "schema_version", str(version))


def test_store_from_a_newer_version(store_template: Path, tmp_path: Path) -> None:
    db = copy_store(store_template, tmp_path)
    _raise_version(db, SCHEMA_VERSION + 1)
    before = folder_state(tmp_path)

    expected = f"versi skema {SCHEMA_VERSION + 1}, versi ini {SCHEMA_VERSION}"
    out = load_cli(db, KOMUNITAS)
    assert_refused(out, EXIT_STORE, "dibuat oleh versi dasbor yang lebih baru", expected, str(db))
    assert_refused(query_cli(db), QUERIES_EXIT_STORE, "lebih baru", expected)
    assert leftovers(tmp_path) == []
    assert folder_state(tmp_path) == before


def test_app_state_from_a_newer_version(store_template: Path, tmp_path: Path) -> None:
    db = copy_store(store_template, tmp_path)
    app = app_state.app_path(db)
    _raise_version(app, app_state.SCHEMA_VERSION + 1)
    before = folder_state(tmp_path)

    out = load_cli(db, KOMUNITAS)
    assert_refused(out, EXIT_STORE, str(app), "lebih baru",
                   f"versi skema {app_state.SCHEMA_VERSION + 1}, versi ini {app_state.SCHEMA_VERSION}")
    assert_refused(query_cli(db), QUERIES_EXIT_STORE, str(app), "lebih baru")
    assert folder_state(tmp_path) == before


# --- missing file, missing store, wrong command -------------------------------------------------------------------

def test_missing_input_file(empty_store: Path, tmp_path: Path) -> None:
    before = folder_state(tmp_path)
    out = load_cli(empty_store, KOMUNITAS, tmp_path / "tidak_ada.csv")
    assert_refused(out, EXIT_FILE, "tidak_ada.csv", "Tidak ada perubahan yang disimpan")
    assert folder_state(tmp_path) == before  # not even the file that exists was loaded


def test_missing_store_folder(tmp_path: Path) -> None:
    db = tmp_path / "belum" / "ada" / "kombel.duckdb"
    query = query_cli(db)
    assert_refused(query, QUERIES_EXIT_STORE, str(db), "tidak ditemukan")
    assert not db.parent.exists()  # reading creates nothing
    assert load_cli(db, KOMUNITAS).returncode == EXIT_LOADED  # a load creates the store where it is told
    assert query_cli(db).returncode == 0


@pytest.mark.parametrize("args, phrase", [
    ([], "argumen wajib belum diberikan: BERKAS"),
    (["--kind", "rapat", "x.csv"], "argumen --kind: pilihan 'rapat' tidak dikenal"),
    (["--tidak-ada", "x.csv"], "argumen tidak dikenal: --tidak-ada"),
    (["--db"], "argumen --db: perlu satu nilai"),
])
def test_wrong_command_is_explained_in_indonesian(args: list[str], phrase: str) -> None:
    out = _run("data_loaders", *args)
    assert_refused(out, 2, "penggunaan: python -m data_loaders", f"python -m data_loaders: galat: {phrase}")


# --- the upload page's path ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("spoil, kind", [
    (lambda db: db.write_bytes(_header_zeroed(db.read_bytes())), cow.StoreCorrupt),
    (lambda db: _raise_version(db, SCHEMA_VERSION + 1), cow.StoreTooNew),
], ids=["rusak", "lebih_baru"])
def test_upload_load_files_refuses_with_the_store_error(spoil: Callable[[Path], None], kind: type,
                                                        store_template: Path, tmp_path: Path) -> None:
    db = copy_store(store_template, tmp_path)
    spoil(db)
    before = folder_state(tmp_path)
    for dry_run in (True, False):  # the page's dry run, then its load
        with pytest.raises(kind) as caught:
            load_files(db, [Source.from_path(KOMUNITAS)], dry_run=dry_run)
        assert str(db) in str(caught.value)
    assert leftovers(tmp_path) == []
    assert folder_state(tmp_path) == before


def _upload_app(db: str) -> None:
    from data_loaders.load import Source, load_files
    from tests.support import ROOT
    from ui import actions, upload

    source = Source.from_path(ROOT / "tests" / "unit" / "fixtures" / "komunitas_pmm.csv")
    actions.attempt(lambda: load_files(db, [source], dry_run=True), **upload._GAGAL)


def test_upload_page_shows_the_store_message(store_template: Path, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from streamlit.testing.v1 import AppTest

    from tests.conftest import streamlit_env

    db = copy_store(store_template, tmp_path)
    _raise_version(db, SCHEMA_VERSION + 1)
    with streamlit_env(monkeypatch):
        at = AppTest.from_function(_upload_app, args=(str(db),), default_timeout=30).run()
    assert not at.exception, at.exception
    shown = [e.value for e in at.error]
    assert len(shown) == 1 and "lebih baru" in shown[0] and "versi skema" in shown[0], shown
    assert "simpan ulang" not in shown[0]  # not the wrong fix of an unreadable file


def test_dashboard_page_on_a_corrupt_store(store_template: Path, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from streamlit.testing.v1 import AppTest

    from tests.conftest import streamlit_env

    db = copy_store(store_template, tmp_path)
    db.write_bytes(_truncated(db.read_bytes()))
    users = tmp_path / "pengguna.toml"
    users.write_text('[pengguna."admin@upt.id"]\nperan = "admin"\n', encoding="utf-8")
    before = folder_state(tmp_path)
    monkeypatch.setenv("KOMBEL_DB", str(db))
    monkeypatch.setenv("KOMBEL_SAMPLE", "0")
    monkeypatch.setenv("KOMBEL_PENGGUNA", str(users))
    with streamlit_env(monkeypatch):
        at = AppTest.from_file(str(ROOT / "pages" / "ringkasan.py"), default_timeout=30).run()
    assert not at.exception, at.exception
    shown = [e.value for e in at.error]
    assert any("rusak" in s and "pulihkan dari cadangan" in s for s in shown), shown
    assert folder_state(tmp_path) == before


def test_write_transaction_leaves_no_copy_when_the_body_fails(empty_store: Path) -> None:
    """The in-process path (edits, the upload page): the caller's error passes through unchanged."""
    before = folder_state(empty_store.parent)
    with pytest.raises(ZeroDivisionError), write_transaction(empty_store) as con:
        con.execute("create table coba (x INTEGER)")
        raise ZeroDivisionError
    assert leftovers(empty_store.parent) == []
    assert folder_state(empty_store.parent) == before

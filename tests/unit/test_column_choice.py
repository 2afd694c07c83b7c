"""A required column the loader does not recognise can be named by the user (CLI `--kolom`, the upload page's
mapping table), and the choice is remembered for later files with the same headers (issue 13, item 2)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from data_loaders.load import LoadError, Source, chosen_columns, load_files, preview_mapping
from tests.support import ROOT

REGISTRY = ROOT / "tests/reliability/fixtures/komunitas_dasar.csv"
# A Google Form whose date question is "Hari Pertemuan" and topic "Pokok Bahasan": neither is a known synonym.
SEPTEMBER = "ID Komunitas;Hari Pertemuan;Pokok Bahasan\nKOM-001;15/09/2022;Asesmen\nKOM-002;16/09/2022;P5\n"
OCTOBER = "ID Komunitas;Hari Pertemuan;Pokok Bahasan\nKOM-001;13/10/2022;Diferensiasi\n"


@pytest.fixture
def db(empty_store: Path) -> Path:
    load_files(empty_store, [Source.from_path(REGISTRY)])
    return empty_store


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "data_loaders", *args], cwd=ROOT, capture_output=True, text=True,
                          env=dict(os.environ), timeout=120)


def activities(db: Path) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("select id_komunitas, cast(tanggal as varchar), topik, sumber_file from kegiatan "
                           "order by tanggal").fetchall()


def test_unrecognised_required_column_is_reported_not_refused() -> None:
    found = preview_mapping(Source("rapat.csv", SEPTEMBER.encode()), "kegiatan")
    assert found.kind == "kegiatan" and found.missing == [("tanggal",)]
    assert found.mapping == {"ID Komunitas": "id_komunitas"}
    assert found.ignored == ["Hari Pertemuan", "Pokok Bahasan"]
    unknown = preview_mapping(Source("rapat.csv", SEPTEMBER.encode()))
    assert unknown.kind is None and unknown.ignored == ["ID Komunitas", "Hari Pertemuan", "Pokok Bahasan"]


def test_cli_kolom_loads_and_is_remembered_for_the_next_month(db: Path, tmp_path: Path) -> None:
    sept, octo = tmp_path / "rapat_september.csv", tmp_path / "rapat_oktober.csv"
    sept.write_text(SEPTEMBER)
    octo.write_text(OCTOBER)
    refused = cli("--db", str(db), str(sept))
    assert refused.returncode == 2 and "rapat_september.csv" in refused.stderr
    assert activities(db) == []

    out = cli("--db", str(db), "--kolom", "tanggal=hari pertemuan", "--kolom", "topik=Pokok Bahasan", str(sept))
    assert out.returncode == 0, out.stderr
    assert "'Hari Pertemuan' -> tanggal" in out.stdout and "'Pokok Bahasan' -> topik" in out.stdout
    assert activities(db) == [("KOM-001", "2022-09-15", "Asesmen", "rapat_september.csv"),
                              ("KOM-002", "2022-09-16", "P5", "rapat_september.csv")]

    preview = preview_mapping(Source.from_path(octo), db=db)
    assert preview.remembered and preview.kind == "kegiatan" and preview.missing == []
    assert preview.mapping == {"ID Komunitas": "id_komunitas", "Hari Pertemuan": "tanggal", "Pokok Bahasan": "topik"}
    later = cli("--db", str(db), str(octo))  # no --kolom: the same headers are read as before
    assert later.returncode == 0, later.stderr
    assert "Pemetaan kolom (diingat dari berkas sebelumnya dengan judul kolom yang sama):" in later.stdout
    assert activities(db)[-1] == ("KOM-001", "2022-10-13", "Diferensiasi", "rapat_oktober.csv")


def test_dry_run_kolom_is_not_remembered(db: Path, tmp_path: Path) -> None:
    sept = tmp_path / "rapat.csv"
    sept.write_text(SEPTEMBER)
    out = cli("--db", str(db), "--dry-run", "--kolom", "tanggal=Hari Pertemuan", str(sept))
    assert out.returncode == 0 and "ditambah 2" in out.stdout, out.stderr
    assert not preview_mapping(Source.from_path(sept), db=db).remembered


@pytest.mark.parametrize(("choice", "words"), [
    ("tanggal=Hari Rapat", ["'Hari Rapat'", "--kolom tanggal=Hari Rapat", "rapat.csv"]),
    ("tanggal_rapat=Hari Pertemuan", ["rapat.csv", "'tanggal_rapat'", "Pilihan:"]),
])
def test_cli_kolom_mistakes_name_the_file_and_change_nothing(db: Path, tmp_path: Path, choice: str,
                                                            words: list[str]) -> None:
    sept = tmp_path / "rapat.csv"
    sept.write_text(SEPTEMBER)
    before = db.read_bytes()
    out = cli("--db", str(db), "--kolom", choice, str(sept))
    assert out.returncode == 2 and "Traceback" not in out.stderr
    for word in words:
        assert word in out.stderr, out.stderr
    assert db.read_bytes() == before


def test_kolom_replaces_the_header_that_was_read_as_that_column(tmp_path: Path) -> None:
    # Two date columns: "Tanggal Isi" was taken as the activity date; the user says the other one is.
    data = (b"ID Komunitas;Tanggal Isi;Tanggal Rapat Sebenarnya\nKOM-001;01/10/2022;15/09/2022\n")
    found = preview_mapping(Source("r.csv", data))
    assert found.mapping["Tanggal Isi"] == "tanggal"
    chosen = chosen_columns(None, [Source("r.csv", data)], None, {"tanggal": "Tanggal Rapat Sebenarnya"})
    assert chosen == {"r.csv": {"ID Komunitas": "id_komunitas", "Tanggal Rapat Sebenarnya": "tanggal"}}
    with pytest.raises(LoadError, match="'Tanggal Lain'"):
        chosen_columns(None, [Source("r.csv", data)], None, {"tanggal": "Tanggal Lain"})

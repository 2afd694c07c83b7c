"""Tiny stores for the theme tests: direct INSERTs with provenance defaults."""
from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest

from data_loaders.store import ensure_store

LOADED_AT = datetime(2022, 11, 1, 8, 0)


@pytest.fixture(scope="session")
def _store_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "kombel.duckdb"
    ensure_store(path)
    return path


@pytest.fixture
def empty_store(_store_template: Path, tmp_path: Path) -> Path:
    """Same as tests/conftest.py's, but copied from one store built per session (seconds saved per test)."""
    path = tmp_path / "kombel.duckdb"
    shutil.copyfile(_store_template, path)
    return path


def _insert(con: duckdb.DuckDBPyConnection, table: str, row: dict[str, Any]) -> None:
    marks = ", ".join("?" for _ in row)
    con.execute(f"insert into {table} ({', '.join(row)}) values ({marks})", list(row.values()))


def add_komunitas(
    con: duckdb.DuckDBPyConnection, id_komunitas: str, nama: str, kode_kabkota: str,
    jenis: str = "dalam_sekolah", jenjang: str = "SD",
) -> None:
    _insert(con, "komunitas", {
        "id_komunitas": id_komunitas, "nama_komunitas": nama, "nama_normal": nama.casefold(),
        "jenis": jenis, "kode_kabkota": kode_kabkota, "jenjang": jenjang,
        "sumber_file": "komunitas.csv", "sumber_baris": 2, "dimuat_pada": LOADED_AT,
    })


def add_refleksi(
    con: duckdb.DuckDBPyConnection, id_refleksi: str, id_komunitas: str, tanggal: date, komponen: str, jawaban: str,
) -> None:
    _insert(con, "refleksi", {
        "id_refleksi": id_refleksi, "id_komunitas": id_komunitas, "tanggal": tanggal,
        "periode": f"{tanggal.year}-{tanggal.month - (tanggal.month + 1) % 2:02d}/{tanggal.month + tanggal.month % 2:02d}",
        "komponen": komponen, "jawaban": jawaban,
        "sumber_file": "refleksi.xlsx", "sumber_baris": 2, "dimuat_pada": LOADED_AT,
    })

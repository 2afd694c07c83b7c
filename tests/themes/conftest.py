"""Tiny stores for the theme tests: direct INSERTs with provenance defaults."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

import duckdb

LOADED_AT = datetime(2022, 11, 1, 8, 0)


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

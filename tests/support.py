"""Tiny hand-made stores for the query tests: direct INSERTs with provenance defaults."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pytest

from queries.runner import Filters, run_query
from queries.scope import ADMIN, Scope
from store import rollup
from store.database import open_readonly, write_transaction
from tests.conftest import copy_store

LOADED_AT = datetime(2024, 6, 1, 8, 0)


def _provenance(file: str, line: int) -> dict[str, Any]:
    return {"sumber_file": file, "sumber_baris": line, "dimuat_pada": LOADED_AT}


def _insert(con: duckdb.DuckDBPyConnection, table: str, row: dict[str, Any]) -> None:
    cols = ", ".join(row)
    marks = ", ".join("?" for _ in row)
    con.execute(f"insert into {table} ({cols}) values ({marks})", list(row.values()))


def add_komunitas(
    con: duckdb.DuckDBPyConnection,
    id_komunitas: str,
    *,
    jenis: str | None = "antar_sekolah",
    kode_kabkota: str = "32.04",
    tanggal_terdaftar: date | None = None,
    npsn: str | None = None,
    jenjang: str | None = "SD",
    terdaftar_pmm: bool | None = True,
    nama_komunitas: str | None = None,
    penggerak_nama: str | None = None,
    penggerak_email: str | None = None,
) -> None:
    nama = nama_komunitas or f"Kombel {id_komunitas}"
    _insert(con, "komunitas", {
        "id_komunitas": id_komunitas, "nama_komunitas": nama, "nama_normal": nama.casefold(),
        "jenis": jenis, "npsn": npsn, "kode_kabkota": kode_kabkota, "jenjang": jenjang,
        "penggerak_nama": penggerak_nama, "penggerak_email": penggerak_email, "jumlah_anggota": 10,
        "tanggal_terdaftar": tanggal_terdaftar, "terdaftar_pmm": terdaftar_pmm,
        **_provenance("komunitas.csv", 2),
    })


_kegiatan_seq = iter(range(1, 10**9))


def add_kegiatan(
    con: duckdb.DuckDBPyConnection,
    id_komunitas: str,
    tanggal: date,
    durasi_menit: int | None = None,
    *,
    bentuk: str | None = "belajar bersama",
    moda: str | None = "luring",
) -> None:
    n = next(_kegiatan_seq)
    _insert(con, "kegiatan", {
        "id_kegiatan": f"k{n}", "id_komunitas": id_komunitas, "tanggal": tanggal,
        "durasi_menit": durasi_menit, "topik": f"Topik {n}", "bentuk": bentuk, "moda": moda,
        "jumlah_peserta": 8, "tautan_dokumentasi": None, **_provenance("kegiatan.csv", n + 1),
    })


def add_sekolah(
    con: duckdb.DuckDBPyConnection, npsn: str, *, kode_kabkota: str = "32.04", jenjang: str = "SD"
) -> None:
    _insert(con, "sekolah", {
        "npsn": npsn, "nama_sekolah": f"SD Negeri {npsn}", "jenjang": jenjang, "kode_kabkota": kode_kabkota,
        "jalur_ikm": "mandiri berubah", **_provenance("sekolah.xlsx", 2),
    })


def add_refleksi(
    con: duckdb.DuckDBPyConnection, id_komunitas: str, tanggal: date, periode: str, komponen: str = "hal_baik"
) -> None:
    n = next(_kegiatan_seq)
    _insert(con, "refleksi", {
        "id_refleksi": f"r{n}", "id_komunitas": id_komunitas, "tanggal": tanggal, "periode": periode,
        "komponen": komponen, "jawaban": "Pertemuan rutin berjalan baik", **_provenance("refleksi.csv", n + 1),
    })


@dataclass
class TinyStore:
    """A store file plus a read-only connection opened after the rows were written."""

    path: Path
    _con: duckdb.DuckDBPyConnection | None = field(default=None, repr=False)

    def build(self, fill: Callable[[duckdb.DuckDBPyConnection], None]) -> TinyStore:
        with write_transaction(self.path) as con:
            fill(con)
            rollup.rebuild(con)  # add_kegiatan writes kegiatan directly, as the loader's refresh would not see
        return self

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        if self._con is None:
            self._con = open_readonly(self.path)
        return self._con

    def run(self, name: str, scope: Scope = ADMIN, **filters: Any) -> pd.DataFrame:
        return run_query(self.con, name, Filters(**filters), scope)

    def rows(self, name: str, key: str = "id_komunitas", **filters: Any) -> dict[str, dict[str, Any]]:
        """Rows keyed by `key`, with NA turned into None so tests compare plain values."""
        df = self.run(name, **filters).astype(object)
        df = df.where(df.notna(), None)
        return {r[key]: r for r in df.to_dict("records")}

    def close(self) -> None:
        if self._con is not None:
            self._con.close()


def new_store(template: Path, directory: Path) -> TinyStore:
    return TinyStore(copy_store(template, directory))


@pytest.fixture
def tiny(store_template: Path, tmp_path: Path) -> Iterator[TinyStore]:
    store = new_store(store_template, tmp_path)
    yield store
    store.close()


def module_store(fill: Callable[[duckdb.DuckDBPyConnection], None]):
    """A fixture: one store per test module, filled once and only read by its tests."""

    @pytest.fixture(scope="module")
    def store(store_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TinyStore]:
        built = new_store(store_template, tmp_path_factory.mktemp("store")).build(fill)
        yield built
        built.close()

    return store

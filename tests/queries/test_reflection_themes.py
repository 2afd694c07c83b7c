"""reflection_items, reflection_themes and bimonthly_report on a hand-built store.

Themes are inserted directly into butir_refleksi (not classified) so every count below
is checked by hand, independent of the classifier.
"""
from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd
import pytest

from queries.runner import Filters, run_query
from queries.scope import ADMIN, Scope
from store.meta import set_meta
from tests.support import TinyStore, add_komunitas, add_refleksi

PERIOD = Filters(dari=date(2022, 9, 1), sampai=date(2022, 10, 31))
P = "2022-09/10"

# (id_refleksi, id_komunitas, tanggal, komponen, [(butir, tema, skor), ...])
ANSWERS = [
    ("A1", "A", date(2022, 9, 5), "hal_baik", [("rutin tiap minggu", "pertemuan rutin terjadwal", 0.8),
                                              ("kepsek dukung", "dukungan kepala sekolah", 0.7)]),
    ("A2", "A", date(2022, 10, 5), "hal_baik", [("KS mendukung penuh", "dukungan kepala sekolah", 0.9)]),
    ("B1", "B", date(2022, 9, 6), "hal_baik", [("jadwal teratur", "pertemuan rutin terjadwal", 0.6),
                                              ("KS hadir", "dukungan kepala sekolah", 0.9)]),
    ("C1", "C", date(2022, 9, 7), "hal_baik", [("rapat rutin", "pertemuan rutin terjadwal", 0.5),
                                              ("Pak Joko", "lainnya", 0.1)]),
    ("A3", "A", date(2022, 9, 5), "dampak_peserta_didik", [("siswa aktif", "siswa lebih aktif dan termotivasi", 0.5)]),
    ("A4", "A", date(2022, 9, 5), "dampak_guru_kepsek", [("murid semangat", "siswa lebih aktif dan termotivasi", 0.6)]),
    ("B2", "B", date(2022, 9, 6), "dampak_guru_kepsek", [("guru kompak", "budaya kolaborasi antar guru", 0.7)]),
    ("A5", "A", date(2022, 9, 5), "risiko", [
        ("jadwal bentrok", "jadwal bentrok/waktu terbatas", 0.5), ("dana kurang", "keterbatasan dana", 0.5),
        ("sinyal", "kendala jaringan/listrik/perangkat", 0.5),
        ("guru pindah", "mutasi/pergantian guru atau kepala sekolah", 0.5),
        ("malas", "menurunnya partisipasi/semangat anggota", 0.5), ("jalan rusak", "jarak dan akses lokasi", 0.5),
        ("entah", "lainnya", 0.1),
    ]),
    ("B3", "B", date(2022, 9, 6), "risiko", [("biaya", "keterbatasan dana", 0.4), ("tidak ada", "lainnya", 0.0)]),
    ("B4", "B", date(2022, 9, 6), "tantangan", [("waktu sempit", "jadwal bentrok/waktu terbatas", 0.5)]),
    ("C2", "C", date(2022, 9, 7), "risiko", [("biaya", "keterbatasan dana", 0.3)]),
    # outside the period: never counted
    ("A9", "A", date(2022, 11, 2), "hal_baik", [("rutin", "pertemuan rutin terjadwal", 0.9)]),
]


def fill(con: duckdb.DuckDBPyConnection) -> None:
    add_komunitas(con, "A", nama_komunitas="Kombel Anggrek", kode_kabkota="32.04", jenis="dalam_sekolah", jenjang="SD")
    add_komunitas(con, "B", nama_komunitas="Kombel Bakti", kode_kabkota="32.04", jenis="antar_sekolah", jenjang="SMP")
    add_komunitas(con, "C", nama_komunitas="Kombel Cempaka", kode_kabkota="32.73", jenis="dalam_sekolah", jenjang="SD")
    set_meta(con, "versi_leksikon", "2")  # the items of version 1 below are stale
    for id_refleksi, kom, tanggal, komponen, items in ANSWERS:
        add_refleksi(con, kom, tanggal, komponen, id_refleksi=id_refleksi, jawaban="\n".join(b for b, _, _ in items))
        for n, (butir, tema, skor) in enumerate(items, start=1):
            con.execute("insert into butir_refleksi values (?, ?, ?, ?, ?, 2, true)",
                        [id_refleksi, n, butir, tema, skor])
            # a stale row of the old version must never show
            con.execute("insert into butir_refleksi values (?, ?, ?, 'usang', 1.0, 1, true)",
                        [id_refleksi, n + 100, butir])


@pytest.fixture
def store(tiny: TinyStore) -> duckdb.DuckDBPyConnection:
    return tiny.build(fill).con


def _run(con, name: str, scope: Scope = ADMIN, **kw) -> pd.DataFrame:
    filters = Filters(dari=PERIOD.dari, sampai=PERIOD.sampai, **kw)
    return run_query(con, name, filters, scope)


def test_reflection_items_columns_scope_and_period(store) -> None:
    df = _run(store, "reflection_items")
    assert list(df.columns) == [
        "id_komunitas", "nama_komunitas", "kode_kabkota", "periode", "komponen", "jawaban", "butir", "tema", "skor",
    ]
    assert len(df) == 21  # current-version items dated in the period (A9 is in November)
    assert "usang" not in set(df["tema"]) and set(df["periode"]) == {P}
    first = df.iloc[0]
    assert (first["id_komunitas"], first["komponen"], first["butir"]) == ("A", "hal_baik", "rutin tiap minggu")
    assert first["jawaban"] == "rutin tiap minggu\nkepsek dukung"
    wali = Scope(email="wali@upt.id", peran="wali_wilayah", kabkota=("32.73",))
    assert _run(store, "reflection_items", wali)["butir"].tolist() == ["rapat rutin", "Pak Joko", "biaya"]
    assert set(_run(store, "reflection_items", jenis="antar_sekolah")["id_komunitas"]) == {"B"}
    assert set(_run(store, "reflection_items", jenjang="SD", kabkota=("32.04",))["id_komunitas"]) == {"A"}


def test_reflection_themes_rank_ties_and_example(store) -> None:
    df = _run(store, "reflection_themes")
    assert list(df.columns) == ["periode", "komponen", "tema", "jumlah_komunitas", "jumlah_butir", "contoh"]
    hal_baik = df[df["komponen"] == "hal_baik"][["tema", "jumlah_komunitas", "jumlah_butir", "contoh"]]
    assert hal_baik.values.tolist() == [
        # 3 communities beats 2; among equal-score examples the shorter wins ("KS hadir")
        ["pertemuan rutin terjadwal", 3, 3, "rutin tiap minggu"],
        ["dukungan kepala sekolah", 2, 3, "KS hadir"],
        ["lainnya", 1, 1, "Pak Joko"],
    ]
    guru = df[df["komponen"] == "dampak_guru_kepsek"]["tema"].tolist()
    assert guru == ["budaya kolaborasi antar guru", "siswa lebih aktif dan termotivasi"]  # full tie: by name
    assert df["komponen"].drop_duplicates().tolist() == [
        "hal_baik", "dampak_peserta_didik", "dampak_guru_kepsek", "tantangan", "risiko",
    ]
    wali = Scope(email="wali@upt.id", peran="wali_wilayah", kabkota=("32.73",))
    scoped = _run(store, "reflection_themes", wali, kabkota=("32.04", "32.73"))
    assert scoped[["komponen", "tema", "jumlah_komunitas"]].values.tolist() == [
        ["hal_baik", "lainnya", 1], ["hal_baik", "pertemuan rutin terjadwal", 1], ["risiko", "keterbatasan dana", 1],
    ]


def test_reflection_themes_tie_on_communities_broken_by_items(store) -> None:
    df = _run(store, "reflection_themes", kabkota=("32.04",))
    hal_baik = df[df["komponen"] == "hal_baik"][["tema", "jumlah_komunitas", "jumlah_butir"]]
    assert hal_baik.values.tolist() == [
        ["dukungan kepala sekolah", 2, 3],
        ["pertemuan rutin terjadwal", 2, 2],
    ]


def test_bimonthly_report_top5_without_lainnya(store) -> None:
    df = _run(store, "bimonthly_report")
    assert list(df.columns) == [
        "periode", "komponen_laporan", "peringkat", "tema", "jumlah_komunitas", "jumlah_butir", "contoh",
    ]
    assert df["komponen_laporan"].drop_duplicates().tolist() == ["hal_baik", "dampak", "risiko"]
    assert "lainnya" not in set(df["tema"])
    dampak = df[df["komponen_laporan"] == "dampak"][["peringkat", "tema", "jumlah_komunitas", "jumlah_butir", "contoh"]]
    assert dampak.values.tolist() == [
        # A said it for both dampak components: one community, two items
        [1, "siswa lebih aktif dan termotivasi", 1, 2, "murid semangat"],
        [2, "budaya kolaborasi antar guru", 1, 1, "guru kompak"],
    ]
    risiko = df[df["komponen_laporan"] == "risiko"]
    assert risiko["peringkat"].tolist() == [1, 2, 3, 4, 5]
    assert risiko["tema"].tolist() == [
        "keterbatasan dana",  # 3 communities
        "jadwal bentrok/waktu terbatas", "jarak dan akses lokasi", "kendala jaringan/listrik/perangkat",
        "menurunnya partisipasi/semangat anggota",  # 6th (mutasi/...) falls out; tantangan is not risiko
    ]
    # "biaya" was written by two communities: the common wording beats the higher-scored "dana kurang"
    assert risiko.iloc[0][["jumlah_komunitas", "jumlah_butir", "contoh"]].tolist() == [3, 3, "biaya"]
    empty = _run(store, "bimonthly_report", Scope(email="x@upt.id", peran="wali_wilayah", kabkota=()))
    assert empty.empty

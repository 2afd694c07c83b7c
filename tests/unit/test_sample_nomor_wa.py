"""The sample's WhatsApp numbers (issue 16 item 1): most but not all penggerak give one, every stored number is of
the obviously fictitious 0812-0000-NNNN series, and the typed variants load as the loader's rules say."""
from __future__ import annotations

import re
from pathlib import Path

import sample.generate as sample
from data_loaders.load import Source, load_files
from store.database import open_readonly
from tests.support import copy_store


def test_sample_penggerak_numbers_are_fictitious_and_most_have_one(store_template: Path, tmp_path: Path) -> None:
    files = tmp_path / "sampel"
    sample.generate(files)
    db = copy_store(store_template, tmp_path)
    report = load_files(db, [Source.from_path(files / sample.F_PENGGERAK),
                             Source.from_path(files / sample.F_PENGGERAK_2)])
    assert sum(f.dikarantina for f in report.files) == 0
    con = open_readonly(db)
    try:
        total, known = con.execute("select count(*), count(penggerak_wa) from penggerak").fetchall()[0]
        numbers = [n for (n,) in con.execute("select penggerak_wa from penggerak where penggerak_wa is not null")
                   .fetchall()]
        methods = dict(con.execute("select metode, sum(jumlah_baris) from koreksi group by all").fetchall())
    finally:
        con.close()
    assert total > 1000 and 0.80 < known / total < 0.90
    assert all(re.fullmatch(r"628120000\d{4}", n) for n in numbers)
    assert len(set(numbers)) == len(numbers)  # one number per penggerak
    assert methods.get("nomor_pertama_dipakai", 0) > 0 and methods.get("dikosongkan_nomor_tidak_terbaca", 0) > 0

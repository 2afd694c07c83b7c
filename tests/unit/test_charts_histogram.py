"""The weekly-rule histogram is drawn from counted bands (issue 19): a band's bar is the sum of its communities,
never a row per community expanded again."""
from __future__ import annotations

import pandas as pd

from ui import charts


def test_bands_sum_their_communities_per_jenis() -> None:
    sebaran = pd.DataFrame({
        "persen": [0, 30, 100, 30, 35],
        "jenis": ["daring_pmm", "antar_sekolah", "daring_pmm", "daring_pmm", "daring_pmm"],
        "jumlah_komunitas": [5, 2, 7, 1, 4],
    })
    fig = charts.histogram(sebaran, "persen", "jumlah_komunitas", judul="j", sub="s", label_x="x", warna="jenis")
    bars = {(t.name, x): int(y) for t in fig.data for x, y in zip(t.x, t.y)}
    assert bars == {("Daring (PMM)", "0–10 %"): 5, ("Daring (PMM)", "30–40 %"): 5, ("Daring (PMM)", "100 %"): 7,
                    ("Antar sekolah", "30–40 %"): 2}

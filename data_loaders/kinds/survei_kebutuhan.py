"""Needs survey (Bab 2 §B.7): Google Forms responses whose multi-select question (`Topik peningkatan kapasitas
yang dibutuhkan`) arrives as one cell `Asesmen, P5, Modul ajar`; stored as one row per (response, topic)."""
from __future__ import annotations

import hashlib
import re

import pandas as pd

from data_loaders import normalise as nz
from data_loaders.batch import PROVENANCE_CASTS, Batch, Counts, provenance, stage

# Google Forms joins the ticked options with ", "; people typing add `;` or new lines. A comma inside
# parentheses belongs to one option (`Asesmen (diagnostik, formatif)`), so it does not split.
_SEPARATOR = re.compile(r"[;\n]|,(?![^()]*\))")


def split_topics(cell: str) -> list[str]:
    """The options of one multi-select cell, spaces collapsed, each once, in the order given."""
    seen: dict[str, str] = {}
    for part in _SEPARATOR.split(cell):
        topic = " ".join(part.split()).strip(" .-•")
        if topic and topic.casefold() not in seen:
            seen[topic.casefold()] = topic
    return list(seen.values())


def apply(batch: Batch) -> Counts:
    batch.require("topik_kebutuhan")
    waktu = batch.dates("waktu_pengisian", with_time=True)
    waktu = waktu.astype(object).where(waktu.notna(), None)
    kode, _ = batch.kabkota(required=False)
    batch.reject_kabkota(kode)
    email = batch.parse("penggerak_email", nz.parse_email, reject=False)  # not an address: dropped
    topics = nz.map_unique(batch.col("topik_kebutuhan"), split_topics)[0]
    ok = batch.ok
    nama = batch.col("penggerak_nama")
    prov = provenance(batch, ok)
    rows = []
    for pos, i in enumerate(batch.frame.index[ok.to_numpy()]):
        key = "|".join(str(v or "") for v in (batch.col("waktu_pengisian")[i], email[i], nama[i],
                                              kode[i], batch.col("topik_kebutuhan")[i]))
        ident = hashlib.md5(key.encode("utf-8")).hexdigest()
        for topic in topics[i] or []:
            rows.append({"id_respons": ident, "waktu_pengisian": waktu[i], "penggerak_nama": nama[i],
                         "penggerak_email": email[i], "kode_kabkota": kode[i], "topik": topic,
                         "sumber_file": prov["sumber_file"], "sumber_baris": int(prov["sumber_baris"][pos]),
                         "dimuat_pada": prov["dimuat_pada"]})
    columns = ["id_respons", "waktu_pengisian", "penggerak_nama", "penggerak_email", "kode_kabkota", "topik",
               "sumber_file", "sumber_baris", "dimuat_pada"]
    frame = pd.DataFrame(rows, columns=columns, dtype=object)
    batch.tick("menyimpan baris")
    con = batch.con
    stage(con, "_stage", frame, {"id_respons": "varchar", "waktu_pengisian": "timestamp", "penggerak_nama": "varchar",
                                 "penggerak_email": "varchar", "kode_kabkota": "varchar", "topik": "varchar",
                                 **PROVENANCE_CASTS})
    # Counted per response (file row): a response is new when none of its topics is stored yet.
    added = con.execute("""
        select count(distinct id_respons) from _stage s
        where not exists (select 1 from survei_kebutuhan t where t.id_respons = s.id_respons)
    """).fetchall()[0][0]
    con.execute(f"""
        insert into survei_kebutuhan ({", ".join(columns)})
        select {", ".join(columns)} from _stage s
        where not exists (select 1 from survei_kebutuhan t where t.id_respons = s.id_respons and t.topik = s.topik)
        qualify row_number() over (partition by id_respons, topik order by sumber_baris) = 1
    """)
    return Counts(ditambah=added, sudah_ada=int(ok.sum()) - added)

"""Activity topics (and `hal_baik` reflection items) -> an RTL theme, once per distinct text (issue 17 item 3).

RTL follow-through (queries/rtl_tindak_lanjut.sql) asks whether a community's follow-up plans of one period
show up in the next. The plans are reflection items of the `rencana_tindak_lanjut` lexicon group, so what the
community did next is classified against that same group: each distinct activity topic (kegiatan.topik) and
each distinct `hal_baik` item (what went well: what was done), as written, gets one row in `tema_topik`.
Topics repeat heavily (a few hundred thousand distinct texts among 15 million activities), so the classifier
runs once per text, not per activity.

`tema_topik` always equals a from-scratch classification of the texts present, with the lexicon version the
reflections are classified with (meta `versi_leksikon_topik`). It is kept in the same write transaction as
every change:
- an activity load (kinds/kegiatan.py) adds the staged topics not yet classified (`tambah`);
- classify_pending (every reflection load, a re-applied quarantine, a lexicon save's reclassify_all) calls
  `perbarui`, which adds new `hal_baik` items, and starts over when the lexicon version changed;
- a merge of communities (edits/mappings.py) calls `perbarui(con, lengkap=True)`, which also drops texts
  no longer present.
A store migrated to schema 6 gets the table filled in the migration's transaction when the dashboard migrates it
(ui/first_start.py: ensure_store(after_migration=setelah_migrasi), which reclassifies the reflections and then
calls perbarui); migrated by a load, the load's own step fills it.
Never imports streamlit.
"""
from __future__ import annotations

from collections.abc import Callable

import duckdb
import pandas as pd

from store.meta import get_meta, set_meta
from vocab import KOMPONEN_BUKTI_RTL

KOMPONEN_RTL = "rencana_tindak_lanjut"  # the lexicon group topics are classified against
KOMPONEN_BUKTI = KOMPONEN_BUKTI_RTL  # reflection komponen whose items count as what was done
META_VERSI = "versi_leksikon_topik"

# Every text the table must hold (given the reflection items of lexicon version $versi).
_SEMUA_TEKS = """
    select distinct topik as teks from kegiatan where topik is not null and trim(topik) <> ''
    union
    select distinct b.butir from butir_refleksi as b
    join refleksi as r on r.id_refleksi = b.id_refleksi
    where b.versi_leksikon = $versi and list_contains($komponen, r.komponen)
"""


def _lexicon(con: duckdb.DuckDBPyConnection, lexicon=None):
    from data_loaders.themes import current_lexicon  # late: the classifier pulls in scikit-learn

    return lexicon or current_lexicon(con)


def _versi(con: duckdb.DuckDBPyConnection) -> int:
    """The current lexicon version as themes.current_lexicon numbers it, without importing the classifier
    (1.5 s of scikit-learn an activity load with no new topic need not pay)."""
    return int(con.execute("select coalesce(max(versi), 1) from app.leksikon").fetchall()[0][0])


def _tulis(con: duckdb.DuckDBPyConnection, texts: list[str], lexicon, versi: int) -> int:
    from data_loaders.themes import classify

    if not texts:
        return 0
    themes = classify(texts, [KOMPONEN_RTL] * len(texts), lexicon)
    con.register("_tema_topik_baru", pd.DataFrame({
        "teks": pd.Series(texts, dtype="string"),
        "tema": pd.Series([h.tema for h in themes], dtype="string"),
        "skor": pd.Series([h.skor for h in themes], dtype="float64"),
    }))
    try:
        con.execute("insert into tema_topik select teks, tema, skor, ? from _tema_topik_baru", [versi])
    finally:
        con.unregister("_tema_topik_baru")
    return len(texts)


def _terkini(con: duckdb.DuckDBPyConnection, versi: int) -> bool:
    return get_meta(con, META_VERSI) == str(versi)


def perbarui(con: duckdb.DuckDBPyConnection, lengkap: bool = False, lexicon=None) -> int:
    """Bring tema_topik up to date with every text present; returns texts classified. Starts over when the
    lexicon version changed; `lengkap` also drops texts no longer present (after a merge)."""
    versi, lex = _lexicon(con, lexicon)
    if not _terkini(con, versi):
        con.execute("delete from tema_topik")
    elif lengkap:
        con.execute(f"delete from tema_topik where teks not in ({_SEMUA_TEKS})",
                    {"versi": versi, "komponen": list(KOMPONEN_BUKTI)})
    baru = [r[0] for r in con.execute(f"""
        select teks from ({_SEMUA_TEKS}) as s
        where not exists (select 1 from tema_topik as t where t.teks = s.teks)
        order by teks
    """, {"versi": versi, "komponen": list(KOMPONEN_BUKTI)}).fetchall()]
    set_meta(con, META_VERSI, str(versi))
    return _tulis(con, baru, lex, versi)


def setelah_migrasi(con: duckdb.DuckDBPyConnection, progress: Callable[[float, str], None] | None = None) -> int:
    """The dashboard's hook after a schema migration (ui/first_start.py): classify the reflections without items
    of the current version (schema 7 deleted them all), which ends with `perbarui`. Late import, like _lexicon."""
    from data_loaders.themes import classify_pending

    return classify_pending(con, progress=progress)


def tambah(con: duckdb.DuckDBPyConnection, staged: str) -> int:
    """After an activity load: classify the topics of relation `staged` (column topik) not classified yet.
    When the table is not of the current lexicon version (a migrated store, a lexicon saved since), start
    over with every text instead."""
    versi = _versi(con)
    if not _terkini(con, versi):
        return perbarui(con)
    baru = [r[0] for r in con.execute(f"""
        select distinct s.topik from {staged} as s
        where s.topik is not null and trim(s.topik) <> ''
            and not exists (select 1 from tema_topik as t where t.teks = s.topik)
        order by 1
    """).fetchall()]
    return _tulis(con, baru, _lexicon(con)[1], versi) if baru else 0


def dari_awal(con: duckdb.DuckDBPyConnection, lexicon=None) -> pd.DataFrame:
    """A from-scratch classification of every text present (teks, tema, skor), for checks and tests."""
    versi, lex = _lexicon(con, lexicon)
    texts = [r[0] for r in con.execute(f"select teks from ({_SEMUA_TEKS}) order by teks",
                                       {"versi": versi, "komponen": list(KOMPONEN_BUKTI)}).fetchall()]
    from data_loaders.themes import classify

    themes = classify(texts, [KOMPONEN_RTL] * len(texts), lex)
    return pd.DataFrame({"teks": texts, "tema": [h.tema for h in themes], "skor": [h.skor for h in themes]})

"""Apply one parsed batch to the store — the step a load and a re-applied quarantine share.

`apply_batch` runs the kind's own pipeline (data_loaders/kinds) inside the caller's write transaction, then
drops its staging tables and records the corrections it made. The caller records the quarantine (a load
adds rows; re-applying updates the rows it re-ran) and classifies new reflections once per transaction.
"""
from __future__ import annotations

import json
from collections.abc import Callable

import duckdb
import pandas as pd
import pyarrow as pa

from data_loaders.batch import Batch, Counts
from data_loaders.kinds import kegiatan, kegiatan_upt, komunitas, penggerak, refleksi, sekolah, survei_kebutuhan
from store.schema import FORMAT_KEY, row_key

APPLY: dict[str, Callable[[Batch], Counts]] = {
    "sekolah": sekolah.apply, "penggerak": penggerak.apply, "komunitas": komunitas.apply, "kegiatan": kegiatan.apply,
    "refleksi": refleksi.apply, "kegiatan_upt": kegiatan_upt.apply, "survei_kebutuhan": survei_kebutuhan.apply,
}


def apply_batch(batch: Batch) -> Counts:
    """Insert what the batch's rows can place; rejected rows stay in `batch` (quarantine_rows)."""
    counts = APPLY[batch.kind](batch)
    drop_temporaries(batch.con)
    record_corrections(batch.con, batch)
    return counts


def classify_reflections(con: duckdb.DuckDBPyConnection) -> None:
    # Imported late: the classifier pulls in scikit-learn, which loads without reflections never need.
    from data_loaders.themes import classify_pending

    classify_pending(con)


def drop_temporaries(con: duckdb.DuckDBPyConnection) -> None:
    """Staging tables/views of one file must not leak into the next (nor into the saved store)."""
    for (name,) in con.execute("select view_name from duckdb_views() where temporary and not internal").fetchall():
        con.execute(f'drop view "{name}"')
    for (name,) in con.execute("select table_name from duckdb_tables() where temporary").fetchall():
        con.execute(f'drop table "{name}"')


def record_quarantine(con: duckdb.DuckDBPyConnection, batch: Batch, rows: list[dict]) -> None:
    """Add quarantine entries. An entry is known by its kind and its row's content (kunci_baris,
    store.schema.row_key), never by file name and row number: Google Forms and PMM exports reuse one file name
    every month, and month 2's row 3 is not month 1's row 3. A row whose content already has an entry is not
    added again — the same bytes uploaded again, or a monthly export repeating last month's rows, change no
    count — and an open entry takes the row's current reason. Identical rows within one file each keep their own
    entry: the n-th copy is added only when fewer than n entries of that content exist."""
    if not rows:
        return
    try:  # through Arrow: a pandas frame of a national file's 20,000 entries costs three times as much
        entries: pa.Table | pd.DataFrame = pa.Table.from_pylist(rows)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        entries = pd.DataFrame(rows)  # a column Arrow cannot type (mixed values): DuckDB's own pandas scan decides
    con.register("_karantina", entries)
    con.execute("""
        update karantina as k set kolom = q.kolom, nilai = q.nilai, kode_alasan = q.kode_alasan, alasan = q.alasan
        from (select distinct on (kunci_baris) * from _karantina order by kunci_baris, sumber_baris) as q
        where k.jenis_data = ? and k.kunci_baris = q.kunci_baris and k.diselesaikan_pada is null
          and k.kode_alasan <> q.kode_alasan
    """, [batch.kind])
    con.execute("""
        insert into karantina (jenis_data, sumber_file, sumber_baris, kolom, nilai, kode_alasan, alasan,
                               baris_json, dimuat_pada, sumber_sha256, kunci_baris)
        select $jenis::varchar, $file::varchar, cast(q.sumber_baris as integer), q.kolom, q.nilai, q.kode_alasan,
               q.alasan, q.baris_json, cast($now as timestamp), $sha::varchar, q.kunci_baris
        from (select *, row_number() over (partition by kunci_baris order by sumber_baris) as salinan
              from _karantina) as q
        left join (select kunci_baris, count(*) as ada from karantina where jenis_data = $jenis group by kunci_baris)
            as k on k.kunci_baris = q.kunci_baris
        where q.salinan > coalesce(k.ada, 0)
        order by q.sumber_baris
    """, {"jenis": batch.kind, "file": batch.sumber_file, "now": batch.now, "sha": batch.sumber_sha256})
    con.unregister("_karantina")


def record_corrections(con: duckdb.DuckDBPyConnection, batch: Batch) -> None:
    for k in batch.koreksi:
        con.execute("""
            insert into koreksi
            select ?, ?, ?, ?, ?, ?, ?
            where not exists (select 1 from koreksi where sumber_file = ? and kolom = ? and nilai_asli = ?
                              and nilai_baru = ? and metode = ?)
        """, [batch.sumber_file, k["kolom"], k["nilai_asli"], k["nilai_baru"], k["metode"], k["jumlah_baris"],
              batch.now, batch.sumber_file, k["kolom"], k["nilai_asli"], k["nilai_baru"], k["metode"]])


def resolve_earlier_quarantine(con: duckdb.DuckDBPyConnection, batch: Batch) -> None:
    """Open entries of earlier loads whose record this file now loaded (a corrected file, or the same row again
    after a new pemetaan or registry).

    The rule: an open entry of the same kind and file name, at a row number that loaded now, is resolved only
    when that row is the same record —
      - its content is the quarantined row's (same kunci_baris), or
      - it differs from the quarantined row in the column the entry names (`kolom`) and nowhere else, with at
        least one other value present and equal: the row corrected in place (`31/02/2022` fixed, a blank
        required value filled in, a misspelt kab/kota rewritten).
    Any other row at that number is another record — next month's export under the same name — and the entry
    stays open: file name and row number only pick the candidates, they never decide. Not matched (the entry
    stays open, conservative): a corrected row that moved to another row number or changed in a second column.
    """
    open_rows = con.execute("""
        select id_karantina, sumber_baris from karantina
        where sumber_file = ? and jenis_data = ? and diselesaikan_pada is null and sumber_baris is not null
    """, [batch.sumber_file, batch.kind]).fetchall()
    if not open_rows:
        return
    # Looked up per entry, not as a set of every loaded row: a national file has a million rows, and its own
    # quarantine (20,000 open entries of this very name, none at a loaded row) is among the entries.
    wanted = pd.Index([baris - 2 for _, baris in open_rows])
    index, ok = batch.frame.index, batch.ok.to_numpy()
    if not ok.any():
        return
    if index.is_unique:
        at = index.get_indexer(wanted)
        placed = (at >= 0) & ok[at]
    else:
        placed = wanted.isin(index[ok])
    chosen = [ident for (ident, _), hit in zip(open_rows, placed) if hit]
    if not chosen:
        return
    candidates = con.execute("""
        select id_karantina, sumber_baris, kolom, kunci_baris, baris_json from karantina
        where list_contains(?, id_karantina)
    """, [chosen]).fetchall()
    lines = sorted({r[1] for r in candidates})
    now_of = dict(zip(lines, batch.row_contents(pd.Index([b - 2 for b in lines]))))
    resolved = [ident for ident, baris, kolom, kunci, js in candidates
                if _same_record(json.loads(js), now_of[baris], kunci, kolom, batch.header_of)]
    if resolved:
        con.execute("update karantina set diselesaikan_pada = ? where list_contains(?, id_karantina)",
                    [batch.now, resolved])


def _same_record(before: dict, now: dict, kunci: str | None, kolom: str | None, header_of: dict[str, str]) -> bool:
    if row_key(now) == kunci:
        return True
    before = {k: v for k, v in before.items() if k != FORMAT_KEY}
    every = before.keys() | now.keys()
    changed = {k for k in every if before.get(k) != now.get(k)}
    # The entry names its column as written in the file (or by its canonical name after a re-apply).
    named = {k for k in changed if k == kolom or header_of.get(k) == kolom}
    return bool(changed) and changed == named and bool(every - changed)

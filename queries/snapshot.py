"""A snapshot: every query's result for one set of filters and one user's scope, in one ZIP.

For handing the figures of a period to someone without the dashboard (a report to the centre,
an audit): one CSV per runnable query, written exactly like the dashboard's downloads, plus
`manifest.json` saying what was asked, by whom, on which data. The scope is applied by the
runner as everywhere else, so a wali wilayah's snapshot holds only their kab/kota. The source
files are listed by metadata only (name, hash, kind, load time), never their rows.
Never imports streamlit.
"""
from __future__ import annotations

import io
import json
import zipfile
from datetime import datetime

import duckdb

from queries.export import to_csv_bytes
from queries.runner import Filters, query_names, run_query
from queries.scope import Scope

# The sidebar's kab/kota choices: a UI list, not a figure anyone reports.
NOT_IN_SNAPSHOT = {"kabkota_options": "daftar pilihan kab/kota untuk menu dasbor, bukan hasil pemantauan"}
MANIFEST = "manifest.json"


def _source_files(con: duckdb.DuckDBPyConnection) -> list[dict]:
    rows = con.execute(
        "select sumber_file, sha256, jenis_data, dimuat_pada from berkas order by dimuat_pada, sumber_file"
    ).fetchall()
    return [
        {"sumber_file": f, "sha256": h, "jenis_data": k, "dimuat_pada": t.isoformat(timespec="seconds")}
        for f, h, k, t in rows
    ]


def _filters(filters: Filters, scope: Scope) -> dict:
    effective = scope.effective_kabkota(filters.kabkota)
    return {
        "dari": filters.dari.isoformat(),
        "sampai": filters.sampai.isoformat(),
        "kabkota": list(filters.kabkota),
        "kabkota_diterapkan": "semua" if effective is None else effective,
        "jenis": filters.jenis,
        "jenjang": filters.jenjang,
        "ambang": filters.ambang,
        "libur": [d.isoformat() for d in filters.libur],
    }


def build_snapshot(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    scope: Scope,
    *,
    diperbarui_pada: str | None,
    app_version: str,
    dibuat_pada: datetime | None = None,
) -> bytes:
    """The ZIP's bytes. Parameters beyond `Filters` take their declared defaults (runner);
    any failure raises (a partial snapshot would mislead)."""
    dibuat_pada = dibuat_pada or datetime.now()
    stamp = dibuat_pada.timetuple()[:6]
    files: list[dict] = []
    skipped: list[dict] = [{"kueri": k, "alasan": v} for k, v in NOT_IN_SNAPSHOT.items()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name in query_names():
            if name in NOT_IN_SNAPSHOT:
                continue
            df = run_query(con, name, filters, scope)
            z.writestr(zipfile.ZipInfo(f"{name}.csv", stamp), to_csv_bytes(df), zipfile.ZIP_DEFLATED)
            files.append({"berkas": f"{name}.csv", "kueri": name, "baris": len(df), "kolom": list(df.columns)})
        manifest = {
            "versi_aplikasi": app_version,
            "dibuat_pada": dibuat_pada.isoformat(timespec="seconds"),
            "data_diperbarui_pada": diperbarui_pada,
            "lingkup": {
                "email": scope.email,
                "peran": scope.peran,
                "kabkota": "semua" if scope.kabkota is None else list(scope.kabkota),
            },
            "filter": _filters(filters, scope),
            "berkas": files,
            "dilewati": skipped,
            "berkas_sumber": _source_files(con),
        }
        text = json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
        z.writestr(zipfile.ZipInfo(MANIFEST, stamp), text.encode("utf-8"), zipfile.ZIP_DEFLATED)
    return buffer.getvalue()

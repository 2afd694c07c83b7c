"""Two walis mark contacts (edits.kontak, as the Aturan Mingguan page does) in two threads while a loader process
commits a load into the same store: every contact is kept, each wali's in their own region, and the load lands.
The contacts are written under the app state's lock, not the data's, so they go on while the load runs."""
from __future__ import annotations

import subprocess
import threading
from datetime import date

import duckdb

from data_loaders.load import Source, load_files
from edits.kontak import catat_kontak
from store import app_state
from store.database import open_readonly
from tests.reliability._support import ROOT, loader_cmd, write_kegiatan, write_komunitas


def test_two_walis_lose_nothing_while_a_load_commits(empty_store, tmp_path):
    db = empty_store
    write_komunitas(tmp_path / "komunitas_pmm.csv", 300, seed=31)
    load_files(db, [Source.from_path(tmp_path / "komunitas_pmm.csv")])
    write_kegiatan(tmp_path / "aktivitas_pmm.csv", 40_000, 300, seed=32)
    con = open_readonly(db)
    try:
        per_kab = con.execute("select kode_kabkota, list(id_komunitas order by id_komunitas) from komunitas "
                              "group by 1 order by count(*) desc limit 2").fetchall()
    finally:
        con.close()
    (kab_a, ids_a), (kab_b, ids_b) = per_kab
    walis = [(f"wali.{kab_a}@contoh.id", kab_a, ids_a), (f"wali.{kab_b}@contoh.id", kab_b, ids_b)]

    proc = subprocess.Popen(loader_cmd(db, tmp_path / "aktivitas_pmm.csv"), cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    written: dict[str, list[str]] = {w[0]: [] for w in walis}
    during_load: list[bool] = []
    errors: list[str] = []

    def wali(email: str, kab: str, ids: list[str]) -> None:
        n = 0
        # keep clicking until the load is done, and at least 12 times
        while n < 12 or proc.poll() is None:
            pilih = [ids[n % len(ids)], ids[(n + 1) % len(ids)]]
            try:
                catat_kontak(db, pilih, saluran="whatsapp", tanggal_kontak=date(2022, 11, 1), catatan=f"klik {n}",
                             oleh=email, lingkup=(kab,))
            except Exception as exc:  # collected and asserted on below
                errors.append(f"{email}: {exc!r}")
                return
            written[email].extend(pilih)
            during_load.append(proc.poll() is None)
            n += 1
            if n > 400:
                break

    threads = [threading.Thread(target=wali, args=w) for w in walis]
    for t in threads:
        t.start()
    out, err = proc.communicate(timeout=300)
    for t in threads:
        t.join(timeout=120)
    assert proc.returncode == 0, err
    assert errors == []
    assert any(during_load), "contacts were stored while the load held the data store's lock"

    check = duckdb.connect(":memory:")
    try:
        check.execute("attach ? as app (read_only)", [str(app_state.app_path(db))])
        rows = check.execute("select dicatat_oleh, kode_kabkota, id_komunitas from app.kontak order by id").fetchall()
        assert len({r[0] for r in check.execute("select id from app.kontak").fetchall()}) == len(rows)
    finally:
        check.close()
    for email, kab, _ in walis:
        mine = [r for r in rows if r[0] == email]
        assert sorted(r[2] for r in mine) == sorted(written[email])
        assert {r[1] for r in mine} == {kab}
    assert len(rows) == sum(len(v) for v in written.values())
    con = open_readonly(db)
    try:
        assert con.execute("select count(*) from kegiatan").fetchall()[0][0] > 0  # the load landed
    finally:
        con.close()

"""The sample data carries a few contact-log entries (issue 16) and a prefilled Google Form template (issue 17), so
the log, its outcome and the per-community form links show on a first start: fictitious ('data contoh'), each
outcome present, and gone with the sample when an admin removes it."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from edits import formulir
from queries.runner import Filters, run_query
from sample.generate import SAMPLE_CONTACTS_BY, SAMPLE_FORM_BY, ensure_sample_store
from sample.remove import remove_sample
from store.database import open_readonly
from tests.support import copy_store


def test_sample_contacts_show_every_outcome_and_leave_with_the_sample(store_template: Path, tmp_path: Path) -> None:
    db = copy_store(store_template, tmp_path)
    assert ensure_sample_store(db, sample_dir=tmp_path / "berkas") is not None
    con = open_readonly(db)
    try:
        log = run_query(con, "kontak_log", Filters(date(2022, 8, 1), date(2022, 12, 25)))
        hasil = run_query(con, "kontak_hasil", Filters(date(2022, 8, 1), date(2022, 12, 25)))
    finally:
        con.close()
    assert 5 <= len(log) <= 10
    assert set(log["dicatat_oleh"]) == {SAMPLE_CONTACTS_BY}
    assert log["catatan"].str.startswith("Data contoh").all()
    assert log["nama_komunitas"].notna().all()  # real sample communities
    assert log["tanggapan"].notna().any()
    assert set(hasil["status"]) == {"aktif_kembali", "belum_aktif", "menunggu"}
    form = formulir.read(db)
    assert form is not None and form.diubah_oleh == SAMPLE_FORM_BY
    tautan = formulir.link(form, "KB-1", "Kombel Melati & Mawar", "Kab. Bandung")
    assert "entry.1000001=KB-1" in tautan and "entry.1000002=Kombel%20Melati%20%26%20Mawar" in tautan

    remove_sample(db)
    con = open_readonly(db)
    try:
        assert con.execute("select count(*) from app.kontak").fetchall()[0][0] == 0
        assert con.execute("select count(*) from app.tanggapan").fetchall()[0][0] == 0
    finally:
        con.close()
    assert formulir.read(db) is None

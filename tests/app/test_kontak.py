"""The contact log on Aturan Mingguan (issue 16 items 3-4), as a wali uses it: record a contact for three at-risk
communities, another wali sees none of it, new activities for two of them are loaded through the real loader, and
the page says "2 dari 3 komunitas yang dihubungi aktif kembali"; Ringkasan shows the outcome to the admin."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.app.conftest import TIMEOUT, logged_in
from tests.support import ROOT, add_kegiatan, add_komunitas, load_store, new_store

WALI = "wali.bandung@bbgp-jabar.id"
WALI_LAIN = "wali.bogor@bbgp-jabar.id"
ADMIN = "admin@bbgp-jabar.id"


def _fill(con) -> None:
    for kid in ("KOM-A", "KOM-B", "KOM-C", "KOM-D"):
        add_komunitas(con, kid, kode_kabkota="32.04", nama_komunitas=f"Kombel {kid[-1]} Cileunyi")
    add_komunitas(con, "KOM-X", kode_kabkota="32.01", nama_komunitas="Kombel X Bogor")
    start = date(2022, 8, 1)
    for w in range(8):  # A, B, C meet weekly through September, then stop: at risk by December
        for kid in ("KOM-A", "KOM-B", "KOM-C"):
            add_kegiatan(con, kid, start + timedelta(weeks=w, days=1), 90)
    for w in range(21):  # D and X meet every week up to late December: the period runs that far
        add_kegiatan(con, "KOM-D", start + timedelta(weeks=w, days=2), 90)
        add_kegiatan(con, "KOM-X", start + timedelta(weeks=w, days=2), 90)


def _page(email: str, page: str = "pages/aturan_mingguan.py") -> AppTest:
    at = logged_in(AppTest.from_file(str(ROOT / page), default_timeout=TIMEOUT), email)
    return at.run()


def _text(at: AppTest) -> str:
    return " ".join(str(e.value) for kind in ("markdown", "caption", "success", "info", "error", "subheader")
                    for e in getattr(at, kind))


def test_wali_records_contacts_and_sees_two_of_three_revive(store_template: Path, tmp_path: Path,
                                                            use_store: Callable[[Path], Path]) -> None:
    db = use_store(new_store(store_template, tmp_path).build(_fill).path)

    at = _page(WALI)
    assert not at.exception
    pilih = at.multiselect(key="kontak_pilih")
    # the at-risk communities of the wali's region, by name and kab/kota (D still meets; X is another region)
    assert sorted(pilih.options) == [f"Kombel {k} Cileunyi · Kabupaten Bandung" for k in "ABC"]
    pilih.set_value(["KOM-A", "KOM-B", "KOM-C"])
    at.date_input(key="kontak_tanggal").set_value(date(2022, 12, 1))
    at.selectbox(key="kontak_saluran").set_value("whatsapp")
    at.text_area(key="kontak_catatan").set_value("Diingatkan jadwal pertemuan").run()
    at.button(key="kontak_catat").click().run()
    assert not at.exception and not at.error
    assert any("3 komunitas dicatat sudah dihubungi" in s.value for s in at.success)
    assert at.multiselect(key="kontak_pilih").value == []
    assert "0 dari 3 komunitas yang dihubungi aktif kembali" in _text(at)  # nothing loaded after the contact yet

    lain = _page(WALI_LAIN)  # another region: none of it
    assert not lain.exception
    assert "Belum ada kontak yang dicatat" in _text(lain)
    assert "dihubungi aktif kembali" not in _text(lain)
    assert not [o for m in lain.multiselect for o in m.options if "Cileunyi" in o]
    assert not [o for s in lain.selectbox for o in s.options if "Cileunyi" in o]  # nor in "Catat tanggapan"

    baru = tmp_path / "kegiatan_baru.csv"
    baru.write_text("ID Komunitas,Tanggal Kegiatan,Lama Kegiatan,Materi,Moda\n"
                    "KOM-A,2022-12-06,90 menit,Modul ajar,Luring\n"
                    "KOM-B,2022-12-13,90 menit,Asesmen,Daring\n"
                    "KOM-X,2023-01-10,90 menit,Asesmen,Luring\n", encoding="utf-8")
    load_store(db, [baru])

    at = _page(WALI)
    assert not at.exception
    teks = _text(at)
    assert "2 dari 3 komunitas yang dihubungi aktif kembali dalam 3 minggu" in teks
    # C: its kab/kota's data end on 21 Dec, before the 3 weeks after 1 Dec end (X's January is another kab/kota)
    assert "0 belum bertemu lagi; 1 menunggu" in teks

    admin = _page(ADMIN, "pages/ringkasan.py")
    assert not admin.exception
    assert "2 dari 3 komunitas yang dihubungi aktif kembali" in _text(admin)
    wali_ringkasan = _page(WALI, "pages/ringkasan.py")
    assert "Hasil tindak lanjut" not in _text(wali_ringkasan)  # the wali has it on Aturan Mingguan

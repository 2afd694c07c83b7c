"""AppTest: ready-to-send messages on Aturan Mingguan (issue 16 item 2). Picking the at-risk communities gives per
community a message (a code block: plain text with a copy icon) and a wa.me or mailto link; a wali sees only their
region's communities and numbers, pimpinan sees no number at all; admin and pimpinan edit the template, a bad
placeholder gives an Indonesian message and changes nothing.

Store: 2024-01-01 (Monday) to Sunday 2024-02-11. In Kab. Bandung (32.04) A1 (a name with & ? # and an emoji, the
penggerak's number known) and A2 (no number, an email) met weekly until 17 Jan and then stopped; A3 meets every
week. In Kab. Bogor (32.01) B1 (number known) stopped the same way.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import open_page
from tests.support import add_kegiatan, add_komunitas, new_store

USERS = """
[pengguna."admin@bbgp-jabar.id"]
peran = "admin"

[pengguna."pimpinan@bbgp-jabar.id"]
peran = "pimpinan"

[pengguna."wali.bandung@bbgp-jabar.id"]
peran = "wali_wilayah"
kabkota = ["32.04"]
"""
A1 = "Kombel Guru & Murid? #1 🚀"
NOMOR_A1, NOMOR_B1 = "6281200000011", "6281200000022"


def fill(con) -> None:
    add_komunitas(con, "A1", nama_komunitas=A1, tanggal_terdaftar=date(2023, 6, 1), penggerak_nama="Siti & Ani",
                  penggerak_email="siti@guru.id", penggerak_wa=NOMOR_A1)
    add_komunitas(con, "A2", nama_komunitas="Kombel Dua", tanggal_terdaftar=date(2023, 6, 1),
                  penggerak_nama="Budi", penggerak_email="budi@guru.id")
    add_komunitas(con, "A3", nama_komunitas="Kombel Rajin", tanggal_terdaftar=date(2023, 6, 1),
                  penggerak_nama="Cici", penggerak_email="cici@guru.id", penggerak_wa="6281200000033")
    add_komunitas(con, "B1", nama_komunitas="Kombel Bogor", kode_kabkota="32.01", tanggal_terdaftar=date(2023, 6, 1),
                  penggerak_nama="Dodi", penggerak_email="dodi@guru.id", penggerak_wa=NOMOR_B1)
    for w in range(6):
        add_kegiatan(con, "A3", date(2024, 1, 3) + timedelta(weeks=w), 60)
        if w < 3:
            for k in ("A1", "A2", "B1"):
                add_kegiatan(con, k, date(2024, 1, 3) + timedelta(weeks=w), 60)
    add_kegiatan(con, "A3", date(2024, 2, 11), 60)


@pytest.fixture
def store(store_template: Path, tmp_path: Path, use_store: Callable[[Path], Path]) -> Path:
    s = new_store(store_template, tmp_path).build(fill)
    s.close()
    return use_store(s.path)


def aturan(email: str | None = None) -> AppTest:
    return open_page("pages/aturan_mingguan.py", email)


def pick_at_risk(at: AppTest) -> AppTest:
    at.button(key="pesan_pilih_berisiko").click().run()
    assert not at.exception, at.exception
    return at


def links(at: AppTest) -> list[str]:
    return [el.proto.url for el in at.get("link_button")]


def texts(at: AppTest) -> list[str]:
    return [c.value for c in at.code]


def wa_text(url: str) -> str:
    return parse_qs(urlsplit(url).query)["text"][0]


def page_text(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + texts(at) + links(at)
    return "\n".join(parts)


def test_admin_picks_the_at_risk_and_gets_one_message_and_link_each(store: Path) -> None:
    at = pick_at_risk(aturan())
    # the follow-up list's order (kab/kota, name); A3 meets every week
    assert at.multiselect(key="pesan_pilih").value == ["B1", "A2", "A1"]
    pesan = texts(at)
    assert len(pesan) == 3
    assert A1 in pesan[2] and "Bapak/Ibu Siti & Ani" in pesan[2] and "17 Januari 2024" in pesan[2]
    assert "selama 3 minggu terakhir" in pesan[2]  # 17 Jan -> 11 Feb
    assert "setiap minggu minimal 1 (satu) jam" in pesan[2]
    url = links(at)
    assert url[2].startswith(f"https://wa.me/{NOMOR_A1}?text=") and wa_text(url[2]) == pesan[2]
    assert url[1].startswith("mailto:budi@guru.id?subject=")  # A2: no number, the email
    assert url[0].startswith(f"https://wa.me/{NOMOR_B1}?text=") and "Kombel Bogor" in wa_text(url[0])
    assert at.get("download_button")  # the CSV for bulk tools


def test_a_wali_sees_only_their_region_and_its_numbers(store: Path) -> None:
    at = aturan("wali.bandung@bbgp-jabar.id")
    assert at.multiselect(key="pesan_pilih").options == ["Kombel Dua · Kabupaten Bandung",
                                                          f"{A1} · Kabupaten Bandung",
                                                          "Kombel Rajin · Kabupaten Bandung"]
    pick_at_risk(at)
    assert at.multiselect(key="pesan_pilih").value == ["A2", "A1"]
    assert [u.split("?")[0] for u in links(at)] == ["mailto:budi@guru.id", f"https://wa.me/{NOMOR_A1}"]
    assert NOMOR_B1 not in page_text(at) and "Kombel Bogor" not in page_text(at)


def test_pimpinan_gets_messages_and_email_but_no_number(store: Path) -> None:
    at = pick_at_risk(aturan("pimpinan@bbgp-jabar.id"))
    assert len(texts(at)) == 3
    assert all(u.startswith("mailto:") for u in links(at))
    shown = page_text(at)
    assert NOMOR_A1 not in shown and NOMOR_B1 not in shown


def test_template_edit_refuses_an_unknown_placeholder_and_applies_a_good_one(store: Path) -> None:
    at = pick_at_risk(aturan())
    at.text_area(key="pesan_templat").set_value("Halo {nama_guru}").run()
    at.button(key="pesan_simpan").click().run()
    assert not at.exception, at.exception
    assert any("Penanda {nama_guru} pada templat pesan tidak dikenal" in e.value for e in at.error)
    assert "setiap minggu" in texts(at)[2]  # nothing saved: the shipped template still in use

    at.text_area(key="pesan_templat").set_value("Yth. Bapak/Ibu {nama_penggerak}: {nama_komunitas}, "
                                                 "{minggu_terlewat} minggu.").run()
    at.button(key="pesan_simpan").click().run()
    assert not at.exception, at.exception
    assert not at.error
    assert texts(at)[2] == f"Yth. Bapak/Ibu Siti & Ani: {A1}, 3 minggu."
    assert wa_text(links(at)[2]) == texts(at)[2]

    at.button(key="pesan_bawaan").click().run()
    assert not at.exception, at.exception
    assert "setiap minggu" in texts(at)[2]


def test_a_wali_cannot_edit_the_template(store: Path) -> None:
    at = aturan("wali.bandung@bbgp-jabar.id")
    assert "pesan_templat" not in [t.key for t in at.text_area]


def test_a_long_list_offers_only_the_at_risk_and_a_too_long_one_asks_to_narrow(
        store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ui import pesan as ui_pesan

    monkeypatch.setattr(ui_pesan, "BATAS_PILIHAN", 3)  # four communities listed, three at risk
    at = aturan()
    assert at.multiselect(key="pesan_pilih").options == ["Kombel Bogor · Kabupaten Bogor",
                                                          "Kombel Dua · Kabupaten Bandung",
                                                          f"{A1} · Kabupaten Bandung"]
    monkeypatch.setattr(ui_pesan, "BATAS_PILIHAN", 2)
    at = aturan()
    assert "pesan_pilih" not in [m.key for m in at.multiselect]
    assert any("3 komunitas berisiko; pilih kabupaten/kota" in i.value for i in at.info)

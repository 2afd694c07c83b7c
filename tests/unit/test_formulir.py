"""Prefilled Google Form links (edits/formulir.py, issue 17 item 4): the template, its validation, the
encoding of values, the QR codes (decoded back with zxing-cpp), the sheet, and the stored settings."""
from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import numpy as np
import pytest
import zxingcpp
from PIL import Image

from edits import formulir
from edits.formulir import FormulirError
from store import app_state

TEMPLAT = ("https://docs.google.com/forms/d/e/1FAIpQLSe_contohFormulirKombel/viewform?usp=pp_url"
           "&entry.1001=ID&entry.1002=NAMA&entry.1003=KABKOTA&entry.2000=Jawa+Barat")
SULIT = ["Kombel Guru & Siswa #1", "MGMP IPA + Matematika?", "Komunitas  Belajar = 50% ", "Ñandú çağ 数学 🎓",
         "a/b\\c;d,e'f\"g"]


def _isian(tautan: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(tautan).query, keep_blank_values=True))


def _decode_png(data: bytes) -> str:
    hasil = zxingcpp.read_barcodes(Image.open(io.BytesIO(data)).convert("L"))
    assert len(hasil) == 1
    return hasil[0].text


def _svg_matrix(svg: str) -> np.ndarray:
    """The dark modules of segno's inline SVG path (M x y, then h runs and relative m moves), as a 0/1 grid of
    the viewBox's size (quiet zone included)."""
    width = int(re.fullmatch(r"0 0 (\d+) \1", re.search(r'viewBox="([^"]+)"', svg).group(1)).group(1))
    grid = np.zeros((width, width), dtype=np.uint8)
    d = re.search(r' d="([^"]+)"', svg).group(1)
    x = y = 0.0
    for cmd, args in re.findall(r"([Mmh])([-\d.\s]+)", d):
        nums = [float(n) for n in args.split()]
        if cmd == "M":
            x, y = nums
        elif cmd == "m":
            x, y = x + nums[0], y + nums[1]
        else:
            grid[int(y), int(x):int(x + nums[0])] = 1
            x += nums[0]
    return grid


def _decode_matrix(grid: np.ndarray) -> str:
    img = Image.fromarray(((1 - grid) * 255).astype(np.uint8)).resize((grid.shape[1] * 6, grid.shape[0] * 6),
                                                                      Image.NEAREST)
    hasil = zxingcpp.read_barcodes(img)
    assert len(hasil) == 1
    return hasil[0].text


# --- the template ---------------------------------------------------------------------------------------------

def test_a_prefilled_link_is_read_and_its_fields_detected() -> None:
    t = formulir.parse(TEMPLAT)
    assert t.alamat == "https://docs.google.com/forms/d/e/1FAIpQLSe_contohFormulirKombel/viewform"
    assert t.entri == ["entry.1001", "entry.1002", "entry.1003", "entry.2000"]
    assert formulir.detect(t) == {"id": "entry.1001", "nama": "entry.1002", "kabkota": "entry.1003"}


def test_placeholders_written_otherwise_are_detected_and_unknown_ones_are_not() -> None:
    t = formulir.parse("docs.google.com/forms/d/e/1FAIpQLSe_abcdefghij/viewform?usp=pp_url&entry.5=id+komunitas"
                       "&entry.6=Nama+Kombel&entry.7=Kab/Kota")
    assert formulir.detect(t) == {"id": "entry.5", "nama": "entry.6", "kabkota": "entry.7"}
    t = formulir.parse("https://docs.google.com/forms/d/e/1FAIpQLSe_abcdefghij/viewform?entry.5=x&entry.6=y")
    assert formulir.detect(t) == {"id": None, "nama": None, "kabkota": None}


def test_a_link_broken_over_lines_and_a_formresponse_link_are_accepted() -> None:
    t = formulir.parse(TEMPLAT[:40] + "\n  " + TEMPLAT[40:].replace("viewform", "formResponse"))
    assert t.alamat.endswith("/viewform") and t.entri[0] == "entry.1001"


@pytest.mark.parametrize(("tautan", "kata"), [
    ("", "Tempelkan"),
    ("https://forms.gle/AbCdEf123", "Tautan pendek"),
    ("https://docs.google.com.evil.example/forms/d/e/1FAIpQLSe_abcdefghij/viewform?entry.1=ID", "Google Forms"),
    ("https://evil.example/?u=https://docs.google.com/forms/d/e/1FAIpQLSe_abcdefghij/viewform", "Google Forms"),
    ("https://docs.google.com/spreadsheets/d/1FAIpQLSe_abcdefghij/edit?entry.1=ID", "Google Forms"),
    ("javascript:alert(1)//docs.google.com/forms/d/e/1FAIpQLSe_abcdefghij/viewform", "Google Forms"),
    ("https://docs.google.com/forms/d/e/1FAIpQLSe_abcdefghij/viewform?usp=sf_link", "tidak memuat isian"),
    ("https://docs.google.com/forms/d/e/1FAIpQLSe_abcdefghij/viewform?" + "entry.1=x&" * 300, "terlalu panjang"),
])
def test_bad_templates_are_refused_in_indonesian(tautan: str, kata: str) -> None:
    with pytest.raises(FormulirError, match=kata):
        formulir.parse(tautan)


def test_field_choices_are_checked() -> None:
    with pytest.raises(FormulirError, match="ID komunitas"):
        formulir.check(TEMPLAT, None, "entry.1002", "entry.1003")
    with pytest.raises(FormulirError, match="'entry.9' untuk nama komunitas tidak ada"):
        formulir.check(TEMPLAT, "entry.1001", "entry.9", None)
    with pytest.raises(FormulirError, match="dua hal"):
        formulir.check(TEMPLAT, "entry.1001", "entry.1001", None)
    p = formulir.check(TEMPLAT, "entry.1001", None, None)
    assert (p.entri_nama, p.entri_kabkota) == (None, None)


# --- links ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("nama", SULIT)
def test_values_with_url_signs_and_unicode_come_back_exactly(nama: str) -> None:
    p = formulir.check(TEMPLAT, "entry.1001", "entry.1002", "entry.1003")
    tautan = formulir.link(p, "K&1#2", nama, "Kabupaten Bandung")
    isian = _isian(tautan)
    assert isian["usp"] == "pp_url"
    assert isian["entry.1001"] == "K&1#2"
    assert isian["entry.1002"] == " ".join(nama.split())  # inner runs of spaces collapsed, as the loader does
    assert isian["entry.1003"] == "Kabupaten Bandung"
    assert isian["entry.2000"] == "Jawa Barat"  # the template's other answer kept
    assert "#" not in tautan and " " not in tautan and "+" not in tautan.split("?", 1)[1]
    assert tautan.startswith("https://docs.google.com/forms/d/e/1FAIpQLSe_contohFormulirKombel/viewform?usp=pp_url&")


def test_an_empty_name_or_kabkota_is_left_for_the_respondent() -> None:
    p = formulir.check(TEMPLAT, "entry.1001", "entry.1002", "entry.1003")
    isian = _isian(formulir.link(p, "K1", None, "  "))
    assert "entry.1002" not in isian and "entry.1003" not in isian and isian["entry.1001"] == "K1"


# --- QR codes and the sheet -----------------------------------------------------------------------------------

@pytest.mark.parametrize("nama", SULIT)
def test_png_and_svg_qr_codes_decode_to_the_link(nama: str) -> None:
    p = formulir.check(TEMPLAT, "entry.1001", "entry.1002", "entry.1003")
    tautan = formulir.link(p, "32.04-KB-0001", nama, "Kabupaten Bandung")
    assert _decode_png(formulir.qr_png(tautan)) == tautan
    svg = formulir.qr_svg(tautan)
    assert svg.startswith("<svg") and "<?xml" not in svg
    assert not re.search(r"<svg[^>]*(width|height)=", svg)  # sized by the page's CSS, scaled whole
    assert _decode_matrix(_svg_matrix(svg)) == tautan


def test_the_zip_has_a_decodable_png_per_community_a_csv_and_an_offline_page() -> None:
    p = formulir.check(TEMPLAT, "entry.1001", "entry.1002", "entry.1003")
    komunitas = [{"id_komunitas": f"KB-{i}", "nama_komunitas": n, "kabkota": "Kabupaten Bandung"}
                 for i, n in enumerate(SULIT)]
    komunitas.append({"id_komunitas": "KB-9", "nama_komunitas": "<script>alert(1)</script>", "kabkota": "=1+2"})
    daftar = formulir.rows(p, komunitas)
    z = zipfile.ZipFile(io.BytesIO(formulir.zip_bytes(daftar, "Kabupaten Bandung")))
    png = sorted(n for n in z.namelist() if n.endswith(".png"))
    assert len(png) == len(komunitas) and all(n.startswith("qr/") for n in png)
    baris = list(csv.DictReader(io.StringIO(z.read("tautan_formulir.csv").decode("utf-8-sig"))))
    assert [b["id_komunitas"] for b in baris] == [k["id_komunitas"] for k in komunitas]
    assert baris[-1]["kabkota"] == "'=1+2"  # no formula when opened in a spreadsheet
    assert {_decode_png(z.read(n)) for n in png} == {b["tautan"] for b in baris}
    for b in baris:
        assert _isian(b["tautan"])["entry.1001"] == b["id_komunitas"]
    halaman = z.read("lembar_qr.html").decode("utf-8")
    assert halaman.count("<svg") == len(komunitas)
    assert "<script>" not in halaman and "&lt;script&gt;" in halaman
    assert not re.search(r"""(src|href)\s*=|@import|url\(|<link|<script""", halaman)  # nothing fetched
    assert "Ñandú çağ 数学 🎓" in halaman


def test_file_names_in_the_zip_are_safe_and_distinct() -> None:
    assert formulir.nama_berkas("Kombel Guru & Siswa #1 / ../etc") == "kombel-guru-siswa-1-etc"
    assert formulir.nama_berkas("数学") == "komunitas"
    p = formulir.check(TEMPLAT, "entry.1001", None, None)
    daftar = formulir.rows(p, [{"id_komunitas": "A/1", "nama_komunitas": "X"},
                               {"id_komunitas": "A 1", "nama_komunitas": "x"}])
    z = zipfile.ZipFile(io.BytesIO(formulir.zip_bytes(daftar, "t")))
    assert len([n for n in z.namelist() if n.endswith(".png")]) == 2


# --- stored settings ------------------------------------------------------------------------------------------

def test_settings_are_stored_read_back_and_removed(empty_store: Path) -> None:
    assert formulir.read(empty_store) is None
    pesan = formulir.save(empty_store, TEMPLAT, "entry.1001", "entry.1002", None, "admin@upt.id")
    assert pesan == "Templat tautan formulir disimpan."
    p = formulir.read(empty_store)
    assert (p.tautan, p.entri_id, p.entri_nama, p.entri_kabkota, p.diubah_oleh) == (
        TEMPLAT, "entry.1001", "entry.1002", None, "admin@upt.id")
    formulir.save(empty_store, TEMPLAT, "entry.1003", None, None, "b@upt.id")
    assert formulir.read(empty_store).entri_id == "entry.1003"  # one template: the new one replaces it
    formulir.remove(empty_store)
    assert formulir.read(empty_store) is None


def test_a_refused_template_leaves_the_app_state_byte_identical(empty_store: Path) -> None:
    formulir.save(empty_store, TEMPLAT, "entry.1001", "entry.1002", "entry.1003", "admin@upt.id")
    path = app_state.app_path(empty_store)
    before = path.read_bytes()
    with pytest.raises(FormulirError):
        formulir.save(empty_store, "https://forms.gle/x", "entry.1001", None, None, "admin@upt.id")
    with pytest.raises(FormulirError):
        formulir.save(empty_store, TEMPLAT, "entry.1001", "entry.1001", None, "admin@upt.id")
    assert path.read_bytes() == before


def test_the_follow_up_message_carries_the_community_link() -> None:
    from datetime import date
    from urllib.parse import parse_qs

    from edits import pesan
    p = formulir.check(TEMPLAT, "entry.1001", "entry.1002", "entry.1003")
    tautan = formulir.link(p, "A1", "Kombel & Co #1", "Kabupaten Bandung")
    templat = pesan.check_template("Isi formulir {nama_komunitas}: {tautan_formulir}")
    baris = {"id_komunitas": "A1", "nama_komunitas": "Kombel & Co #1", "kabkota": "Kabupaten Bandung",
             "tautan_formulir": tautan}
    m = pesan.pesan(templat, baris, date(2024, 2, 11), "6281200000011")
    assert m.teks == f"Isi formulir Kombel & Co #1: {tautan}"
    assert parse_qs(urlsplit(m.tautan).query)["text"][0] == m.teks  # the wa.me text keeps the link whole
    assert pesan.pesan(templat, {**baris, "tautan_formulir": None}, date(2024, 2, 11)).teks.endswith(": ")

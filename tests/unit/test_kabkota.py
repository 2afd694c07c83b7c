from __future__ import annotations

import pytest

from data_loaders.kabkota import KabkotaResolver
from store import app_state
from store.database import open_readonly
from tests.support import copy_store


@pytest.fixture(scope="module")
def resolver(store_template, tmp_path_factory):
    db = copy_store(store_template, tmp_path_factory.mktemp("kabkota"))
    with app_state.write(db) as app:
        app.execute("insert into pemetaan values ('kabkota', 'bdg barat', '', '32.17', now())")
    return KabkotaResolver(open_readonly(db))


@pytest.mark.parametrize("text,kode", [
    ("Kab. Bandung", "32.04"), ("Kabupaten Bandung", "32.04"), ("KAB BANDUNG", "32.04"), ("Bandung, Kab.", "32.04"),
    ("kab.bandung", "32.04"), ("Kota Bandung", "32.73"), ("Kodya Bandung", "32.73"), ("Kotamadya Bandung", "32.73"),
    ("Bandung, Kota", "32.73"), ("32.04", "32.04"), ("3204", "32.04"), ("32.73", "32.73"),
    ("Kab Bandung Barat", "32.17"), ("Tasikmalaya, Kab.", "32.06"), ("Kota Tasikmalaya", "32.78"), ("Garut", "32.05"),
    ("Jakarta Selatan", "31.74"), ("Kab. Fakfak", "92.03"),
])
def test_spellings_and_codes(resolver, text, kode):
    res = resolver.resolve(text)
    assert (res.kode, res.correction) == (kode, None)


def test_user_mapping_is_used(resolver):
    assert resolver.resolve("BDG Barat").kode == "32.17"
    assert resolver.resolve("BDG Barat").correction == "pemetaan"


@pytest.mark.parametrize("text,kode", [("Kab. Bandng", "32.04"), ("Kabupaten Gatut", "32.05"), ("Kota Cimhai", "32.77"),
                                       ("Tasikmalya, Kab.", "32.06")])
def test_single_typo_corrected(resolver, text, kode):
    res = resolver.resolve(text)
    assert (res.kode, res.correction) == (kode, "ejaan_mirip")


def test_bare_name_of_kabupaten_and_kota_is_ambiguous(resolver):
    res = resolver.resolve("Bandung")
    assert res.kode is None and res.code == "kabkota_ambigu" and res.candidates == ["32.04", "32.73"]
    # The province cannot settle it: both are in Jawa Barat.
    assert resolver.resolve("Bandung", "Jawa Barat").code == "kabkota_ambigu"
    # A typo of an ambiguous name stays ambiguous.
    assert resolver.resolve("Bandnug").code in ("kabkota_ambigu", "kabkota_tidak_dikenal")


def test_province_settles_ambiguity(resolver):
    assert resolver.resolve("Banjar").code == "kabkota_ambigu"
    assert resolver.resolve("Banjar", "Jawa Barat").kode == "32.79"
    assert resolver.resolve("Banjar", "Provinsi Kalimantan Selatan").kode == "63.03"


def test_papua_before_the_split_resolves_by_name(resolver):
    assert resolver.resolve("Kabupaten Merauke", "Papua").kode == "93.01"
    assert resolver.resolve("Kab. Sorong", "Papua Barat").kode == "96.01"


@pytest.mark.parametrize("text", ["Kab. Antah Berantah", "Gotham", "99.99", "Kab. Bdg"])
def test_unknown(resolver, text):
    assert resolver.resolve(text).code == "kabkota_tidak_dikenal"

"""AppTest: every page renders on a small real store and on an empty one; the guard holds on deep
links and with login configured; filters change what is shown; the upload page loads a file."""
from __future__ import annotations

import io
import json
import zipfile
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from data_loaders.load import Source, load_files
from queries.runner import Filters
from queries.scope import scope_for, users_file
from tests.app.conftest import AUTH, FIXTURES, TIMEOUT, logged_in
from tests.support import ROOT
from ui import data

PAGES = ["pages/ringkasan.py", "pages/aturan_mingguan.py", "pages/aktivitas.py", "pages/wilayah.py",
         "pages/unggah_data.py"]


def app(page: str | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT).run()
    if page:
        at.switch_page(page).run()
    return at


def texts(at: AppTest) -> str:
    parts = [e.value for kind in ("markdown", "caption", "info", "warning", "error", "text", "subheader", "title")
             for e in getattr(at, kind)]
    parts += [m.label for m in at.metric]
    return "\n".join(str(p) for p in parts)


def charts(at: AppTest) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def deferred(page: str) -> AppTest:
    """A page file on its own, as a deep link on a fresh server runs it (no dashboard.py), not run yet."""
    return AppTest.from_file(str(ROOT / page), default_timeout=TIMEOUT)


def direct(page: str) -> AppTest:
    return deferred(page).run()


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_on_small_store_via_deep_link(loaded_store: Path, page: str) -> None:
    at = direct(page)
    assert not at.exception, at.exception
    assert "Mode lokal (tanpa login)" in [c.value for c in at.sidebar.caption]  # the guard ran
    assert "Data per" in texts(at)
    if page != "pages/unggah_data.py":
        assert at.get("plotly_chart") or at.dataframe


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_empty_state(empty_db: Path, page: str) -> None:
    at = direct(page)
    assert not at.exception, at.exception
    if page != "pages/unggah_data.py":
        assert any("Belum ada data komunitas" in i.value for i in at.info)
        assert not at.get("plotly_chart") and not at.dataframe


def test_navigation_lists_pages_and_runs_each(loaded_store: Path) -> None:
    at = app()
    assert not at.exception
    assert at.title[0].value == "Ringkasan"
    at.switch_page("pages/wilayah.py").run()
    assert not at.exception and at.title[0].value == "Wilayah"


def test_ringkasan_headline_numbers(loaded_store: Path) -> None:
    at = app()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Komunitas belajar"] == "6"
    assert metrics["Cakupan sekolah IKM"].endswith(" %")


def test_jenis_filter_changes_table_and_chart(loaded_store: Path) -> None:
    at = app("pages/aktivitas.py")
    rows_all = len(at.dataframe[-1].value)
    bars_all = charts(at)[0]
    at.selectbox(key="jenis").set_value("daring_pmm").run()
    assert not at.exception
    table = at.dataframe[-1].value
    assert len(table) == 1 < rows_all
    assert set(table["jenis"]) == {"Daring (PMM)"}  # shown as a label
    assert charts(at)[0] != bars_all


def test_kabkota_filter_persists_across_pages(loaded_store: Path) -> None:
    at = app()
    at.multiselect(key="kabkota").set_value(["32.73"]).run()
    at.switch_page("pages/aktivitas.py").run()
    assert at.multiselect(key="kabkota").value == ["32.73"]
    assert set(at.dataframe[-1].value["kabkota"]) == {"Kota Bandung"}


def test_threshold_and_holidays_apply_on_every_page(loaded_store: Path) -> None:
    at = app()
    memenuhi_100 = {m.label: m.value for m in at.metric}["Memenuhi aturan mingguan"]
    at.switch_page("pages/aturan_mingguan.py").run()
    judul = at.subheader[0].value
    at.number_input(key="aturan_ambang").set_value(50.0).run()
    assert not at.exception
    assert at.subheader[0].value != judul  # more communities meet a 50 % threshold
    senin = at.multiselect(key="aturan_libur").options
    at.multiselect(key="aturan_libur").set_value([date(2022, 10, 17)]).run()
    assert not at.exception and len(senin) > 10
    at.switch_page("pages/ringkasan.py").run()
    assert {m.label: m.value for m in at.metric}["Memenuhi aturan mingguan"] != memenuhi_100
    at.switch_page("pages/aturan_mingguan.py").run()  # the settings are still there on return
    assert at.number_input(key="aturan_ambang").value == 50.0
    assert at.multiselect(key="aturan_libur").value == [date(2022, 10, 17)]


def test_login_required_when_auth_configured(loaded_store: Path) -> None:
    at = deferred("pages/ringkasan.py")
    at.secrets["auth"] = AUTH
    at.run()
    assert not at.exception
    assert [b.label for b in at.button] == ["Masuk dengan akun belajar.id"]
    assert not at.dataframe and not at.metric


def test_unknown_email_is_refused(loaded_store: Path) -> None:
    at = logged_in(deferred("pages/aturan_mingguan.py"), "orang.lain@gmail.com")
    at.run()
    assert not at.exception
    assert any("belum terdaftar" in w.value for w in at.warning)
    assert not at.dataframe and not at.get("plotly_chart") and not at.metric


def test_wali_wilayah_sees_only_their_region(loaded_store: Path) -> None:
    at = logged_in(deferred("pages/aktivitas.py"), "wali.bandung@bbgp-jabar.id")
    at.query_params["kabkota"] = "Kota Bandung"  # a shared URL naming another kab/kota must not widen the scope
    at.run()
    assert not at.exception
    assert at.multiselect(key="kabkota").options == ["Kabupaten Bandung"]
    assert set(at.dataframe[-1].value["kabkota"]) == {"Kabupaten Bandung"}


def test_wali_wilayah_without_data_gets_empty_state(loaded_store: Path) -> None:
    at = logged_in(deferred("pages/ringkasan.py"), "wali.bogor@bbgp-jabar.id").run()
    assert not at.exception
    assert any("wilayah Anda (Kabupaten Bogor)" in i.value for i in at.info)
    assert not at.metric and not at.get("plotly_chart")


def test_wali_wilayah_cannot_open_upload(loaded_store: Path) -> None:
    at = logged_in(deferred("pages/unggah_data.py"), "wali.bandung@bbgp-jabar.id")
    at.run()
    assert any("hanya untuk admin" in w.value for w in at.warning)
    assert not at.get("file_uploader")


def test_upload_dry_run_then_load(loaded_store: Path) -> None:
    at = direct("pages/unggah_data.py")
    data = (FIXTURES / "upload" / "kegiatan_tambahan.csv").read_bytes()
    at.get("file_uploader")[0].set_value(("kegiatan_tambahan.csv", data, "text/csv")).run()
    assert not at.exception
    assert at.selectbox(key="unggah_jenis_0").value == "kegiatan"
    at.button(key="unggah_periksa").click().run()
    assert "Hasil uji coba (belum disimpan)" in texts(at)
    ditambah = {m.label: m.value for m in at.metric}["Ditambahkan"]
    assert ditambah == "2"
    assert at.dataframe  # the quarantined row with its reason
    at.button(key="unggah_muat").click().run()
    assert not at.exception
    assert any("berhasil dimuat" in s.value for s in at.success)
    assert "3 berkas" in texts(at) or "4 berkas" in texts(at)


@pytest.mark.parametrize("page", PAGES[:4])
def test_period_without_data_shows_messages_not_errors(loaded_store: Path, page: str) -> None:
    at = direct(page)
    at.date_input(key="periode").set_value((date(2021, 1, 4), date(2021, 3, 28))).run()
    assert not at.exception, at.exception
    assert at.info  # e.g. "Belum ada minggu lengkap yang dapat dinilai ..."


def test_a_link_with_the_period_reversed_shows_the_same_figures(loaded_store: Path) -> None:
    """A hand-typed link may carry the period end first; the page reads it as the same period."""
    figures = []
    for periode in (["2022-08-01", "2022-10-30"], ["2022-10-30", "2022-08-01"]):
        at = deferred("pages/ringkasan.py")
        at.query_params["periode"] = periode
        at.run()
        assert not at.exception, at.exception
        figures.append(({m.label: m.value for m in at.metric}, [c.value for c in at.caption]))
    assert figures[0] == figures[1]
    assert any("1 Agu 2022 – 30 Okt 2022" in c for c in figures[1][1])


def test_first_start_loads_sample_with_progress(empty_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On an empty store the guard loads the sample (here: the fixture files, marked as sample)."""
    import sample.generate as sample

    calls: list[float] = []

    def fake_sample(db: Path, progress=None):
        def spy(fraction: float, pesan: str) -> None:
            calls.append(fraction)
            progress(fraction, pesan)

        return load_files(db, [Source.from_path(p) for p in sorted(FIXTURES.glob("*.csv"))], progress=spy,
                          meta={"data_contoh": "1"})

    monkeypatch.setenv("KOMBEL_SAMPLE", "1")
    monkeypatch.setattr(sample, "ensure_sample_store", fake_sample)
    at = direct("pages/ringkasan.py")
    assert not at.exception, at.exception
    assert calls and max(calls) <= 1.0
    assert any("DATA CONTOH" in w.value for w in at.warning)
    assert {m.label: m.value for m in at.metric}["Komunitas belajar"] == "6"


def test_upload_of_unusable_file_explains_and_changes_nothing(loaded_store: Path) -> None:
    before = loaded_store.read_bytes()
    at = direct("pages/unggah_data.py")
    at.get("file_uploader")[0].set_value(("catatan.csv", b"Nama;Alamat\nBudi;Jl. Merdeka 1\n", "text/csv")).run()
    assert not at.exception
    assert at.error or at.warning  # the kind cannot be detected, or a required column is missing
    assert "Hasil uji coba" not in texts(at)
    assert loaded_store.read_bytes() == before


def test_snapshot_button_zips_every_table_of_the_wali_region(loaded_store: Path) -> None:
    at = logged_in(deferred("pages/ringkasan.py"), "wali.bandung@bbgp-jabar.id").run()
    assert not at.exception, at.exception
    assert [b.label for b in at.sidebar.get("download_button")] == ["Unduh snapshot (ZIP)",
                                                                    "Unduh ringkasan cetak (HTML)"]
    # The button's bytes come from ui.data.snapshot with the page's filters and scope.
    scope = scope_for("wali.bandung@bbgp-jabar.id", users_file())
    path, version = data.open_store()
    blob = data.snapshot(str(path), version, Filters(date(2022, 8, 1), date(2022, 12, 25)), scope, None)
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        manifest = json.loads(z.read("manifest.json"))
        weekly = z.read("weekly_rule.csv").decode("utf-8-sig").splitlines()
    assert manifest["lingkup"]["kabkota"] == ["32.04"]
    assert len(weekly) > 1 and all(",32.04," in row for row in weekly[1:])

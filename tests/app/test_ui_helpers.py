"""The shared UI mechanics: writes run through ui/actions.py (message after the rerun, errors shown in
Indonesian, never a traceback), the upload preview parsed once per file, and the roles as Scope properties."""
from __future__ import annotations

import logging
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from queries.scope import ADMIN, NOBODY, Scope
from tests.app.conftest import FIXTURES, TIMEOUT
from tests.support import ROOT


def _writes_app() -> None:
    import streamlit as st

    from store.cow import StoreBusy
    from ui import actions

    class Salah(ValueError):
        pass

    def gagal(e: Exception):
        def write() -> str:
            raise e
        return write

    actions.show_result("uji_pesan")
    st.text(f"putaran {st.session_state.setdefault('uji_putaran', 0)}")
    st.session_state["uji_putaran"] += 1
    if st.button("ok", key="ok"):
        actions.write_and_rerun(lambda: "Tersimpan.", key="uji_pesan")
    if st.button("sibuk", key="sibuk"):
        actions.write_and_rerun(gagal(StoreBusy("Penyimpanan sedang dipakai.")), key="uji_pesan")
    if st.button("salah", key="salah"):
        actions.write_and_rerun(gagal(Salah("Isian tidak valid.")), key="uji_pesan", expected=(Salah,))
    if st.button("rusak", key="rusak"):
        actions.write_and_rerun(gagal(RuntimeError("rincian internal")), key="uji_pesan")


def test_write_reports_its_message_once_after_the_rerun() -> None:
    at = AppTest.from_function(_writes_app, default_timeout=TIMEOUT).run()
    at.button(key="ok").click().run()
    assert not at.exception, at.exception
    assert [s.value for s in at.success] == ["Tersimpan."]
    assert at.text[0].value == "putaran 2"  # the click's run, then the rerun
    at.run()
    assert not at.success


# A store error is shown as plain text (Markdown-escaped: a path's `_` stays an underscore).
@pytest.mark.parametrize("button, shown", [("sibuk", "Penyimpanan sedang dipakai\\."), ("salah", "Isian tidak valid.")])
def test_expected_write_errors_show_their_message(button: str, shown: str) -> None:
    at = AppTest.from_function(_writes_app, default_timeout=TIMEOUT).run()
    at.button(key=button).click().run()
    assert not at.exception, at.exception
    assert [e.value for e in at.error] == [shown]
    assert not at.success


def test_unexpected_write_error_is_logged_not_shown(caplog: pytest.LogCaptureFixture) -> None:
    at = AppTest.from_function(_writes_app, default_timeout=TIMEOUT).run()
    with caplog.at_level(logging.ERROR, logger="ui.actions"):
        at.button(key="rusak").click().run()
    assert not at.exception, at.exception
    assert len(at.error) == 1 and "kesalahan tak terduga" in at.error[0].value
    assert "rincian internal" not in at.error[0].value
    assert any(r.exc_info and "rincian internal" in str(r.exc_info[1]) for r in caplog.records)


def test_upload_preview_is_read_once_per_file(loaded_store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import ui.upload

    calls: list[str | None] = []
    real = ui.upload.preview_mapping

    def counting(source, kind=None, db=None):
        calls.append(kind)
        return real(source, kind, db)

    monkeypatch.setattr(ui.upload, "preview_mapping", counting)
    at = AppTest.from_file(str(ROOT / "pages/unggah_data.py"), default_timeout=TIMEOUT).run()
    data = (FIXTURES / "upload" / "kegiatan_tambahan.csv").read_bytes()
    at.get("file_uploader")[0].set_value(("kegiatan_tambahan.csv", data, "text/csv")).run()
    at.run()
    at.run()
    assert not at.exception, at.exception
    assert at.selectbox(key="unggah_jenis_0").value == "kegiatan"
    assert calls == [None]
    at.selectbox(key="unggah_jenis_0").set_value("kegiatan_upt").run()  # another kind: read once more
    at.run()
    assert calls == [None, "kegiatan_upt"]


def test_roles_are_scope_properties() -> None:
    pimpinan = Scope(email="p@upt.id", peran="pimpinan", kabkota=None)
    wali = Scope(email="w@upt.id", peran="wali_wilayah", kabkota=("32.04",))
    assert (ADMIN.is_admin, ADMIN.can_edit, ADMIN.is_wali) == (True, True, False)
    assert (pimpinan.is_admin, pimpinan.can_edit, pimpinan.is_wali) == (False, True, False)
    assert (wali.is_admin, wali.can_edit, wali.is_wali) == (False, False, True)
    assert not NOBODY.is_registered and not NOBODY.can_edit and NOBODY.peran_label == "tanpa_akses"
    assert wali.is_registered and wali.peran_label == "Wali wilayah"

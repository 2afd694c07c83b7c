"""Every page on the bundled sample data, as a user first sees it: generated and loaded through the
real loaders into a fresh store (the slow test of this folder: one sample load per session)."""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from sample.generate import ensure_sample_store
from tests.support import ROOT, copy_store

PAGES = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py"))


@pytest.fixture(scope="session")
def sample_template(store_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("contoh")
    path = copy_store(store_template, tmp)
    assert ensure_sample_store(path, sample_dir=tmp / "berkas") is not None
    return path


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_on_the_sample_data(sample_template: Path, tmp_path: Path, use_store, page: str) -> None:
    use_store(copy_store(sample_template, tmp_path))
    at = AppTest.from_file(str(ROOT / page), default_timeout=60).run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert any("DATA CONTOH" in w.value for w in at.warning), "the sample-data notice is missing"
    shown = at.get("plotly_chart") or at.dataframe or at.get("file_uploader")
    assert shown, f"{page} shows no chart, table or upload field"

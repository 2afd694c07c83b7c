from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from queries import runner


@pytest.fixture
def planted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[dict[str, str]], None]:
    """Query files in a directory of their own, as the runner's QUERY_DIR."""
    directory = tmp_path / "kueri"
    directory.mkdir()
    monkeypatch.setattr(runner, "QUERY_DIR", directory)

    def plant(files: dict[str, str]) -> None:
        for name, text in files.items():
            (directory / f"{name}.sql").write_text(text, encoding="utf-8")

    return plant

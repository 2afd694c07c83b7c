from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _no_fsync(monkeypatch):
    """Durability (fsync) is the store's concern and slow on CI disks; these tests check content, not crashes."""
    monkeypatch.setattr("store.cow.fsync", lambda _path: None)

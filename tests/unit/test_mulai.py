"""README command 1 (`./mulai` → scripts/venv): on a Python without ensurepip (Debian without python3-venv) it
stops with the Indonesian fix and leaves no half-made .venv; with a working Python it makes .venv once and
installs only when the requirements change. Real interpreters, a copy of the script in tmp_path."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from tests.support import ROOT


def project(tmp_path: Path, requirements: str = "") -> Path:
    (tmp_path / "scripts").mkdir(parents=True)
    shutil.copy(ROOT / "scripts" / "venv", tmp_path / "scripts" / "venv")
    (tmp_path / "requirements.txt").write_text(requirements, encoding="utf-8")
    return tmp_path


def run(root: Path, python: str) -> subprocess.CompletedProcess:
    env = {"HOME": os.environ.get("HOME", "/tmp"), "PATH": "/usr/bin:/bin", "KOMBEL_PYTHON": python}
    return subprocess.run(["sh", "scripts/venv", "requirements.txt"], cwd=root, env=env, capture_output=True,
                          text=True, timeout=600)


def python_without_ensurepip(tmp_path: Path) -> Path:
    """This interpreter with its standard library minus ensurepip: what Debian ships without python3-venv."""
    exe = Path(os.path.realpath(sys._base_executable))
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    prefix = tmp_path / "py"
    (prefix / "bin").mkdir(parents=True)
    lib = prefix / "lib" / stdlib.name
    lib.mkdir(parents=True)
    shutil.copy(exe, prefix / "bin" / exe.name)
    for entry in stdlib.iterdir():
        if entry.name != "ensurepip":
            (lib / entry.name).symlink_to(entry)
    python = prefix / "bin" / exe.name
    probe = subprocess.run([str(python), "-c", "import venv, ensurepip"], capture_output=True, text=True)
    if "No module named 'ensurepip'" not in probe.stderr:
        pytest.skip(f"cannot build a python without ensurepip from {exe}: {probe.stderr[-200:]}")
    return python


def test_missing_ensurepip_says_how_to_add_it(tmp_path: Path) -> None:
    python = python_without_ensurepip(tmp_path / "interp")
    root = project(tmp_path / "proj")
    done = run(root, str(python))
    assert done.returncode == 1
    assert "sudo apt install python3-venv" in done.stderr
    assert not (root / ".venv").exists()


def test_missing_python_says_how_to_install_it(tmp_path: Path) -> None:
    done = run(project(tmp_path), str(tmp_path / "tidak-ada" / "python3"))
    assert done.returncode == 1 and "sudo apt install python3 python3-venv" in done.stderr


def test_venv_made_once_and_reinstalled_only_when_requirements_change(tmp_path: Path) -> None:
    python = os.path.realpath(sys._base_executable)
    root = project(tmp_path)
    first = run(root, python)
    assert first.returncode == 0, first.stderr
    assert "Menyiapkan lingkungan Python" in first.stderr and (root / ".venv" / "bin" / "python").exists()
    again = run(root, python)
    assert again.returncode == 0 and again.stderr == ""  # ready: nothing made, nothing installed
    (root / "requirements.txt").write_text("# berubah\n", encoding="utf-8")
    changed = run(root, python)
    assert changed.returncode == 0 and "Memasang paket" in changed.stderr
    assert "Menyiapkan lingkungan" not in changed.stderr

"""Server-side time of every page (AppTest: cold = caches cleared, warm = same session rerun) and the
process's peak memory (VmHWM). Run by bench/run.py in a subprocess, so it is the app's own peak:

    KOMBEL_DB=/path/store.duckdb KOMBEL_SAMPLE=0 python bench/pages.py [runs] [page ...]

Prints one JSON object: {"pages": {name: {"cold": s, "warm": s, "error": str|null}}, "peak_rss_mb": MB}.
"""
from __future__ import annotations

import json
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402
from streamlit import config as st_config  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402


def page_names() -> list[str]:
    return sorted(p.stem for p in (ROOT / "pages").glob("*.py"))


def main(runs: int, only: list[str]) -> None:
    from streamlit.components.v2.component_manager import BidiComponentManager

    # AppTest rescans installed packages for components on every new app; a server does it once at start-up.
    BidiComponentManager.discover_and_register_components = lambda self, **kwargs: None
    st_config.set_option("server.address", "127.0.0.1")  # loopback = local admin, no login
    out: dict[str, dict] = {}
    for name in only or page_names():
        cold, warm, error = [], [], None
        for _ in range(runs):
            st.cache_data.clear()
            st.cache_resource.clear()
            at = AppTest.from_file(str(ROOT / "pages" / f"{name}.py"), default_timeout=600)
            t = time.perf_counter()
            at.run()
            cold.append(time.perf_counter() - t)
            if at.exception:
                error = str(at.exception[0].message)[:200]
                break
            t = time.perf_counter()
            at.run()
            warm.append(time.perf_counter() - t)
        out[name] = {"cold": statistics.median(cold), "warm": statistics.median(warm) if warm else None,
                     "error": error}
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over exec, so it would include bench/run.py's own
    # memory at the moment it started this process (8 GB of pandas frames).
    status = Path("/proc/self/status").read_text()
    peak_mb = int(re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE).group(1)) / 1024
    print(json.dumps({"pages": out, "peak_rss_mb": peak_mb}))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1, sys.argv[2:])

"""Server time per page on a store (default: the sample store), median of several AppTest runs.

    KOMBEL_DB=/path/to/store.duckdb python tests/app/bench_pages.py [runs]

"cold" = caches cleared before each run (first visit after a load); "warm" = same session rerun
(cached query results, figures rebuilt)."""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402
from streamlit import config as st_config  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

PAGES = ["ringkasan", "aturan_mingguan", "aktivitas", "wilayah", "unggah_data"]


def main(runs: int) -> None:
    from streamlit.components.v2.component_manager import BidiComponentManager

    # AppTest rescans installed packages for components on every new app; a server does it once at start-up.
    BidiComponentManager.discover_and_register_components = lambda self, **kwargs: None
    st_config.set_option("server.address", "127.0.0.1")
    print(f"{'halaman':<18}{'dingin (s)':>12}{'hangat (s)':>12}")
    for name in PAGES:
        cold, warm = [], []
        for _ in range(runs):
            st.cache_data.clear()
            st.cache_resource.clear()
            at = AppTest.from_file(str(ROOT / "pages" / f"{name}.py"), default_timeout=120)
            t = time.perf_counter()
            at.run()
            cold.append(time.perf_counter() - t)
            assert not at.exception, at.exception
            t = time.perf_counter()
            at.run()
            warm.append(time.perf_counter() - t)
        print(f"{name:<18}{statistics.median(cold):>12.2f}{statistics.median(warm):>12.2f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)

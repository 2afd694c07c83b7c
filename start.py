"""Start the dashboard in one step, as `jupyter lab` does: make the access token, start the server, open the
browser on the token address (on a machine without a browser: only print it).

    python start.py [--no-browser] [streamlit run options, e.g. --server.port 8502]

Runs `streamlit run dashboard.py` in this process (so Ctrl+C stops everything); the token is $KOMBEL_TOKEN
when given, else a new one for this start (ui/akses.py). Plain `python -m streamlit run dashboard.py` works
too: it prints the same token address, it only does not open the browser.
"""
from __future__ import annotations

import logging
import os
import sys
import threading
import webbrowser
from pathlib import Path

ROOT = Path(__file__).resolve().parent


def _say(text: str) -> None:
    print(f"  {text}", flush=True)


def _has_browser() -> bool:
    """A graphical browser to hand the address to. On Linux/BSD without a display, webbrowser would fall back
    to a text browser in this very terminal: print the address instead."""
    if sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")) and not (
            os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        return False
    try:
        webbrowser.get()
    except webbrowser.Error:
        return False
    return True


def _open_when_served(akses, open_browser: bool) -> None:
    akses.served.wait()
    url = akses.served_url[0]
    if open_browser and _has_browser():
        _say("Membuka dasbor di peramban…")
        if webbrowser.open(url):
            _say("Tekan Ctrl+C di terminal ini untuk menghentikan dasbor.\n")
            return
    if open_browser:  # --no-browser asked for exactly this: no need to explain
        _say("Peramban tidak dapat dibuka otomatis di komputer ini: salin alamat di atas ke peramban.")
    _say("Tekan Ctrl+C di terminal ini untuk menghentikan dasbor.\n")


def main(argv: list[str]) -> int:
    open_browser = "--no-browser" not in argv
    args = [a for a in argv if a != "--no-browser"]
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    # The page modules' caches are declared before the server's runtime exists; Streamlit's note about it
    # ("No runtime found") is harmless and only confuses a first-time user.
    logging.getLogger("streamlit.runtime.caching.cache_data_api").addFilter(
        lambda record: "No runtime found" not in record.getMessage())

    from ui import akses

    _say("Dasbor Komunitas Belajar: menyiapkan…")
    given = bool(os.environ.get(akses.TOKEN_ENV))
    try:
        akses.token()
    except akses.TokenError as e:
        _say(f"Tidak dapat dimulai: {e}")
        return 2
    _say(f"Memakai token akses dari {akses.TOKEN_ENV}." if given else
         "Token akses dibuat untuk sesi ini: tanpa login, hanya peramban yang membuka alamat bertoken melihat data.")
    _say("Memulai server (pertama kali dengan data contoh: halaman pertama perlu ±15 detik)…")
    threading.Thread(target=_open_when_served, args=(akses, open_browser), daemon=True).start()

    from streamlit.web import cli

    sys.argv = ["streamlit", "run", str(ROOT / "dashboard.py"), *args]
    return cli.main()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

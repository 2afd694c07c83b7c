"""How the dashboard's own writes are run from a page: run the write, show an expected failure in Indonesian,
log an unexpected one (the user sees a short message, never a traceback), and after a success remember the
result message, rerun so every table shows the new data, and show the message on that next run.

    actions.show_result("program_pesan")               # where the message appears, early in the page
    if st.button("Simpan rencana"):
        actions.write_and_rerun(lambda: simpan(...), key="program_pesan", expected=(PlanError,))

The write callable returns the success message (None: nothing to say); whatever else must happen after a
success (session state) goes in the callable after the write, which it only reaches when the write succeeded.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

import streamlit as st

from store.cow import StoreError
from ui import format as fmt

log = logging.getLogger(__name__)
T = TypeVar("T")

TAK_TERDUGA = ("Terjadi kesalahan tak terduga saat menyimpan. Coba lagi; bila masih gagal, hubungi admin UPT "
               "(rinciannya tercatat di log dasbor).")
_GAGAL = object()  # a failed write (its error already shown), distinct from a write that returned None


def _guarded(write: Callable[[], T], expected: tuple[type[Exception], ...], judul: str | None,
             tak_terduga: str) -> T | object:
    try:
        return write()
    except StoreError as e:  # busy, disk full, read-only folder, corrupt or newer store: its own message says
        st.error(fmt.polos(e))  # what to do (a headline about the user's input would point at the wrong fix)
    except expected as e:
        if judul is None:
            st.error(str(e))
        else:  # a fixed headline, then the details as plain text (they may quote file names and headers)
            st.error(judul, icon=":material/error:")
            st.text(str(e))
    except Exception:
        log.exception("write failed: %s", getattr(write, "__qualname__", write))
        st.error(tak_terduga)
    return _GAGAL


def attempt(write: Callable[[], T], *, expected: tuple[type[Exception], ...] = (), judul: str | None = None,
            tak_terduga: str = TAK_TERDUGA) -> T | None:
    """Run `write` and return its result, or None after showing why it failed.

    A store that cannot be written (store.cow.StoreError: busy, disk full, read-only, corrupt, newer version)
    shows its own message; the `expected` errors (the edits' own ValueError subclasses) show theirs — after
    `judul` as plain text when a headline is given; any other error is logged and shows `tak_terduga`."""
    hasil = _guarded(write, expected, judul, tak_terduga)
    return None if hasil is _GAGAL else hasil  # type: ignore[return-value]


def write_and_rerun(write: Callable[[], str | None], *, key: str | None = None,
                    expected: tuple[type[Exception], ...] = (), judul: str | None = None,
                    tak_terduga: str = TAK_TERDUGA) -> None:
    """Run `write` as `attempt` does; on success keep the message it returns under `key` and rerun.

    On failure the error is shown and the run goes on (the form keeps what the user entered)."""
    pesan = _guarded(write, expected, judul, tak_terduga)
    if pesan is _GAGAL:
        return
    if pesan is not None:
        assert key is not None, "a write that reports a message needs a session-state key for it"
        st.session_state[key] = pesan
    st.rerun()


def show_result(key: str) -> None:
    """The message a successful write left under `key` on the previous run, shown once."""
    if pesan := st.session_state.pop(key, None):
        st.success(pesan)

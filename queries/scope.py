"""Who is asking, and which kab/kota they may see (METRICS §8).

Roles live in a TOML file the deployer edits (default data/pengguna.toml):

    [pengguna."wali.bandung@bbgp-jabar.id"]
    peran = "wali_wilayah"
    kabkota = ["32.04", "32.17"]

This module never imports streamlit: the query runner and the CLI use it too.
"""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from vocab import ADMIN as PERAN_ADMIN
from vocab import PERAN_LABEL, PIMPINAN, ROLES, WALI_WILAYAH

DEFAULT_USERS_FILE = Path(__file__).resolve().parent.parent / "data" / "pengguna.toml"
USERS_ENV = "KOMBEL_PENGGUNA"


@dataclass(frozen=True)
class Scope:
    """`kabkota` None = every kab/kota; a tuple (possibly empty) = only those."""

    email: str
    peran: str
    kabkota: tuple[str, ...] | None

    @property
    def restricted(self) -> bool:
        return self.kabkota is not None

    # Roles (METRICS §8): pages and ui/ ask these, never compare `peran` strings themselves.
    @property
    def is_registered(self) -> bool:
        """A known role (NOBODY and unknown emails are not)."""
        return self.peran in ROLES

    @property
    def is_admin(self) -> bool:
        """Uploads data and fixes quarantined rows with mappings."""
        return self.peran == PERAN_ADMIN

    @property
    def can_edit(self) -> bool:
        """Admin or pimpinan: may edit the theme lexicon and the UPT programme plan and events."""
        return self.peran in (PERAN_ADMIN, PIMPINAN)

    @property
    def is_wali(self) -> bool:
        """A wali wilayah: sees only the kab/kota in `kabkota`."""
        return self.peran == WALI_WILAYAH

    @property
    def peran_label(self) -> str:
        """The role as users read it ('Pimpinan UPT'); the code itself for an unknown role."""
        return PERAN_LABEL.get(self.peran, self.peran)

    def effective_kabkota(self, requested: tuple[str, ...] | list[str] | None) -> list[str] | None:
        """The user's filter intersected with the scope; None means no restriction at all."""
        requested = list(requested or ())
        if self.kabkota is None:
            return requested or None
        if not requested:
            return list(self.kabkota)
        allowed = set(self.kabkota)
        return [k for k in requested if k in allowed]


ADMIN = Scope(email="lokal", peran="admin", kabkota=None)
NOBODY = Scope(email="", peran="tanpa_akses", kabkota=())


class UsersFileError(ValueError):
    pass


def users_file(explicit: str | os.PathLike | None = None) -> Path:
    return Path(explicit or os.environ.get(USERS_ENV) or DEFAULT_USERS_FILE)


def load_users(path: Path) -> dict[str, Scope]:
    if not path.exists():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as e:
        raise UsersFileError(f"Berkas pengguna {path} tidak valid: {e}") from e
    users: dict[str, Scope] = {}
    for email, entry in (data.get("pengguna") or {}).items():
        peran = entry.get("peran")
        if peran not in ROLES:
            raise UsersFileError(f"{path}: peran '{peran}' untuk {email} tidak dikenal (pilih {', '.join(ROLES)}).")
        kabkota = None
        if peran == "wali_wilayah":
            kabkota = tuple(str(k) for k in entry.get("kabkota", []))
        users[email.casefold()] = Scope(email=email.casefold(), peran=peran, kabkota=kabkota)
    return users


def scope_for(email: str | None, path: Path) -> Scope:
    """The scope of a signed-in email; NOBODY for an email not in the users file."""
    if not email:
        return NOBODY
    return load_users(path).get(email.casefold(), NOBODY)


def upt_name(path: Path) -> str:
    """The UPT's name for report headers: `[upt] nama = "..."` in the users file, else "UPT".

    A missing or unreadable file gives the default too: a report header is no reason to fail
    (the guard reports an invalid users file where it matters).
    """
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return "UPT"
    nama = (data.get("upt") or {}).get("nama")
    return str(nama).strip() if isinstance(nama, str) and nama.strip() else "UPT"

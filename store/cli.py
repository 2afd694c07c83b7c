"""What the command lines (`python -m data_loaders`, `python -m queries`) share: an argparse parser whose usage
errors and help are in Indonesian. A wrong command exits 2, as argparse does and as both CLIs document.
Never imports streamlit."""
from __future__ import annotations

import argparse
import re
import sys
from typing import NoReturn

# argparse's own messages (Python 3.11), translated after formatting; a message not listed keeps its text.
_MESSAGES = [
    (r"the following arguments are required: (.*)", r"argumen wajib belum diberikan: \1"),
    (r"unrecognized arguments: (.*)", r"argumen tidak dikenal: \1"),
    (r"one of the arguments (.*) is required", r"salah satu argumen \1 wajib diberikan"),
    (r"ambiguous option: (\S+) could match (.*)", r"opsi \1 tidak jelas, bisa berarti \2"),
    (r"invalid choice: (.*) \(choose from (.*)\)", r"pilihan \1 tidak dikenal (pilih salah satu: \2)"),
    (r"expected one argument", "perlu satu nilai"),
    (r"expected at least one argument", "perlu sedikitnya satu nilai"),
    (r"expected at most one argument", "paling banyak satu nilai"),
    (r"invalid (\S+) value: (.*)", r"nilai \2 tidak valid (\1)"),
    (r"not allowed with argument (.*)", r"tidak boleh bersama argumen \1"),
    (r"ignored explicit argument (.*)", r"nilai \1 tidak dipakai opsi ini"),
]


def indonesian(message: str) -> str:
    """argparse's English error message in Indonesian ("argument --kind: invalid choice: ..." -> "argumen ...")."""
    prefix = ""
    if m := re.match(r"argument (.+?): (.*)", message, re.S):
        prefix, message = f"argumen {m[1]}: ", m[2]
    for pattern, replacement in _MESSAGES:
        if re.fullmatch(pattern, message, re.S):
            return prefix + re.sub(pattern, replacement, message, count=1, flags=re.S)
    return prefix + message


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):  # noqa: ANN001 - argparse's signature
        super().add_usage(usage, actions, groups, "penggunaan: " if prefix is None else prefix)


class Parser(argparse.ArgumentParser):
    """argparse.ArgumentParser speaking Indonesian: usage line, help headings, -h and every usage error
    ("python -m data_loaders: galat: argumen wajib belum diberikan: BERKAS", exit 2)."""

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003 - argparse's signature
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "argumen"
        self._optionals.title = "opsi"
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                          help="tampilkan bantuan ini lalu keluar")

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: galat: {indonesian(message)}\n")

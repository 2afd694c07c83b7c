"""The dashboard's shared layer: guard + sidebar (`require_scope`), cached data access, formats,
chart palette, the table-with-downloads widget and how a page runs a write (actions). Pages import from here
and only draw."""
from __future__ import annotations

from ui.guard import PageContext, empty_state, peek_scope, require_scope

__all__ = ["PageContext", "empty_state", "peek_scope", "require_scope"]

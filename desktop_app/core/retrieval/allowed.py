"""The exact check behind every search result: which records pass the scope and the filters.

Its own module so that both sides of search (search.py fuses, semantic.py ranks vectors) use it
without importing each other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop_app.core.privacy.scope import Scope, scope_where
from desktop_app.core.retrieval.filters import Filters, filters_where

if TYPE_CHECKING:
    from desktop_app.core.store.vault import Vault


def allowed_records(vault: Vault, record_ids: list[int], f: Filters, scope: Scope) -> set[int]:
    """The subset of ``record_ids`` that passes both the scope and the filters (checked in SQL)."""
    if not record_ids:
        return set()
    fsql, fparams, ok = filters_where(vault, f, "r")
    if not ok:
        return set()
    ssql, sparams = scope_where(scope, "r")
    out: set[int] = set()
    ids = sorted(set(record_ids))
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        q = ",".join("?" * len(chunk))
        out.update(r for (r,) in vault.query(f"SELECT r.id FROM records r WHERE r.id IN ({q}) AND {fsql} AND {ssql}",
                                              [*chunk, *fparams, *sparams]))
    return out

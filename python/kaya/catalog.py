"""kaya's catalogues: hardware, grids, datacentres, categories and equivalents, as
`kaya catalog list` and `kaya catalog show` give them.

    >>> import kaya
    >>> [e["id"] for e in kaya.catalog.list("grids", search="france")][:1]
    ['FRA']
"""
from __future__ import annotations

from typing import Sequence

from . import _kaya

__all__ = ["list", "show"]


def list(kind: str = "", search: str = "", catalogues: Sequence[str] = ()) -> "list[dict]":  # noqa: A001
    """The entries of a catalogue (`kind`: categories, hardware, grids, datacentres or
    equivalents; every kind when empty), those whose id or text contains `search` (any case)
    when given: one dict per entry with its kind, id and name."""
    from . import _raise
    try:
        return [{"kind": k, "id": i, "name": n} for k, i, n in _kaya.catalog_list(kind, search, [str(c) for c in catalogues])]
    except _kaya.EngineError as e:
        _raise(e)


def show(id: str, kind: str = "", catalogues: Sequence[str] = ()) -> "list[dict]":  # noqa: A002
    """Every entry with this id (in `kind` only, when given): each value as written, with its
    unit and range, the year it describes, its note and its sources; a category's unit,
    method and terms."""
    from . import _raise
    try:
        return _kaya.catalog_show(id, kind, [str(c) for c in catalogues])
    except _kaya.EngineError as e:
        _raise(e)

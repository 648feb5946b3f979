"""Links to many records of one kind, for a list or a page of many links: the path of each kind of page is worked
out once for a process, and each record's ids are written into it, instead of a reverse() for every link."""

import functools
from collections.abc import Callable

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

# No record has these ids; they mark where a record's ids go in a path.
_MARKERS = ("987654321981", "987654321982", "987654321983")


@functools.lru_cache(maxsize=512)
def _path_around_ids(name: str, ids: int, script_prefix: str, urlconf: str | None) -> tuple[str, ...]:
    """The named page's path cut where its `ids` ids go: the same for every record, where the site is served."""
    rest = reverse(name, args=[int(marker) for marker in _MARKERS[:ids]], urlconf=urlconf)
    pieces = []
    for marker in _MARKERS[:ids]:
        piece, found, rest = rest.partition(marker)
        if not found:
            raise ValueError(f"{name}'s path does not take {ids} ids")
        pieces.append(piece)
    return (*pieces, rest)


def _pieces(name: str, ids: int) -> tuple[str, ...]:
    # The URL configuration named, as reverse() finds it: a test may change the site's own.
    return _path_around_ids(name, ids, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)


def link_for_each(name: str, *ids: int) -> Callable[[int], str]:
    """The URL of the named page for each record's id, the id being the last argument of its path after `ids`.
    reverse() costs about 0.1 ms, and a caseload page of 50 families and their children, or a map of 100 items,
    asks for hundreds."""
    pieces = _pieces(name, len(ids) + 1)
    head = "".join(f"{piece}{int(id_)}" for piece, id_ in zip(pieces, ids, strict=False)) + pieces[len(ids)]
    tail = pieces[-1]
    return lambda pk: f"{head}{int(pk)}{tail}"


def link_for_each_pair(name: str) -> Callable[[int, int], str]:
    """The URL of the named page for each pair of ids that ends its path, such as a map's and one of its steps'."""
    head, middle, tail = _pieces(name, 2)
    return lambda first, second: f"{head}{int(first)}{middle}{int(second)}{tail}"


def link_to(name: str, *ids: int) -> str:
    """The URL of the named page for these ids: what `reverse(name, args=ids)` gives, without working it out again
    for every link of a page."""
    pieces = _pieces(name, len(ids))
    return "".join(f"{piece}{int(id_)}" for piece, id_ in zip(pieces, ids, strict=False)) + pieces[-1]

"""Rendered documents kept per request shape: a release never changes, so a page rendered once for
(path, format, language, root) is the same bytes for every later request.

Bounded by bytes (least recently used out first), since a municipality page of a large release
weighs hundreds of kilobytes. Used from the event loop only (never from worker threads), so it
needs no lock.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Rendered:
    """A finished representation: body, media type, status, extra headers and its ETag."""

    body: bytes
    media_type: str
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    etag: str = ""

    @classmethod
    def of(cls, body: bytes, media_type: str, status: int = 200,
           headers: dict[str, str] | None = None) -> Rendered:
        return cls(body, media_type, status, dict(headers or {}), etag_of(body, media_type))


def etag_of(body: bytes, media_type: str) -> str:
    # A weak validator (RFC 9110 8.8.1): GZipMiddleware may compress the body after this point, and a
    # strong ETag would then name two different byte sequences. W/ says "same representation data",
    # which holds for gzip and identity alike, and If-None-Match compares weakly anyway (13.1.2).
    return 'W/"' + hashlib.sha256(media_type.encode() + b"\0" + body).hexdigest()[:32] + '"'


class RenderCache:
    """Least-recently-used map of request key -> Rendered, at most `max_bytes` of bodies (each
    counted with `entry_bytes` more, for its key and bookkeeping, when many entries are tiny)."""

    def __init__(self, max_bytes: int = 64 * 1024 * 1024, entry_bytes: int = 0) -> None:
        self.max_bytes, self.entry_bytes = max_bytes, entry_bytes
        self.size = 0
        self._items: OrderedDict[Hashable, Rendered] = OrderedDict()

    def _cost(self, value: Rendered) -> int:
        return len(value.body) + self.entry_bytes

    def get(self, key: Hashable) -> Rendered | None:
        found = self._items.get(key)
        if found is not None:
            self._items.move_to_end(key)
        return found

    def put(self, key: Hashable, value: Rendered) -> Rendered:
        if self._cost(value) > self.max_bytes:  # larger than the whole budget: served, not kept
            return value
        old = self._items.pop(key, None)
        if old is not None:
            self.size -= self._cost(old)
        self._items[key] = value
        self.size += self._cost(value)
        while self.size > self.max_bytes:
            _, dropped = self._items.popitem(last=False)
            self.size -= self._cost(dropped)
        return value

    def __len__(self) -> int:
        return len(self._items)


__all__ = ["RenderCache", "Rendered", "etag_of"]

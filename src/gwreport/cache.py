"""A small on-disk cache for derived data that is slow to build at start-up.

Files live in $XDG_CACHE_HOME/gwreport (or ~/.cache/gwreport), named by a hash of
everything they were built from, so a stale entry is never read. The cache is an
optimisation only: any failure to read or write it is ignored.
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Callable


from .safeio import cache_dir, write_cache_file  # noqa: E402 - the one cache folder helper


def key_of(*parts: object) -> str:
    h = hashlib.sha1()
    for p in parts:
        h.update(p if isinstance(p, bytes) else repr(p).encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


def cached_bytes(sub: str, key: str, suffix: str, build: Callable[[], bytes]) -> bytes:
    """Return the cached bytes for key, building and storing them on a miss."""
    d = cache_dir(sub)
    path = d / (key + suffix) if d is not None else None
    if path is not None:
        try:
            return path.read_bytes()
        except OSError:
            pass
    data = build()
    if path is not None:
        write_cache_file(path, data)
    return data

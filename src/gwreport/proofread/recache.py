"""re.compile with the compiled program cached across processes (cold start).

Compiling the proofreader's regexes costs tens of milliseconds per process, mostly in
CPython's character-set optimiser (every [一-鿿] class is expanded code point by code point).
The result of that work - the pattern's program, a list of ints - is a pure function of the
pattern, the flags and the Python version, so it is kept in ~/.cache/gwreport/regex (one
marshal file per interpreter version and regex engine) and handed straight to _sre.compile
next time, exactly as re._compiler.compile does. The resulting Pattern objects are identical
in behaviour to re.compile's.

Any problem (unknown interpreter internals, unreadable or unwritable cache, bytes patterns,
DEBUG flag) falls back to plain re.compile. Syntax errors are raised by re.compile as usual:
only patterns that compiled are cached.
"""
from __future__ import annotations

import re
import sys

# interpreters whose re._compiler.compile ends in the _sre.compile call mirrored below
_VERIFIED = {(3, 11), (3, 12), (3, 13)}
_MAX_ENTRIES = 5000  # the shipped rules need a few hundred; user packs add some
_table: dict | None = None
_new: dict = {}
_saver_registered = False


def _cache_file():
    import os
    from pathlib import Path

    import _sre

    base = os.environ.get("XDG_CACHE_HOME") or (Path.home() / ".cache")
    impl = sys.implementation
    tag = (f"{impl.name}-{sys.version_info[0]}.{sys.version_info[1]}.{sys.version_info[2]}"
           f"-{sys.version_info[3]}{sys.version_info[4]}-sre{_sre.MAGIC}-{_sre.CODESIZE}")
    return Path(base) / "gwreport" / "regex" / f"{tag}.marshal"


def _load() -> dict:
    global _table
    if _table is None:
        _table = {}
        try:
            import marshal

            data = marshal.loads(_cache_file().read_bytes())
            if isinstance(data, dict):
                _table = data
        except Exception:
            pass
    return _table


def _save() -> None:
    if not _new:
        return
    try:
        import marshal
        import os

        path = _cache_file()
        table = {}
        try:  # merge with what another process may have written meanwhile
            old = marshal.loads(path.read_bytes())
            if isinstance(old, dict):
                table.update(old)
        except Exception:
            pass
        table.update(_table or {})
        table.update(_new)
        if len(table) > _MAX_ENTRIES:
            table = dict(_new)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(marshal.dumps(table))
        os.replace(tmp, path)
        _new.clear()
    except Exception:
        pass


def compile(pattern, flags: int = 0) -> re.Pattern:  # noqa: A001 - mirrors re.compile
    global _saver_registered
    flags = int(flags)
    if not isinstance(pattern, str) or flags & re.DEBUG or sys.version_info[:2] not in _VERIFIED:
        return re.compile(pattern, flags)
    key = (pattern, flags)
    try:
        import _sre

        hit = _load().get(key) or _new.get(key)
        if hit is not None:
            final_flags, code, groups, groupindex, indexgroup = hit
            return _sre.compile(pattern, final_flags, code, groups, groupindex, indexgroup)
        from re import _compiler, _parser  # type: ignore[attr-defined]

        p = _parser.parse(pattern, flags)
        code = _compiler._code(p, flags)
        groupindex = dict(p.state.groupdict)
        indexgroup = [None] * p.state.groups
        for k, i in groupindex.items():
            indexgroup[i] = k
        entry = (flags | p.state.flags, [int(c) for c in code], p.state.groups - 1, groupindex, tuple(indexgroup))
        rx = _sre.compile(pattern, *entry)
        # a miss: re.compile's own object is returned; the mirror is checked against it
        # before its program is kept for the next processes
        ref = re.compile(pattern, flags)
        if (rx.flags, rx.groups, rx.groupindex) != (ref.flags, ref.groups, ref.groupindex):
            return ref
    except re.error:
        raise
    except Exception:
        return re.compile(pattern, flags)
    _new[key] = entry
    if not _saver_registered:
        import atexit

        atexit.register(_save)
        _saver_registered = True
    return ref

"""A copy of the draft with every safe fix applied (`check --fix -o 新文件`). The input is
never overwritten; the copy is written atomically in the input's encoding and line ending."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from ..fixes import FixResult, fix_draft


def write(draft, findings, output: Path, analyse: Callable, config_path=None) -> FixResult:
    from ..fsutil import atomic_path
    from ..safeio import guard_output

    # a text draft's fix is text: never written over a .yaml, .docx, .xlsx… nor over the draft
    # (the guard resolves a symlinked output: the file it points to is replaced, the link kept)
    output = guard_output(output, "docx" if draft.kind == "docx" else "text", (draft.path, config_path))
    res = fix_draft(draft, analyse, findings)
    if draft.kind == "docx":
        with atomic_path(Path(output)) as tmp:
            draft.document.save(str(tmp))
    else:
        data = draft.newline.join(draft.raw_lines) + draft.newline
        enc = draft.encoding or "utf-8"
        with atomic_path(Path(output)) as tmp:
            tmp.write_bytes(data.encode(enc, errors="replace"))
    return res


def describe(f) -> str:
    if not f.text:
        return f"插入“{f.fix}”"
    if not f.fix:
        return f"删除“{f.text}”"
    return f"“{f.text}” → “{f.fix}”"

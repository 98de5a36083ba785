"""A copy of a .docx with one Word review comment per finding (`check --format docx`)."""
from __future__ import annotations

from pathlib import Path

from ..errors import GwError


def write(draft, findings, output: Path) -> int:
    """Write the commented copy atomically; returns the number of comments. Never the input."""
    from ..fsutil import atomic_path, check_output
    from ..proofread.docx_edit import add_comments

    if draft.kind != "docx":
        raise GwError("--format docx 只适用于 .docx 输入；文本文件请用 --format console 或 json", exit_code=2)
    output = check_output(output, suffix=".docx", inputs=(Path(draft.path),))
    n = add_comments(draft.document, draft.paragraphs, findings)
    with atomic_path(Path(output)) as tmp:
        draft.document.save(str(tmp))
    return n

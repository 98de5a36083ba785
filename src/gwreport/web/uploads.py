"""Multipart request bodies streamed straight into an item's folder, with caps.

Files are written as they arrive (never held whole in memory, never in the system's shared
temp folder); a file over its cap, too many parts or an oversized text field stops the
upload with a Chinese message and what was written is removed. The stored file name is
chosen by the server (input<suffix> with a whitelisted suffix); the client's name is kept
only for display.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from .store import display_name, safe_suffix

MAX_FILE_BYTES = 50 * 1024 * 1024  # the .docx reader's own cap (readers.MAX_DOCX_BYTES)
MAX_FIELD_BYTES = 10 * 1024 * 1024  # pasted text: the text reader's cap
MAX_PARTS = 12


@dataclass
class Upload:
    field: str
    name: str  # for display only
    path: Path
    size: int


@dataclass
class Parsed:
    fields: dict[str, str] = field(default_factory=dict)
    files: dict[str, Upload] = field(default_factory=dict)


async def parse(request, folder: Path, allowed: dict[str, tuple[str, ...]], *,
                max_file: int | None = None, max_field: int | None = None) -> Parsed:
    """Stream request's multipart body into folder. allowed: file field → permitted suffixes."""
    max_file = MAX_FILE_BYTES if max_file is None else max_file
    max_field = MAX_FIELD_BYTES if max_field is None else max_field
    from python_multipart.multipart import MultipartParser, parse_options_header

    ctype, params = parse_options_header(request.headers.get("content-type", ""))
    if ctype != b"multipart/form-data" or b"boundary" not in params:
        raise InputError("上传格式不对：请通过页面上的表单上传文件")
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_file * 2 + max_field:
        raise InputError(f"上传的内容太大（{int(declared) // 1024 // 1024} MB），"
                         f"每个文件不能超过 {max_file // 1024 // 1024} MB")
    out = Parsed()
    cur: dict = {}
    problem: list[str] = []
    parts = [0]

    def on_part_begin():
        cur.clear()
        cur.update(headers={}, hname=b"", hval=b"", size=0, buf=bytearray(), fh=None)
        parts[0] += 1
        if parts[0] > MAX_PARTS:
            problem.append("上传的项目太多")

    def on_header_field(data, start, end):
        cur["hname"] += data[start:end]

    def on_header_value(data, start, end):
        cur["hval"] += data[start:end]

    def on_header_end():
        cur["headers"][cur["hname"].decode("latin-1").lower()] = cur["hval"]
        cur["hname"], cur["hval"] = b"", b""

    def on_headers_finished():
        disp, p = parse_options_header(cur["headers"].get("content-disposition", b""))
        name = p.get(b"name", b"").decode("utf-8", "replace")
        cur["field"] = name
        if b"filename" in p:
            raw = p[b"filename"].decode("utf-8", "replace")
            if name not in allowed:
                problem.append(f"不接受的上传项目“{display_name(name, '?')}”")
                return
            if not raw:
                cur["skip"] = True  # the file input was left empty
                return
            suffix = safe_suffix(raw, allowed[name])
            if suffix is None:
                kinds = "、".join(s for s in allowed[name])
                problem.append(f"“{display_name(raw)}”的格式不支持，请上传 {kinds} 文件")
                return
            path = folder / f"{name}{suffix}"
            cur["upload"] = Upload(name, display_name(raw), path, 0)
            cur["fh"] = open(path, "wb")

    def on_part_data(data, start, end):
        if problem or cur.get("skip"):
            return
        n = end - start
        cur["size"] += n
        if cur.get("fh") is not None:
            if cur["size"] > max_file:
                problem.append(f"“{cur['upload'].name}”太大，超过 {max_file // 1024 // 1024} MB 的上限")
                return
            cur["fh"].write(data[start:end])
        else:
            if cur["size"] > max_field:
                problem.append(f"输入的文字太长，超过 {max_field // 1024 // 1024} MB 的上限")
                return
            cur["buf"] += data[start:end]

    def on_part_end():
        fh = cur.get("fh")
        if fh is not None:
            fh.close()
            up = cur["upload"]
            up.size = cur["size"]
            out.files[up.field] = up
        elif not cur.get("skip") and cur.get("field") is not None and not problem:
            out.fields[cur["field"]] = bytes(cur["buf"]).decode("utf-8", "replace")

    parser = MultipartParser(params[b"boundary"], {
        "on_part_begin": on_part_begin, "on_header_field": on_header_field,
        "on_header_value": on_header_value, "on_header_end": on_header_end,
        "on_headers_finished": on_headers_finished, "on_part_data": on_part_data,
        "on_part_end": on_part_end})
    try:
        async for chunk in request.stream():
            parser.write(chunk)
            if problem:
                break
        else:
            parser.finalize()
    except InputError:
        raise
    except Exception:
        problem.append("上传的数据不完整或格式有误，请重新上传")
    finally:
        fh = cur.get("fh")
        if fh is not None and not fh.closed:
            fh.close()
    if problem:
        for up in list(out.files.values()) + ([cur["upload"]] if cur.get("upload") else []):
            up.path.unlink(missing_ok=True)
        raise InputError(problem[0])
    return out

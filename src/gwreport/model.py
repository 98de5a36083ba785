"""The document model shared by build, check and batch (pandoc-style: readers → model → writers).

A body is written as Markdown-like text: '#'..'####' headings (numbered automatically,
so conditional sections never leave gaps), one paragraph per non-empty line, and pipe
tables. Document.layout() is the single ordered list of paragraphs that both the .docx
writer and the proofreader walk, so a finding's line is the paragraph number in the .docx.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator, Union

from .findings import TextUnit
from .numbering import Numberer


@dataclass
class Heading:
    level: int  # 1..4
    text: str  # without its number
    number: str = ""  # e.g. 一、 （一） 1. （1）

    @property
    def full(self) -> str:
        return self.number + self.text


@dataclass
class Paragraph:
    text: str
    role: str = "body"


@dataclass
class Table:
    rows: list[list[str]]  # first row is the header
    caption: str | None = None


Block = Union[Heading, Paragraph, Table]


# between the 发文字号 and 签发人 on their shared line (a right tab stop in the .docx)
SIGNER_SEPARATOR = "\t"


@dataclass
class Line:
    """One paragraph of the laid-out document. role: see findings.TextUnit."""

    role: str
    text: str


@dataclass
class Document:
    title: str
    body: list[Block] = field(default_factory=list)
    addressee: str | None = None  # 主送机关, written with its full-width colon
    signature: str | None = None  # 发文机关署名
    date: str | None = None  # 成文日期, already formatted: 2024年9月30日
    doc_number: str | None = None  # 发文字号: 某政发〔2024〕5号
    signer: str | None = None  # 签发人 (上行文)
    attachments: list[str] = field(default_factory=list)  # 附件名称, without numbers
    cc: list[str] = field(default_factory=list)  # 抄送
    issuer: str | None = None  # 印发机关
    issue_date: str | None = None  # 印发日期
    # 版头 (GB/T 9704 §7.2)
    copy_number: str | None = None  # 份号, six digits
    secrecy: str | None = None  # 密级和保密期限: 秘密★1年
    urgency: str | None = None  # 紧急程度: 特急 / 加急
    # 发文机关标志: one name (“某某县人民政府文件”, or the organ's name alone), or for joint
    # issuing several organ names (the writer sets “文件” beside them)
    mark: list[str] = field(default_factory=list)
    letter: bool = False  # 信函格式 (§10.1): mark at the top of the page, no 版记
    note: str | None = None  # 附注, written without its parentheses
    # 附件 pages: (name, body blocks); the name is the title of its page, numbered 附件1…
    # (the number of the name in `attachments`, else its place in this list)
    attachment_pages: list[tuple[str, list[Block]]] = field(default_factory=list)
    # sealed (加盖印章, §7.3.5.1): 署名 centred over the date, date right four characters;
    # unsealed (§7.3.5.2): 署名 right two characters, the date's first character two to its right
    sealed: bool = True

    @property
    def upward(self) -> bool:
        """上行文: the 发文字号 line carries the 签发人."""
        return bool(self.signer)

    def layout(self) -> Iterator[Line | Table]:
        """Paragraphs in the order they appear in the .docx, spacer lines included."""
        masthead = bool(self.mark)
        if masthead and self.letter:
            # 信函格式 (GB/T 9704 §10.1): the 主办机关's mark at the top of the page, the red
            # double lines (the writer draws the upper one 4 mm under the mark and the lower one
            # 20 mm above the bottom edge), then 份号/密级/紧急程度 flush left and the 发文字号
            # flush right under the upper line; the title one line lower
            yield Line("letterhead", self.mark[0])
            yield Line("red_line", "")
        for role, value in (("copy_number", self.copy_number), ("secrecy", self.secrecy),
                            ("urgency", self.urgency)):
            if value:
                yield Line(role, value)
        if masthead and not self.letter:
            # several organs issuing jointly: one line each, the writer adds “文件” beside them
            for name in self.mark:
                yield Line("letterhead", name)
            yield Line("empty", "")  # 发文字号 two lines under the mark (§7.2.4); the
            yield Line("empty", "")  # mark's own line is taller than a body line
        if self.doc_number:
            # GB/T 9704 §7.2.4: in an upward document (上行文) the 发文字号 and 签发人 share one
            # line — 发文字号 left (one character in), 签发人 right (one character in), parted by
            # a tab that the .docx writer aligns on a right tab stop. Without a signer the
            # 发文字号 stands alone, centred (下行文).
            text = self.doc_number
            if self.signer:
                text += f"{SIGNER_SEPARATOR}签发人：{self.signer}"
            yield Line("doc_number", text)
            if masthead and not self.letter:
                yield Line("red_line", "")  # 4 mm under the 发文字号, as wide as the type area
                yield Line("empty", "")  # title two lines under the red line (§7.3.1)
            yield Line("empty", "")
        elif masthead:
            yield Line("empty", "")
        yield Line("title", self.title)
        yield Line("empty", "")
        if self.addressee:
            yield Line("addressee", self.addressee.rstrip("：:") + "：")
        for block in self.body:
            if isinstance(block, Heading):
                yield Line(f"heading{block.level}", block.full)
            elif isinstance(block, Paragraph):
                yield Line(block.role, block.text)
            else:
                yield block
        if self.attachments:
            yield Line("empty", "")
            for i, name in enumerate(self.attachments, 1):
                if len(self.attachments) == 1:
                    yield Line("attachment", f"附件：{name}")
                elif i == 1:
                    yield Line("attachment", f"附件：1.{name}")
                else:
                    yield Line("attachment", f"{i}.{name}")
        if self.signature or self.date:
            yield Line("empty", "")
            if self.sealed:  # room for the seal (印章上距正文一行之内)
                yield Line("empty", "")
            if self.signature:
                yield Line("signature", self.signature)
            if self.date:
                yield Line("date", self.date)
        if self.note:
            # 附注: in parentheses, left two characters, on the line under the date (§7.3.6)
            note = self.note.strip()
            if not (note.startswith(("（", "(")) and note.endswith(("）", ")"))):
                note = f"（{note}）"
            yield Line("note", note)
        for n, (name, blocks) in enumerate(self.attachment_pages, 1):
            # 附件 on a new page: “附件N” in 3号黑体 flush left on the first line, its title
            # centred on the third line (§8); the writer starts the page
            if name in self.attachments:
                n = self.attachments.index(name) + 1
            single = len(self.attachments) <= 1 and len(self.attachment_pages) == 1
            yield Line("attachment_label", "附件" if single else f"附件{n}")
            yield Line("empty", "")
            yield Line("attachment_title", name)
            yield Line("empty", "")
            for block in blocks:
                if isinstance(block, Heading):
                    yield Line(f"heading{block.level}", block.full)
                elif isinstance(block, Paragraph):
                    yield Line(block.role, block.text)
                else:
                    yield block
        # 信函格式: 版记不加印发机关和印发日期、分隔线 (§10.1), only the 抄送 at the bottom
        issuer = None if self.letter else self.issuer
        if self.cc or issuer:
            # the 版记 sits on the bottom edge of the type area of the last page (§7.4.1): the
            # writer floats it there, so no spacer line above it; the empty line after it is
            # the paragraph the floating table is anchored to
            if self.cc:
                yield Line("cc", "抄送：" + "，".join(self.cc) + "。")
            if issuer:
                # 印发机关 left, 印发日期 right: parted by a tab the writer aligns on a right tab stop
                yield Line("printer", f"{issuer}\t{self.issue_date}印发" if self.issue_date
                           else issuer)
            yield Line("empty", "")

    def text_units(self) -> list[TextUnit]:
        """What the proofreader reads; numbering matches the .docx paragraphs (cells row by row)."""
        units: list[TextUnit] = []
        for item in self.layout():
            if isinstance(item, Table):
                for row in item.rows:
                    for cell in row:
                        units.append(TextUnit(len(units) + 1, cell, "table_cell"))
            else:
                units.append(TextUnit(len(units) + 1, item.text, item.role))
        return units

    def plain_text(self) -> str:
        return "\n".join(u.text for u in self.text_units())


_HEADING_RE = re.compile(r"^(#{1,4})\s+(.*\S)\s*$")
_TABLE_SEP_RE = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


def _split_row(line: str) -> list[str]:
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|"):
        s = s[:-1]
    return [c.strip() for c in s.split("|")]


_ATTACHMENT_FENCE_RE = re.compile(r"^:::\s*附件\s*(\d*)\s*(\S.*)?$")


def split_attachments(text: str) -> tuple[str, dict[int | str, str]]:
    """Rendered text -> (body text, {attachment number or name: its page's text}). A line
    “::: 附件2” starts the page of the second attachment, “::: 附件 名称” the page of the
    attachment of that name (added to the 附件说明 when the facts do not list it)."""
    body: list[str] = []
    pages: dict[int | str, list[str]] = {}
    cur = body
    for raw in text.splitlines():
        m = _ATTACHMENT_FENCE_RE.match(raw.strip())
        if m:
            key: int | str = int(m.group(1)) if m.group(1) else (m.group(2) or "").strip()
            if key == "":
                key = len(pages) + 1
            cur = pages.setdefault(key, [])
            continue
        cur.append(raw)
    return "\n".join(body), {k: "\n".join(lines) for k, lines in pages.items()}


def parse_body(text: str) -> list[Block]:
    """Turn rendered body text into blocks and number the headings."""
    blocks: list[Block] = []
    numberer = Numberer()
    table: list[list[str]] | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("|"):
            if _TABLE_SEP_RE.match(line):
                continue
            if table is None:
                table = []
                blocks.append(Table(table))
            table.append(_split_row(line))
            continue
        table = None
        if not line:
            continue
        m = _HEADING_RE.match(line)
        if m:
            level = len(m.group(1))
            blocks.append(Heading(level, m.group(2), numberer.next(level)))
        else:
            blocks.append(Paragraph(line))
    return blocks

""".docx → PDF through LibreOffice headless, with free stand-ins for the 公文 fonts, and a render check.

- LibreOffice runs with its own temporary profile (-env:UserInstallation), so a desktop
  LibreOffice that is open at the same time does not block or break the conversion.
- Fonts: corpora/fontconfig/gwreport-fonts.conf maps 方正小标宋简体 / 仿宋_GB2312 / 楷体_GB2312 /
  黑体 / 宋体 to the real fonts when installed and otherwise to fonts-noto-cjk and
  fonts-arphic-ukai; extra font folders can be given. Every substitution is reported.
- verify_pdf(): page numbers "— N —" below the type area, odd pages right and even pages
  left; line pitch and lines a page (GB/T 9704: 22 lines of 28 characters).
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

from .errors import GwError, InputError
from .fsutil import os_error_cn
from .profile import Profile, load_profile

INSTALL_HINT = (
    "未找到 LibreOffice（soffice），无法转换 PDF。请先安装：\n"
    "  Debian/Ubuntu：sudo apt-get install --no-install-recommends libreoffice-writer-nogui "
    "fonts-noto-cjk fonts-arphic-ukai\n"
    "  Windows/macOS：从 https://zh-cn.libreoffice.org 下载安装，"
    "或设置环境变量 GWREPORT_SOFFICE 指向 soffice 程序"
)

_CANDIDATES = (
    "/usr/bin/soffice", "/usr/lib/libreoffice/program/soffice", "/opt/libreoffice/program/soffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
)


def find_soffice() -> str | None:
    env = os.environ.get("GWREPORT_SOFFICE")
    if env:
        return env if Path(env).is_file() else None
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for cand in _CANDIDATES:
        if Path(cand).is_file():
            return cand
    import glob

    for cand in sorted(glob.glob("/opt/libreoffice*/program/soffice"), reverse=True):
        return cand
    return None


def fontconfig_file() -> Path:
    from .resources import corpora_dir

    return corpora_dir() / "fontconfig" / "gwreport-fonts.conf"


def _font_dirs(extra: Iterable[Path | str] = ()) -> list[Path]:
    dirs = [Path(d) for d in extra]
    env = os.environ.get("GWREPORT_FONT_DIRS", "")
    dirs += [Path(d) for d in env.split(os.pathsep) if d]
    return [d.resolve() for d in dirs if d.is_dir()]


def write_fontconfig(folder: Path, font_dirs: Sequence[Path] = ()) -> Path:
    """A fonts.conf for the conversion: our substitutions, the user's font folders, the system setup."""
    from xml.sax.saxutils import escape

    lines = ['<?xml version="1.0"?>', '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">', "<fontconfig>"]
    for d in font_dirs:
        lines.append(f"  <dir>{escape(str(d))}</dir>")
    lines.append(f'  <include ignore_missing="yes">{escape(str(fontconfig_file()))}</include>')
    system = os.environ.get("FONTCONFIG_FILE") or "/etc/fonts/fonts.conf"
    lines.append(f'  <include ignore_missing="yes">{escape(system)}</include>')
    lines.append("</fontconfig>")
    path = folder / "fonts.conf"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# ---------------------------------------------------------------------------------------
# font report
# ---------------------------------------------------------------------------------------
def requested_fonts(docx: Path) -> list[str]:
    """Font names a .docx actually asks for: document defaults, the styles its paragraphs, runs
    and tables use (with their based-on chains), direct run fonts, headers and footers."""
    from lxml import etree

    W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    names: set[str] = set()

    def fonts_of(el) -> None:
        for rf in el.iter(W + "rFonts"):
            for attr in ("eastAsia", "ascii", "hAnsi"):
                v = rf.get(W + attr)
                if v:
                    names.add(v)

    try:
        with zipfile.ZipFile(docx) as z:
            members = z.namelist()
            styles = etree.fromstring(z.read("word/styles.xml")) if "word/styles.xml" in members else None
            used: set[str] = set()
            for n in members:
                if n == "word/document.xml" or (n.startswith("word/") and n.endswith(".xml") and (
                        n.startswith("word/footer") or n.startswith("word/header"))):
                    root = etree.fromstring(z.read(n))
                    fonts_of(root)
                    for tag in ("pStyle", "rStyle", "tblStyle"):
                        for e in root.iter(W + tag):
                            used.add(e.get(W + "val"))
    except (zipfile.BadZipFile, OSError, etree.XMLSyntaxError, KeyError):
        return sorted(names)
    if styles is not None:
        by_id = {s.get(W + "styleId"): s for s in styles.iter(W + "style")}
        for s in by_id.values():
            if s.get(W + "default") == "1":
                used.add(s.get(W + "styleId"))
        dd = styles.find(W + "docDefaults")
        if dd is not None:
            fonts_of(dd)
        seen: set[str] = set()
        for sid in used:
            while sid and sid not in seen and sid in by_id:
                seen.add(sid)
                st = by_id[sid]
                rpr = st.find(W + "rPr")
                if rpr is not None:
                    fonts_of(rpr)
                b = st.find(W + "basedOn")
                sid = b.get(W + "val") if b is not None else None
    return sorted(names)


@dataclass
class Substitution:
    requested: str
    used: str
    file: str = ""


def font_substitutions(fonts: Iterable[str], fc_conf: Path | None) -> list[Substitution] | None:
    """What fontconfig (with our configuration) gives for each requested family, where it differs.
    None when fontconfig's fc-match is not available (no report possible)."""
    fc = shutil.which("fc-match")
    if not fc:
        return None
    env = dict(os.environ)
    if fc_conf is not None:
        env["FONTCONFIG_FILE"] = str(fc_conf)
    out: list[Substitution] = []
    for name in fonts:
        try:
            r = subprocess.run([fc, "-f", "%{family}\t%{style[0]}\t%{file}", name], capture_output=True,
                               env=env, timeout=20, text=True, encoding="utf-8", errors="replace")
        except (OSError, subprocess.SubprocessError):
            continue
        fams, _, rest = r.stdout.partition("\t")
        style, _, file = rest.partition("\t")
        families = [f.strip() for f in fams.split(",") if f.strip()]
        if not families:
            continue
        if name.casefold() in {f.casefold() for f in families}:
            continue
        primary = next((f for f in families if f.endswith(" SC")), families[0])
        used = primary + (f" {style}" if style and style.lower() not in ("regular", "book") else "")
        out.append(Substitution(name, used, file))
    return out


def embedded_fonts(pdf: Path) -> list[str]:
    tool = shutil.which("pdffonts")
    if not tool:
        return []
    try:
        r = subprocess.run([tool, str(pdf)], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return []
    names = []
    for line in r.stdout.splitlines()[2:]:
        name = line.split()[0] if line.split() else ""
        name = name.split("+", 1)[-1]
        if name and name not in names:
            names.append(name)
    return names


# ---------------------------------------------------------------------------------------
# conversion
# ---------------------------------------------------------------------------------------
@dataclass
class PdfResult:
    pdf: Path
    seconds: float
    substitutions: list[Substitution] | None = field(default_factory=list)
    embedded: list[str] = field(default_factory=list)

    def report(self) -> str:
        if self.substitutions is None:
            used = "、".join(self.embedded) if self.embedded else "未知"
            return f"字体：未找到 fc-match，无法逐一报告字体替换；PDF 内嵌字体：{used}"
        if not self.substitutions:
            return "字体：文档所用字体均已安装，未替换。"
        lines = ["字体替换（本机未安装文档指定的字体，PDF 中以下列字体代替）："]
        for s in self.substitutions:
            lines.append(f"  {s.requested} → {s.used}")
        lines.append("如需与印刷件一致，请安装相应字体，或用 --font-dir 指定字体所在文件夹。")
        return "\n".join(lines)


def to_pdf(docx: Path, pdf: Path | None = None, *, font_dirs: Iterable[Path | str] = (),
           timeout: float = 180.0) -> PdfResult:
    """Convert docx to pdf (default: same name beside it) with LibreOffice headless."""
    return to_pdfs([(docx, pdf)], font_dirs=font_dirs, timeout=timeout)[0]


def to_pdfs(jobs: Sequence[tuple[Path, Path | None]], *, font_dirs: Iterable[Path | str] = (),
            timeout: float = 180.0) -> list[PdfResult]:
    """Convert several (docx, pdf or None) at once: one LibreOffice start for all of them
    (a start costs about a second). Each file is converted as written (its bytes copied)."""
    from .docx_writer import atomic_write_bytes

    from .safeio import guard_output, package_bytes, regular_file
    todo = []
    for docx, pdf in jobs:
        docx = Path(docx)
        regular_file(docx, "Word 文档")
        if docx.suffix.lower() not in (".docx", ".doc", ".odt", ".rtf"):
            raise InputError(f"{docx}：只能转换 Word 文档（.docx）")
        pdf = Path(pdf) if pdf is not None else docx.with_suffix(".pdf")
        guard_output(pdf, "pdf", (docx,))
        todo.append((docx, pdf))
    font_dirs = list(font_dirs)
    for d in font_dirs:
        if not Path(d).is_dir():
            raise InputError(f"--font-dir {d}：字体文件夹不存在")
    soffice = find_soffice()
    if not soffice:
        raise GwError(INSTALL_HINT, exit_code=2)
    start = time.perf_counter()
    results = []
    with tempfile.TemporaryDirectory(prefix="gwreport-pdf-") as tmp_s:
        tmp = Path(tmp_s)
        src_dir, out_dir = tmp / "in", tmp / "out"
        src_dir.mkdir()
        out_dir.mkdir()
        srcs = []
        for i, (docx, _) in enumerate(todo):
            src = src_dir / (f"document{i}" + docx.suffix.lower())
            raw = package_bytes(docx, "Word 文档")  # regular file, bounded, zip caps checked
            if src.suffix == ".docx" and not raw.startswith(b"PK"):
                raise InputError(f"{docx}：不是有效的 Word 文档（.docx）")
            # converted as written: the bytes are copied, never rewritten
            src.write_bytes(raw)
            srcs.append(src)
        fc_conf = write_fontconfig(tmp, _font_dirs(font_dirs))
        env = dict(os.environ)
        env["FONTCONFIG_FILE"] = str(fc_conf)
        env.setdefault("HOME", str(tmp))
        env["SAL_USE_VCLPLUGIN"] = "svp"  # no display needed
        cmd = [soffice, f"-env:UserInstallation={(tmp / 'profile').as_uri()}", "--headless",
               "--invisible", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
               "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(out_dir)] + [str(x) for x in srcs]
        names = "、".join(str(d) for d, _ in todo)
        try:
            proc = subprocess.run(cmd, capture_output=True, env=env, timeout=timeout * len(todo),
                                  stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise GwError(f"{names}：LibreOffice 转换超时（{timeout * len(todo):.0f} 秒）", exit_code=2) from None
        except OSError as exc:
            raise GwError(f"无法启动 LibreOffice（{soffice}）：{os_error_cn(exc, 'run')}\n{INSTALL_HINT}",
                          exit_code=2) from None
        seconds = (time.perf_counter() - start) / len(todo)
        for (docx, pdf), src in zip(todo, srcs):
            produced = out_dir / (src.stem + ".pdf")
            if proc.returncode != 0 or not produced.is_file():
                tail = (proc.stderr or b"").decode("utf-8", "replace").strip().splitlines()[-3:]
                detail = "；".join(t for t in tail if t) or f"退出码 {proc.returncode}"
                raise GwError(f"{docx}：LibreOffice 未能转换为 PDF（{detail}）", exit_code=2)
            atomic_write_bytes(pdf, produced.read_bytes())  # creates a missing folder; Chinese error if locked
            subs = font_substitutions(requested_fonts(docx), fc_conf)
            results.append(PdfResult(pdf, seconds, subs, embedded_fonts(pdf)))
    return results


# ---------------------------------------------------------------------------------------
# render check
# ---------------------------------------------------------------------------------------
PT_PER_MM = 72 / 25.4
_DATE_RE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")
_PAGE_NO_RE = re.compile(r"^[—\-–－一]+\s*(\d+)\s*[—\-–－一]+$")


@dataclass
class PageInfo:
    number: int
    page_label: int | None  # the printed page number found in the footer area
    label_side: str | None  # "right" / "left" / "centre"
    label_x_mm: float | None  # distance from the nearer type-area edge, mm
    label_gap_mm: float | None  # distance below the type area, mm
    text_lines: int
    max_chars: int


@dataclass
class VerifyReport:
    pages: list[PageInfo]
    line_pitch_pt: float | None
    lines_per_page: float | None
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        out = []
        pitch = f"{self.line_pitch_pt:.1f} 磅" if self.line_pitch_pt else "无法测定"
        lpp = f"{self.lines_per_page:.1f}" if self.lines_per_page else "—"
        out.append(f"共 {len(self.pages)} 页；正文行距 {pitch}，每页可排 {lpp} 行（标准 22 行）")
        for p in self.pages:
            side = {"right": "右", "left": "左", "centre": "居中"}.get(p.label_side or "", "未找到")
            label = f"“— {p.page_label} —”{side}" if p.page_label is not None else "未找到页码"
            extra = ""
            if p.label_x_mm is not None:
                extra = f"（距版心边 {p.label_x_mm:.1f} 毫米，距版心下沿 {p.label_gap_mm:.1f} 毫米）"
            out.append(f"  第{p.number}页：{p.text_lines} 行文字，最长一行 {p.max_chars} 字；页码 {label}{extra}")
        if self.problems:
            out.append("发现问题：")
            out.extend(f"  {x}" for x in self.problems)
        else:
            out.append("页码位置与每页行数符合 GB/T 9704。")
        return "\n".join(out)


def _bbox_pages(pdf: Path):
    tool = shutil.which("pdftotext")
    if not tool:
        raise GwError("未找到 pdftotext，无法检查 PDF 版式。请安装 poppler-utils："
                      "sudo apt-get install poppler-utils", exit_code=2)
    r = subprocess.run([tool, "-bbox-layout", str(pdf), "-"], capture_output=True, timeout=60)
    if r.returncode != 0:
        raise InputError(f"{pdf}：无法读取 PDF")
    from lxml import etree

    root = etree.fromstring(r.stdout, etree.XMLParser(recover=True, huge_tree=True))
    ns = "{http://www.w3.org/1999/xhtml}"
    for page in root.iter(ns + "page"):
        w, h = float(page.get("width")), float(page.get("height"))
        lines = []
        for line in page.iter(ns + "line"):
            words = [wd.text or "" for wd in line.iter(ns + "word")]
            lines.append((float(line.get("xMin")), float(line.get("yMin")), float(line.get("xMax")),
                          float(line.get("yMax")), " ".join(words)))
        yield w, h, lines


def verify_pdf(pdf: Path, profile: Profile | str | None = None) -> VerifyReport:
    prof = profile if isinstance(profile, Profile) else load_profile(profile)
    top = prof.margin_top * PT_PER_MM
    left = prof.margin_left * PT_PER_MM
    problems: list[str] = []
    pages: list[PageInfo] = []
    gaps: list[float] = []
    page_rows: list[list[float]] = []
    last_texts: list[str] = []
    for idx, (w, h, lines) in enumerate(_bbox_pages(Path(pdf)), 1):
        bottom = h - prof.margin_bottom * PT_PER_MM
        right = w - prof.margin_right * PT_PER_MM
        body, footer = [], []
        for ln in lines:
            (footer if ln[1] >= bottom - 2 else body).append(ln)
        # page number
        label = side = None
        xoff = gap = None
        for x0, y0, x1, y1, text in footer:
            m = _PAGE_NO_RE.match(text.replace(" ", "").replace("\u3000", "")) or \
                _PAGE_NO_RE.match(text.strip())
            if not m:
                continue
            label = int(m.group(1))
            centre = (x0 + x1) / 2
            if abs(centre - w / 2) < 20:
                side, xoff = "centre", 0.0
            elif centre > w / 2:
                side, xoff = "right", (right - x1) / PT_PER_MM
            else:
                side, xoff = "left", (x0 - left) / PT_PER_MM
            gap = (y0 - bottom) / PT_PER_MM
            break
        # text lines in the type area, grouped by baseline
        ys = sorted({round(ln[3], 0) for ln in body if ln[4].strip()})
        rows: list[float] = []
        for y in ys:
            if not rows or y - rows[-1] > 6:
                rows.append(y)
        gaps += [b - a for a, b in zip(rows, rows[1:])]
        page_rows.append(rows)
        max_chars = 0
        for ln in body:
            t = ln[4].replace(" ", "")
            max_chars = max(max_chars, round(sum(1.0 if ord(c) > 0x2E7F else 0.5 for c in t)))
        for x0, y0, x1, y1, text in body:
            # one punctuation mark may hang past the right edge (标点溢出边界)
            if y0 < top - 3 * PT_PER_MM or x0 < left - 3 * PT_PER_MM or \
                    x1 > right + prof.body_size + 2 * PT_PER_MM:
                problems.append(f"第{idx}页：文字“{text[:12]}”超出版心")
                break
        pages.append(PageInfo(idx, label, side, xoff, gap, len(rows), max_chars))
        last_texts = [ln[4].replace(" ", "") for ln in body if ln[4].strip()]
        want_side = "right" if idx % 2 else "left"
        if label is None:
            problems.append(f"第{idx}页：版心下方未找到“— {idx} —”形式的页码")
            continue
        if label != idx:
            problems.append(f"第{idx}页：页码为 {label}，应为 {idx}")
        if side != want_side:
            problems.append(f"第{idx}页：页码应{'居右' if want_side == 'right' else '居左'}（单页居右、双页居左），实际{ {'right': '居右', 'left': '居左', 'centre': '居中'}[side]}")
        elif xoff is not None and not (0 <= xoff <= prof.page_number_size / PT_PER_MM + 3):
            problems.append(f"第{idx}页：页码应空一字（约 5 毫米），实际距版心边 {xoff:.1f} 毫米")
        if gap is not None and not (3 <= gap <= 11):
            problems.append(f"第{idx}页：页码一字线应在版心下沿之下约 7 毫米，实际 {gap:.1f} 毫米")
    pitch = None
    lpp = None
    if gaps:
        # the most common distance between lines is the body line pitch
        buckets: dict[int, list[float]] = {}
        for g in gaps:
            buckets.setdefault(round(g), []).append(g)
        best = max(buckets.values(), key=len)
        pitch = sum(best) / len(best)
        lpp = prof.text_height_mm * PT_PER_MM / pitch
        if not 21 <= lpp <= 23:
            problems.append(f"正文行距 {pitch:.1f} 磅，每页约 {lpp:.1f} 行，标准为 22 行")
    if len(pages) > 1 and last_texts and any(_DATE_RE.match(t) for t in last_texts) and \
            all(len(t) <= 25 and "。" not in t and not t.startswith(("附件", "抄送")) and
                not t.endswith("印发") for t in last_texts):
        problems.append(f"第{len(pages)}页只有发文机关署名和成文日期，没有正文；应调整行距或字距，"
                        "使正文至少一行与署名同页（GB/T 9704 §7.3.5.4）")
    if pitch:
        # lines on the body grid: rows closer than the pitch (table rows in smaller type) count once
        for p, rows in zip(pages, page_rows):
            p.text_lines = sum(1 for i, y in enumerate(rows) if i == 0 or y - rows[i - 1] >= 0.8 * pitch)
    full = [p for p in pages[:-1]]
    for p in full:
        if p.text_lines > 23:
            problems.append(f"第{p.number}页：排了 {p.text_lines} 行，超过每页 22 行")
    return VerifyReport(pages, pitch, lpp, problems)


def main_convert(docx: Path, pdf: Path | None, verify: bool, font_dirs: Sequence[Path],
                 echo=print) -> int:
    """The `gwreport pdf` command body; returns the exit status."""
    res = to_pdf(docx, pdf, font_dirs=font_dirs)
    echo(f"已生成：{res.pdf}（用时 {res.seconds:.1f} 秒）")
    echo(res.report())
    if verify:
        rep = verify_pdf(res.pdf)
        echo(rep.summary())
        return 0 if rep.ok else 1
    return 0


if __name__ == "__main__":  # pragma: no cover - manual use
    sys.exit(main_convert(Path(sys.argv[1]), None, True, []))

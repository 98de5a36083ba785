"""Layout speed: .docx write per document, layout audit, `format`, and LibreOffice PDF conversion.

Run: python benchmarks/layout_bench.py [--runs 20]
Target (issue 2): in-process render+write ≤ 50 ms a document; the writer alone aims at ≤ 40 ms.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def _timed(fn, runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000, max(times) * 1000


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--no-pdf", action="store_true")
    args = ap.parse_args()

    from gwreport.docx_writer import render_docx_bytes, write_docx
    from gwreport.docxformat import format_docx
    from gwreport.genre import GenreRegistry
    from gwreport.layout import audit_docx
    from gwreport.pipeline import build_file

    samples = sorted((ROOT / "samples").glob("*.yaml"))
    registry = GenreRegistry([])
    docs = [(p.stem, build_file(p, registry, checker=None).document) for p in samples]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        t = time.perf_counter()
        render_docx_bytes(docs[0][1])
        print(f"first write in a process (builds the styled base once): {(time.perf_counter() - t) * 1000:.1f} ms")
        for name, doc in docs:
            out = tmp / f"{name}.docx"
            med, mx = _timed(lambda: write_docx(doc, out), args.runs)
            units = len(doc.text_units())
            print(f"write_docx {name:<32} {units:>3} paragraphs  median {med:6.2f} ms  max {mx:6.2f} ms")
        name, doc = docs[0]
        out = tmp / f"{name}.docx"
        med, mx = _timed(lambda: audit_docx(out), max(3, args.runs // 4))
        print(f"audit_docx {name:<32} median {med:6.1f} ms  max {mx:6.1f} ms")
        draft = tmp / "draft.docx"
        import docx

        d = docx.Document()
        for _, line in zip(range(200), (u.text for _, dd in docs for u in dd.text_units())):
            d.add_paragraph(line)
        d.save(str(draft))
        med, mx = _timed(lambda: format_docx(draft, tmp / "fmt.docx"), max(3, args.runs // 4))
        print(f"format_docx 200-paragraph draft                median {med:6.1f} ms  max {mx:6.1f} ms")
        if not args.no_pdf:
            from gwreport.pdf import find_soffice, to_pdf

            if find_soffice() is None:
                print("pdf: LibreOffice (soffice) not installed, skipped")
            else:
                times = []
                for _ in range(3):
                    res = to_pdf(out, tmp / "a.pdf")
                    times.append(res.seconds)
                print(f"to_pdf {name:<36} median {statistics.median(times):5.2f} s  "
                      f"(fresh LibreOffice profile each run)")


if __name__ == "__main__":
    main()

"""GW9xx findings on correct GB/T 9704 documents made with Word's own features (false alarms) and
on the mistakes document (true findings).

    python benchmarks/layout_false_alarms.py

Documents: tests/data/docmodel/*.docx (LibreOffice-written; unseen_* were kept out of tuning) and
three python-docx default-template documents from tests/test_layout_docmodel.py (sealed,
unsealed, page number in an "outside" frame with gutter and mirrored margins).
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))


def main() -> int:
    from gwreport.check import check
    from gwreport.config import Config
    from gwreport.layout import audit_docx
    from test_layout_docmodel import word_template_doc

    tmp = Path(tempfile.mkdtemp())
    docs = sorted((ROOT / "tests" / "data" / "docmodel").glob("*.docx"))
    for name, kw in (("tpl_sealed", {}), ("tpl_unsealed", {"signature": "unsealed"}),
                     ("tpl_frame_gutter", {"frame": "outside", "even_odd": False, "left": 26, "gutter": 2,
                                           "mirrored": True})):
        out = tmp / f"{name}.docx"
        word_template_doc(**kw).save(str(out))
        docs.append(out)
    total = 0
    for d in docs:
        audit = audit_docx(d)
        all9 = [f for f in check(d, Config()) if f.rule.startswith("GW9")]
        kind = "mistakes" if "mistakes" in d.stem else ("unseen" if d.stem.startswith("unseen") else "correct")
        if kind != "mistakes":
            total += len(all9)
        print(f"{d.stem:28} {kind:8} audit {len(audit):2}  all GW9 {len(all9):2}  "
              f"{sorted({f.rule for f in all9})}")
    print(f"GW9xx findings on correct documents (seen + unseen): {total}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

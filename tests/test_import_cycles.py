"""No import cycles, module-level or through imports inside functions
(scripts/import_cycles.py reads the source with ast; nothing is imported)."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

from import_cycles import cycles, edges, modules  # noqa: E402

LEAVES = {"gwreport.findings", "gwreport.docmodel", "gwreport.roles", "gwreport.layout", "gwreport.model",
          "gwreport.docx_writer", "gwreport.genre", "gwreport.render", "gwreport.numbering"}


def test_no_module_level_cycles():
    assert cycles(edges(modules(), True)) == []


def test_document_model_modules_are_in_no_cycle():
    in_cycles = {m for comp in cycles(edges(modules(), False)) for m in comp}
    assert not (in_cycles & LEAVES), sorted(in_cycles & LEAVES)


def test_no_cycles_even_through_function_imports():
    # issue 11 item 7: the function-level cycles (readers/formats, spelling.de/detect/guards,
    # proofread/rules) were broken by moving shared pieces down (draft.py, spelling/shared.py,
    # proofread/{pack_types,common,configured}.py, rule_families.py, selection.py)
    assert cycles(edges(modules(), False)) == []


def test_the_script_sees_a_cycle(tmp_path, monkeypatch):
    pkg = tmp_path / "gwreport"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("def f():\n    from .b import g\n")
    (pkg / "b.py").write_text("from . import a\n")
    import import_cycles
    monkeypatch.setattr(import_cycles, "SRC", tmp_path)
    assert cycles(edges(import_cycles.modules(), False)) == [["gwreport.a", "gwreport.b"]]
    assert cycles(edges(import_cycles.modules(), True)) == []

"""The optional pycorrector adapter: loading from a local model and mapping results to findings.

pycorrector and torch are not installed in the dev environment; the tests make a tiny
stand-in package (same import paths and result format as pycorrector 1.1.4) and a tiny
"model" folder inside tmp_path, and run the adapter's real loading code on them.
"""
from __future__ import annotations

import json
import os
import sys
import textwrap

import pytest

from gwreport.errors import GwError
from gwreport.findings import TextUnit
from gwreport.pycorrector_adapter import findings_from_results, pycorrector_findings

FAKE_INIT = textwrap.dedent('''
    import json, os
    from pathlib import Path

    def _apply(rules, text):
        out = text
        for wrong, right in rules.items():
            out = out.replace(wrong, right)
        errors = [(a, b, i) for i, (a, b) in enumerate(zip(text, out)) if a != b]
        return {"source": text, "target": out, "errors": errors}

    class MacBertCorrector:
        def __init__(self, model_name_or_path):
            assert os.environ.get("HF_HUB_OFFLINE") == "1"
            assert os.environ.get("TRANSFORMERS_OFFLINE") == "1"
            self.rules = json.loads((Path(model_name_or_path) / "rules.json").read_text("utf-8"))

        def correct_batch(self, sentences):
            return [_apply(self.rules, s) for s in sentences]

    class Corrector:
        def __init__(self, language_model_path):
            self.rules = json.loads(Path(language_model_path).read_text("utf-8"))

        def correct(self, sentence):
            return _apply(self.rules, sentence)
''')


@pytest.fixture
def fake_pycorrector(tmp_path, monkeypatch):
    pkg = tmp_path / "site" / "pycorrector"
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text(FAKE_INIT, encoding="utf-8")
    (tmp_path / "site" / "torch.py").write_text("", encoding="utf-8")
    for name in ("pycorrector", "torch"):
        monkeypatch.delitem(sys.modules, name, raising=False)
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    for key in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"):
        monkeypatch.delenv(key, raising=False)
    yield
    for name in ("pycorrector", "torch"):
        sys.modules.pop(name, None)


def _macbert_dir(tmp_path, rules):
    d = tmp_path / "macbert"
    d.mkdir()
    (d / "config.json").write_text("{}", encoding="utf-8")
    (d / "rules.json").write_text(json.dumps(rules, ensure_ascii=False), encoding="utf-8")
    return d


def test_macbert_model_dir_to_findings(tmp_path, fake_pycorrector):
    model = _macbert_dir(tmp_path, {"推近": "推进", "捡查": "检查"})
    units = [TextUnit(1, "标题"), TextUnit(2, ""), TextUnit(3, "我镇统筹推近工作，开展捡查。")]
    fs = pycorrector_findings(units, model)
    assert os.environ["HF_HUB_OFFLINE"] == "1"
    assert [(f.rule, f.line, f.column, f.end_column, f.text, f.suggestions) for f in fs] == [
        ("GW403", 3, 6, 7, "近", ["进"]),
        ("GW403", 3, 12, 13, "捡", ["检"]),
    ]
    assert all(f.severity == "warning" and f.fix is None and "pycorrector" in f.message for f in fs)


def test_kenlm_file_and_known_words(tmp_path, fake_pycorrector):
    lm = tmp_path / "tiny.klm"
    lm.write_text(json.dumps({"推近": "推进"}, ensure_ascii=False), encoding="utf-8")
    units = [TextUnit(1, "推近村统筹推近工作")]
    fs = pycorrector_findings(units, lm, known_words=["推近村"])
    assert [(f.column, f.text) for f in fs] == [(7, "近")]


def test_mapping_skips_insertions_deletions_and_bad_offsets():
    units = [TextUnit(4, "统筹推近工作")]
    results = [{"source": "统筹推近工作", "target": "统筹推进工作",
                "errors": [("近", "进", 3), ("", "的", 2), ("作", "", 5), ("工", "公", 0), ("x",)]}]
    fs = findings_from_results(units, results)
    assert [(f.line, f.column, f.end_column, f.suggestions) for f in fs] == [(4, 4, 5, ["进"])]


def test_missing_model_dir(tmp_path, fake_pycorrector):
    with pytest.raises(GwError) as e:
        pycorrector_findings([TextUnit(1, "统筹推近")], tmp_path / "nope")
    assert "模型不存在" in e.value.message
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(GwError) as e:
        pycorrector_findings([TextUnit(1, "统筹推近")], empty)
    assert "config.json" in e.value.message


def test_missing_pycorrector_or_torch(tmp_path, monkeypatch):
    model = _macbert_dir(tmp_path, {})
    monkeypatch.setitem(sys.modules, "torch", None)
    with pytest.raises(GwError) as e:
        pycorrector_findings([TextUnit(1, "统筹推近")], model)
    assert "PyTorch" in e.value.message and "gwreport[pycorrector]" in e.value.message
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "torch.py").write_text("", encoding="utf-8")
    monkeypatch.delitem(sys.modules, "torch")
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    monkeypatch.setitem(sys.modules, "pycorrector", None)
    with pytest.raises(GwError) as e:
        pycorrector_findings([TextUnit(1, "统筹推近")], model)
    assert "未安装 pycorrector" in e.value.message
    sys.modules.pop("torch", None)


def test_no_text_no_model_needed(tmp_path):
    assert pycorrector_findings([TextUnit(1, ""), TextUnit(2, "  ")], tmp_path / "nope") == []

"""Optional engine: pycorrector (MacBERT or its kenlm corrector) from a local model, as findings.

Install with `pip install 'gwreport[pycorrector]'` (pycorrector and torch). Nothing is ever
downloaded: the Hugging Face offline switches are set before pycorrector is imported, and the
model must be a local directory (MacBERT: a transformers model folder with config.json) or a
local kenlm language model file (.klm/.arpa/.bin, or a folder holding exactly one).

    pycorrector_findings(units, model_dir, known_words=()) -> list[Finding]

Each replaced character becomes one GW403 warning (fix None); insertions and deletions that
pycorrector may report are ignored because they cannot be placed on the original text safely.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Iterable

from .errors import GwError
from .findings import Finding, TextUnit

RULE = "GW403"
RULE_DESCRIPTION = "pycorrector 引擎：疑似错别字（MacBERT 或 kenlm 语言模型，需另行安装并提供本地模型）"
_KENLM_SUFFIXES = (".klm", ".arpa", ".bin")
_INSTALL_HINT = "请执行 pip install 'gwreport[pycorrector]' 安装（需要 pycorrector 与 torch）"


def _set_offline() -> None:
    for key in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_DATASETS_OFFLINE"):
        os.environ[key] = "1"


def _kenlm_file(path: Path) -> Path | None:
    if path.is_file() and path.suffix.lower() in _KENLM_SUFFIXES:
        return path
    if path.is_dir():
        found = [p for p in sorted(path.iterdir()) if p.suffix.lower() in _KENLM_SUFFIXES]
        if len(found) == 1 and not (path / "config.json").is_file():
            return found[0]
    return None


def load_corrector(model_dir: str | Path) -> Any:
    """Build a pycorrector corrector from a local model; GwError with a Chinese message if impossible."""
    path = Path(model_dir).expanduser()
    if not path.exists():
        raise GwError(f"pycorrector 模型不存在：{path}（--model 需指向本地 MacBERT 模型目录或 kenlm 语言模型文件）")
    kenlm = _kenlm_file(path)
    if kenlm is None and not (path.is_dir() and (path / "config.json").is_file()):
        raise GwError(f"{path} 不是可用的 pycorrector 模型：MacBERT 模型目录应含 config.json，"
                      f"kenlm 语言模型应为 .klm、.arpa 或 .bin 文件")
    _set_offline()
    try:
        import torch  # noqa: F401  (pycorrector imports it anyway; a clearer message here)
    except ImportError:
        raise GwError(f"使用 pycorrector 引擎需要 PyTorch，但未安装：{_INSTALL_HINT}") from None
    try:
        import pycorrector  # noqa: F401
    except ImportError as e:
        if getattr(e, "name", "") and not str(getattr(e, "name", "")).startswith("pycorrector"):
            raise GwError(f"pycorrector 依赖的模块 {e.name} 未安装：{_INSTALL_HINT}") from None
        raise GwError(f"未安装 pycorrector：{_INSTALL_HINT}") from None
    try:
        if kenlm is not None:
            from pycorrector import Corrector

            return Corrector(language_model_path=str(kenlm))
        from pycorrector import MacBertCorrector

        return MacBertCorrector(str(path))
    except GwError:
        raise
    except Exception as e:  # a broken model folder, an incompatible version ...
        raise GwError(f"无法加载 pycorrector 模型 {path}：模型文件夹不完整或与所装版本不兼容") from None


def _protected(text: str, known: list[str]) -> list[tuple[int, int]]:
    spans = []
    for w in known:
        i = text.find(w)
        while i != -1:
            spans.append((i, i + len(w)))
            i = text.find(w, i + 1)
    return spans


def findings_from_results(units: list[TextUnit], results: list[dict], known_words: Iterable[str] = ()
                          ) -> list[Finding]:
    """Map pycorrector results ({'source', 'target', 'errors': [(wrong, right, pos), ...]}),
    one per unit, to findings. Errors are checked against the unit text before use."""
    known = sorted({w for w in known_words if w}, key=len, reverse=True)
    out: list[Finding] = []
    for unit, res in zip(units, results):
        text = unit.text
        spans = _protected(text, known)
        for err in (res or {}).get("errors", []) or []:
            if len(err) < 3:
                continue
            wrong, right, pos = err[0], err[1], err[2]
            if not wrong or not right or not isinstance(pos, int):
                continue  # insertions/deletions: no safe place on the original text
            if text[pos:pos + len(wrong)] != wrong:
                continue  # offsets that do not match the text (normalisation inside pycorrector)
            end = pos + len(wrong)
            if any(a < end and pos < b for a, b in spans):
                continue
            out.append(Finding(
                rule=RULE, severity="warning", line=unit.line, column=pos + 1,
                end_line=unit.line, end_column=end + 1, text=wrong,
                message=f"疑似错别字（pycorrector）：“{wrong}”可能应为“{right}”，请核对",
                suggestions=[right], fix=None))
    return out


def pycorrector_findings(units: list[TextUnit], model_dir: str | Path, known_words: Iterable[str] = (),
                         corrector: Any = None) -> list[Finding]:
    """Run pycorrector on each non-empty unit and return GW403 findings."""
    todo = [u for u in units if u.text and u.text.strip()]
    if not todo:
        return []
    corr = corrector if corrector is not None else load_corrector(model_dir)
    texts = [u.text for u in todo]
    if hasattr(corr, "correct_batch"):
        results = list(corr.correct_batch(texts))
    else:
        results = [corr.correct(t) for t in texts]
    return findings_from_results(todo, results, known_words)

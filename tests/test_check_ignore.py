"""The ignore list .gwreport-ignore: --write-ignore records a baseline, ignored findings are
counted (console + JSON + 勘误表) and not shown, fingerprints survive edits elsewhere, the file is
plain text a person edits, and a broken line is named."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from .test_check_cli import invoke

DATA = Path(__file__).parent / "data"


@pytest.fixture
def project(tmp_path):
    (tmp_path / ".gwreport.yaml").write_text("spelling: normal\n", encoding="utf-8")
    (tmp_path / "稿").mkdir()
    shutil.copy(DATA / "check_township_draft.txt", tmp_path / "稿" / "自查报告.txt")
    return tmp_path


def check_json(cwd, *extra):
    r = invoke(["check", "稿", "--format", "json", *extra], cwd)
    return r, json.loads(r.stdout)


def test_baseline_then_only_new_findings_and_ignored_counted(project):
    r, before = check_json(project)
    n = sum(len(f["findings"]) for f in before["files"])
    assert r.exit_code == 1 and n > 20 and "ignored" not in before["summary"]
    r = invoke(["check", "稿", "--write-ignore"], project)
    assert r.exit_code == 0 and f"本次的 {n} 处问题" in r.output
    lst = (project / ".gwreport-ignore").read_text(encoding="utf-8")
    assert "GW101 | 布署 | 政办负责 | 落实，县 | 稿/自查报告.txt" in lst  # plain, readable fingerprints
    r, after = check_json(project)
    assert r.exit_code == 0 and after["files"][0]["findings"] == [] and after["summary"]["ignored"] == n
    r = invoke(["check", "稿"], project)
    assert f"另有 {n} 处已在忽略清单" in r.output and "布署" not in r.output.split("另有")[0]
    # lines added above and an unrelated line changed: the old findings stay ignored,
    # the new slip in a new sentence is reported
    draft = project / "稿" / "自查报告.txt"
    lines = draft.read_text(encoding="utf-8").splitlines()
    lines[5] = lines[5] + "此外还按照要求完成了检查。"
    lines[6:6] = ["各村同步开展了自查。", "县里要求各村按装宣传栏。"]
    draft.write_text("\n".join(lines) + "\n", encoding="utf-8")
    r, edited = check_json(project)
    shown = edited["files"][0]["findings"]
    assert [f["text"] for f in shown if f["rule"] == "GW101"] == ["按装"]
    assert edited["summary"]["ignored"] == n
    assert [f["line"] for f in shown] == [8]


def test_edited_by_hand_star_lines_escapes_and_errors(project):
    ign = project / ".gwreport-ignore"
    other = project / "稿" / "另一份.txt"
    other.write_text("县 环保局 负责布署。\n", encoding="utf-8")
    ign.write_text("# 本单位确认保留\nGW101 | 布署 | | | *\n\ngw203 | 环保局 | 县\\s | \\s负责 | *\n", encoding="utf-8")
    r, data = check_json(project)
    files = {Path(f["path"]).name: f["findings"] for f in data["files"]}
    assert not any(f["rule"] in ("GW101", "GW203") for f in files["另一份.txt"])
    assert not any(f["text"] == "布署" for f in files["自查报告.txt"])  # * = every file
    assert any(f["rule"] == "GW203" for f in files["自查报告.txt"])  # other context: still shown
    assert data["summary"]["ignored"] >= 3
    # deleting the line brings the finding back
    ign.write_text("GW203 | 环保局 | 县\\s | \\s负责 | *\n", encoding="utf-8")
    r, data = check_json(project)
    assert any(f["text"] == "布署" for fl in data["files"] for f in fl["findings"])
    for bad, why in (("GW101 | 布署\n", "五项"), ("布署 | 部署 | | | *\n", "不是规则编号"),
                     ("GW101 | 布\\x署 | | | *\n", "转义")):
        ign.write_text("# ok\n" + bad, encoding="utf-8")
        r = invoke(["check", "稿"], project)
        assert r.exit_code == 2 and "第 2 行" in r.output and why in r.output and "Traceback" not in r.output


def test_ignored_counts_on_the_errata_summary_and_fix_leaves_ignored_alone(project):
    invoke(["check", "稿", "--write-ignore"], project)
    draft = project / "稿" / "自查报告.txt"
    draft.write_text(draft.read_text(encoding="utf-8") + "经检查,发现问题。\n", encoding="utf-8")
    out = project / "勘误表.xlsx"
    r = invoke(["check", "稿", "-f", "xlsx", "-o", str(out)], project)
    sm = load_workbook(out)["汇总"]
    heads = [c.value for c in sm[1]]
    row = [c.value for c in sm[2]]
    assert "已忽略" in heads and row[heads.index("已忽略")] > 20 and row[heads.index("合计")] >= 1
    fixed = project / "改.txt"
    r = invoke(["check", str(draft), "--fix", "-o", str(fixed)], project)
    text = fixed.read_text(encoding="utf-8")
    assert "经检查，发现问题。" in text  # the new half-width comma is fixed …
    assert "根据县政府办[2024]05号文件要求,我镇" in text  # … the ignored ones are left as they are

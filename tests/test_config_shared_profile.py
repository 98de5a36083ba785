"""One configuration for build, batch and check: layout_profile in .gwreport.yaml is used by
build (and batch) to write, and by check to audit, so check finds no layout issue in build's output."""
from __future__ import annotations

import json
import os
from pathlib import Path

from typer.testing import CliRunner

from gwreport.cli import app

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def _run(args, cwd):
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(app, args)
    finally:
        os.chdir(old)


def test_build_honours_layout_profile_and_check_agrees(tmp_path):
    sample = sorted(SAMPLES.glob("*.yaml"))[0]
    (tmp_path / ".gwreport.yaml").write_text("layout_profile: windows\n", encoding="utf-8")
    out = tmp_path / "out.docx"
    r = _run(["build", str(sample), "-o", str(out), "--force"], tmp_path)
    assert r.exit_code == 0, r.output
    r = _run(["check", str(out), "-f", "json", "--select", "GW9"], tmp_path)
    found = [f["rule"] for f in json.loads(r.stdout)["files"][0]["findings"]]
    assert found == [], found

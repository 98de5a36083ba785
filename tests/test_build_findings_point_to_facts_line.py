"""When the proofreader stops a build, the clerk is told which line of the facts file to fix."""
from typer.testing import CliRunner

from gwreport.cli import app
from gwreport.findings import Finding

runner = CliRunner()


def _checker_marking(word):
    def factory(config=None):
        def check(units, known):
            out = []
            for u in units:
                i = u.text.find(word)
                if i >= 0:
                    out.append(Finding("GW999", "error", u.line, i + 1, u.line, i + 1 + len(word), word, "测试用错误"))
            return out
        return check
    return factory


def test_build_findings_point_at_the_facts_line(tmp_path, sample_yaml, monkeypatch):
    text = sample_yaml.read_text(encoding="utf-8").replace(
        "  - 加强工作人员业务培训，提升信息发布和互动回应能力", "  - 加强工作人员业务培训，及时布署，提升信息发布和互动回应能力")
    facts = tmp_path / "事实.yaml"
    facts.write_text(text, encoding="utf-8")
    line = text.splitlines().index("  - 加强工作人员业务培训，及时布署，提升信息发布和互动回应能力") + 1
    monkeypatch.setattr("gwreport.pipeline.default_checker", _checker_marking("布署"))
    r = runner.invoke(app, ["build", str(facts), "-o", str(tmp_path / "r.docx")])
    assert r.exit_code == 1
    assert f"事实.yaml 第{line}行 next_steps[2]" in r.output


def test_build_findings_in_template_text_say_so(tmp_path, sample_yaml, monkeypatch):
    monkeypatch.setattr("gwreport.pipeline.default_checker", _checker_marking("特此报告"))
    r = runner.invoke(app, ["build", str(sample_yaml), "-o", str(tmp_path / "r.docx")])
    assert r.exit_code == 1
    assert "来自体裁模板" in r.output


def test_missing_templates_folder_is_not_blamed_on_the_facts_file(tmp_path, sample_yaml):
    r = runner.invoke(app, ["build", str(sample_yaml), "--no-check", "--templates", str(tmp_path / "没有"),
                            "-o", str(tmp_path / "r.docx")])
    assert r.exit_code == 2
    assert "体裁目录不存在" in r.output and "第2行 genre" not in r.output

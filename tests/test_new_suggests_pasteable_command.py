"""`gwreport new` as a clerk uses it (folders with spaces)."""
from typer.testing import CliRunner

from gwreport.cli import app

runner = CliRunner()


def test_new_suggests_a_command_that_can_be_pasted(tmp_path):
    out = tmp_path / "我的 事实.yaml"
    r = runner.invoke(app, ["new", "website-selfcheck", "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert f'gwreport build "{out}"' in r.output

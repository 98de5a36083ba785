"""Usage errors a clerk makes on the command line read as Chinese."""
import subprocess
import sys

import pytest


def _run(*args):
    return subprocess.run([sys.executable, "-c", "from gwreport.cli import main; main()", *args],
                          capture_output=True, text=True, encoding="utf-8", timeout=60)


def test_unknown_option_with_several_suggestions():
    r = _run("build", "--foo", "x.yaml")
    assert r.returncode == 2
    assert "one of" not in r.stderr and "Did you mean" not in r.stderr
    assert "是否为" in r.stderr and "--force" in r.stderr


@pytest.mark.parametrize("value", ["abc", "1.5"])
def test_bad_number_names_the_type_in_chinese(value):
    r = _run("batch", "x.csv", "-o", "out", "--jobs", value)
    assert r.returncode == 2
    assert "integer" not in r.stderr and "不是有效的整数" in r.stderr


def test_help_metavar_for_numbers_is_chinese():
    r = _run("batch", "--help")
    assert "INTEGER" not in r.stdout and "--jobs 整数" in r.stdout


@pytest.mark.parametrize("cmd, words", [("build", "事实文件（.yaml）"), ("check", "要校对的文件"),
                                        ("format", "要排版的 Word 文档")])
def test_argument_descriptions_appear_in_help(cmd, words):
    r = _run(cmd, "--help")
    assert r.returncode == 0 and words in r.stdout, r.stdout


def test_usage_line_is_chinese():
    r = _run("build")
    assert r.returncode == 2
    assert "[OPTIONS]" not in r.stderr and "build [选项] 事实文件" in r.stderr  # Chinese placeholders (issue 15)
    r = _run("--help")
    assert "COMMAND" not in r.stdout and "[选项] 命令 [参数]..." in r.stdout


def test_gbk_console_output_with_characters_gbk_lacks(tmp_path):
    """`gwreport check 草稿.txt > 结果.txt` on a Chinese Windows writes GBK; CO₂ or an emoji must not crash it."""
    import os
    draft = tmp_path / "草稿.txt"
    draft.write_text("减少CO₂排放,推进绿色发展😀。\n", encoding="utf-8")
    env = dict(os.environ, PYTHONIOENCODING="gbk")
    r = subprocess.run([sys.executable, "-c", "from gwreport.cli import main; main()", "check", str(draft)],
                       capture_output=True, env=env, timeout=120)
    err = r.stderr.decode("gbk", "replace")
    assert "Traceback" not in err and "UnicodeEncodeError" not in err, err
    assert r.returncode == 0
    assert "GW301" in r.stdout.decode("gbk")

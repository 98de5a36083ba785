"""QA regressions: usage errors a clerk makes on the command line read as Chinese."""
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
    assert "[OPTIONS]" not in r.stderr and "build [选项] FACTS" in r.stderr
    r = _run("--help")
    assert "COMMAND" not in r.stdout and "[选项] 命令 [参数]..." in r.stdout

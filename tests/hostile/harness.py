"""The hostile-input catalogue's runner: one Case = inputs built in a fresh folder, one command,
and the invariants every case must keep whatever the input:

- the exit code is in the expected class (ok 0, found 0/1, refused 2, failed 1/2);
- no Python traceback and no English exception text on stdout/stderr;
- a refusal (exit 2) says why in Chinese, naming the place (case.says);
- every file that existed before the run is byte-identical afterwards (except case.changes,
  the outputs a re-run may replace) and no temporary or partial file is left behind;
- every output the case names is complete (.docx/.xlsx open, .json parses);
- it finishes within its time limit (hang cases run in a subprocess with a timeout).

Commands run in-process through typer's CliRunner (fast: models load once); cases that could
hang (FIFOs, alias bombs, runaway templates) run as a subprocess with a timeout.
"""
from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

EXIT_CLASSES = {"ok": {0}, "found": {0, 1}, "refused": {2}, "failed": {1, 2}, "errors": {1}, "interrupted": {130}}

# English an exception leaks: class names, errno text, PyYAML/jsonschema/openpyxl wording
_ENGLISH = re.compile(
    r"Traceback|\b[A-Z]\w*(?:Error|Exception)\b|\[Errno|No such file|Is a directory|Permission denied"
    r"|No space left|object has no attribute|is not of type|is a required property|is not valid under"
    r"|does not match|unhashable|invalid literal|codec can't|expected .* but found|cannot represent"
    r"|\bnot allowed\b|\bunexpected\b|\bNone\b"
    r"|[A-Za-z]{3,}(?:[ ,'-]+[A-Za-z]{2,}){2,}")  # three English words in a row
_CJK = re.compile(r"[\u4e00-\u9fff]")
_TEMP = re.compile(r"^\.~.*\.tmp$|\.tmp$|^~\$")


@dataclass
class Case:
    id: str
    area: str
    setup: Callable[[Path], list]  # builds the inputs in the folder, returns argv after "gwreport"
    expect: str = "refused"
    says: str | None = None  # regex the output must match (the Chinese reason and the place)
    changes: tuple = ()  # pre-existing files a re-run may replace (same-kind outputs)
    outputs: tuple = ()  # files that must exist afterwards and be complete
    absent: tuple = ()  # files that must not exist afterwards
    timeout: float = 30.0
    subprocess: bool | str = False  # True: a real process with a timeout; "watch": in-process + SIGALRM watchdog
    stdin: bytes | None = None
    patch: Callable | None = None  # (monkeypatch) -> None: disk full, locked files…
    check: Callable | None = None  # (folder, output) -> None: extra assertions
    english_ok: tuple = ()  # English words the draft itself contains and may be echoed

    def __str__(self) -> str:
        return self.id


def _snapshot(folder: Path) -> dict:
    out = {}
    for p in folder.rglob("*"):
        if p.is_symlink() or not p.is_file():
            continue
        try:
            out[p.relative_to(folder).as_posix()] = p.read_bytes()
        except OSError:
            pass
    return out


def _valid_output(p: Path) -> str | None:
    """Why p is not a complete output (None when it is)."""
    if not p.is_file():
        return "missing"
    data = p.read_bytes()
    suf = p.suffix.lower()
    if suf in (".docx", ".xlsx"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                if z.testzip() is not None:
                    return "corrupt member"
                names = set(z.namelist())
        except zipfile.BadZipFile:
            return "not a zip"
        need = "word/document.xml" if suf == ".docx" else "xl/workbook.xml"
        if need not in names:
            return f"no {need}"
        if suf == ".xlsx":
            import openpyxl
            openpyxl.load_workbook(io.BytesIO(data)).close()
    elif suf == ".json":
        json.loads(data.decode("utf-8"))
    elif suf in (".yaml", ".yml"):
        import yaml
        yaml.safe_load(data.decode("utf-8"))
    elif suf in (".txt", ".md"):
        data.decode("utf-8")
    return None


def _run_inprocess(argv: list, stdin: bytes | None):
    from typer.testing import CliRunner

    from gwreport.cli import app
    from gwreport.errors import GwError

    runner = CliRunner()
    res = runner.invoke(app, [str(a) for a in argv], input=stdin, catch_exceptions=True)
    out, err = res.stdout, getattr(res, "stderr", "")
    code = res.exit_code
    exc = res.exception
    if isinstance(exc, GwError):  # main() prints these; the app alone re-raises
        err += f"错误：{exc.message}\n"
        code = exc.exit_code
    elif exc is not None and not isinstance(exc, SystemExit):
        import traceback
        err += "Traceback (in-process)\n" + "".join(
            traceback.format_exception(type(exc), exc, exc.__traceback__))
        code = -1
    return code, out, err


class Hung(BaseException):  # not swallowed by the code under test's `except Exception`
    pass


def _run_watched(argv: list, stdin: bytes | None, timeout: float):
    """In-process, with SIGALRM as a watchdog: a blocking open() of a FIFO or a runaway loop
    is interrupted and reported as a hang instead of stalling the suite."""
    import signal

    def alarm(signum, frame):
        raise Hung()
    old = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        code, out, err = _run_inprocess(argv, stdin)
    except Hung:
        return None, "", ""
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    if "Hung" in err:
        return None, out, err
    return code, out, err


def _run_subprocess(argv: list, stdin: bytes | None, timeout: float, cwd: Path, env: dict):
    cmd = [sys.executable, "-c", "from gwreport.cli import main; main()", *map(str, argv)]
    try:
        p = subprocess.run(cmd, input=stdin or b"", capture_output=True, timeout=timeout, cwd=cwd, env=env)
    except subprocess.TimeoutExpired as e:
        return None, (e.stdout or b"").decode("utf-8", "replace"), (e.stderr or b"").decode("utf-8", "replace")
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def run_case(case: Case, folder: Path, monkeypatch) -> str:
    """Run one case in folder and assert its invariants; returns the combined output."""
    folder.mkdir(parents=True, exist_ok=True)
    monkeypatch.chdir(folder)
    argv = case.setup(folder)
    before = _snapshot(folder)
    if case.patch is not None:
        case.patch(monkeypatch)
    t0 = time.monotonic()
    if case.subprocess is True:
        env = dict(os.environ)
        env["PYTHONIOENCODING"] = "utf-8"
        code, out, err = _run_subprocess(argv, case.stdin, case.timeout, folder, env)
    elif case.subprocess == "watch":
        code, out, err = _run_watched(argv, case.stdin, case.timeout)
    else:
        code, out, err = _run_inprocess(argv, case.stdin)
    took = time.monotonic() - t0
    text = out + err
    shown = f"[{case.id}] gwreport {' '.join(map(str, argv))}\nexit={code} took={took:.1f}s\n{text[-3000:]}"

    assert code is not None, f"hung (killed after {case.timeout} s)\n{shown}"
    assert took < case.timeout, f"too slow: {took:.1f} s > {case.timeout} s\n{shown}"
    assert code in EXIT_CLASSES[case.expect], f"exit {code}, expected {case.expect}\n{shown}"
    scrub = text.replace(str(folder), "")
    for word in case.english_ok:
        scrub = scrub.replace(word, "")
    m = _ENGLISH.search(scrub)
    assert m is None, f"traceback or English exception text {m.group(0)!r}\n{shown}"
    if code == 2:
        assert _CJK.search(err or out), f"refusal without a Chinese message\n{shown}"
    if case.says:
        assert re.search(case.says, text), f"message should match {case.says!r}\n{shown}"

    after = _snapshot(folder)
    from fnmatch import fnmatch
    for name, data in before.items():
        if any(fnmatch(name, pat) for pat in case.changes):
            continue
        assert name in after, f"input {name} was deleted\n{shown}"
        assert after[name] == data, f"input {name} was changed\n{shown}"
    leftovers = [p.name for p in folder.rglob("*") if _TEMP.search(p.name)]
    assert not leftovers, f"temporary files left: {leftovers}\n{shown}"
    for name in case.outputs:
        why = _valid_output(folder / name)
        assert why is None, f"output {name}: {why}\n{shown}"
    for name in case.absent:
        assert not (folder / name).exists(), f"{name} should not have been written\n{shown}"
    for name in after:  # a replaced same-kind output is complete, never half-written
        if name in before and after[name] != before[name]:
            why = _valid_output(folder / name)
            assert why is None, f"replaced output {name}: {why}\n{shown}"
    if case.check is not None:
        case.check(folder, text)
    return text

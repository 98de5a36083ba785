"""Real `gwreport serve` in a subprocess and headless Chromium (system package) via Selenium
with the system chromedriver (no driver or browser download)."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(tmp: Path, workers: int = 2):
    port = free_port()
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp / "cache"), PYTHONUNBUFFERED="1")
    log = open(tmp / "serve.log", "w")
    proc = subprocess.Popen([sys.executable, "-c", "from gwreport.cli import main; main()", "serve",
                             "--no-browser", "--port", str(port), "--workers", str(workers),
                             "--ignore-file", str(tmp / ".gwreport-ignore")],
                            stdout=log, stderr=subprocess.STDOUT, env=env, cwd=str(tmp))
    deadline = time.time() + 60
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError((tmp / "serve.log").read_text())
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return proc, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("server did not start: " + (tmp / "serve.log").read_text())


def stop_server(proc) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


def make_driver(download_dir: Path):
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service
    if not (Path(CHROMIUM).exists() and Path(DRIVER).exists()):
        pytest.skip("chromium / chromedriver not installed (apt-get install chromium chromium-driver)")
    o = webdriver.ChromeOptions()
    o.binary_location = CHROMIUM
    for a in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1366,768",
              "--lang=zh-CN", "--disable-gpu"):
        o.add_argument(a)
    o.add_experimental_option("prefs", {"download.default_directory": str(download_dir),
                                        "download.prompt_for_download": False})
    return webdriver.Chrome(service=Service(DRIVER), options=o)


def wait_file(folder: Path, suffix: str, timeout: float = 30) -> Path:
    deadline = time.time() + timeout
    while time.time() < deadline:
        done = [p for p in folder.iterdir() if p.suffix == suffix]
        if done:
            time.sleep(0.2)
            return done[0]
        time.sleep(0.2)
    raise AssertionError(f"no {suffix} downloaded into {folder}: {list(folder.iterdir())}")

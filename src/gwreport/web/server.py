"""`gwreport serve`: start uvicorn on the app, print the address (with the access token when
bound beyond loopback) and open the browser."""
from __future__ import annotations

import socket
import sys
import threading
import webbrowser
from pathlib import Path

from ..errors import GwError

MISSING = ("公文工作台需要额外的组件（starlette、uvicorn、python-multipart），当前未安装。"
           "请运行：pip install \"gwreport[web]\"")


def require_web() -> None:
    try:
        import python_multipart  # noqa: F401
        import starlette  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError:
        raise GwError(MISSING, exit_code=2) from None


def _port_free(host: str, port: int) -> bool:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror:
        raise GwError(f"--host {host}：无法识别的地址", exit_code=2) from None
    fam, _, _, _, addr = infos[0]
    with socket.socket(fam, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(addr)
        except OSError:
            return False
    return True


def serve(host: str = "127.0.0.1", port: int = 8765, *, open_browser: bool = True, workers: int | None = None,
          config=None, ignore_file: Path | None = None, echo=print) -> None:
    require_web()
    import uvicorn

    from .app import Settings, create_app
    from .security import is_loopback
    if not 0 < port < 65536:
        raise GwError(f"--port {port}：端口应在 1 到 65535 之间", exit_code=2)
    if not _port_free(host, port):
        raise GwError(f"端口 {port} 已被占用（可能已有一个工作台在运行）。请打开 http://{host}:{port}/ ，"
                      "或用 --port 换一个端口", exit_code=2)
    if ignore_file is None:
        from ..ignore import locate
        ignore_file = locate(config)  # next to .gwreport.yaml, else the current folder
    from ..batch import default_jobs
    settings = Settings(host=host, port=port, workers=workers or min(4, default_jobs()), config=config,
                        ignore_file=ignore_file)
    app = create_app(settings)
    guard = app.state.guard
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else shown}:{port}/"
    if guard.token:
        url += f"?token={guard.token}"
    echo("公文工作台已启动。")
    echo(f"  地址：{url}")
    if not is_loopback(host):
        echo(f"  注意：已监听 {host}，本机以外的电脑也能访问；必须使用上面带令牌（token）的完整地址。")
    echo(f"  “总是忽略”记入忽略清单：{ignore_file}（gwreport check 也读它）")
    echo("  按 Ctrl+C 停止。")
    if open_browser:
        threading.Timer(1.0, lambda: webbrowser.open(url)).start()
    try:
        app.state.pool().warm()
    except Exception:
        pass
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)

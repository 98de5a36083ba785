"""`gwreport serve`: the 公文工作台 web page (gwreport.web), for clerks who do not use a terminal."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from .errors import GwError


def register(app: typer.Typer) -> None:
    app.command("serve", help="启动公文工作台：在浏览器中校对、生成、批量生成和排版（本机网页，"
                              "需安装 gwreport[web]）。")(serve)


def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="监听地址；默认只允许本机访问。其他地址需要启动时显示的访问令牌。"),
    port: int = typer.Option(8765, "--port", help="端口。"),
    no_browser: bool = typer.Option(False, "--no-browser", help="不自动打开浏览器。"),
    workers: Optional[int] = typer.Option(None, "--workers", min=1, max=16, help="后台处理进程数；默认为 CPU 核数（最多 4）。"),
    config: Optional[Path] = typer.Option(None, "--config", help="配置文件；默认向上查找 .gwreport.yaml。"),
    ignore_file: Optional[Path] = typer.Option(None, "--ignore-file", help="“总是忽略”列表文件（JSON）；默认放在 gwreport 缓存文件夹。"),
) -> None:
    from .cli import fail
    try:
        from .config import load_config
        from .web.server import require_web, serve as run
        require_web()
        cfg = load_config(Path.cwd(), config)
        run(host, port, open_browser=not no_browser, workers=workers, config=cfg,
            ignore_file=ignore_file, echo=typer.echo)
    except GwError as e:
        fail(e)
    except KeyboardInterrupt:
        typer.echo("公文工作台已停止。")

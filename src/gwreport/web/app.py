"""The Starlette application: four pages (校对, 生成, 批量, 版式) and their JSON endpoints.

Heavy work goes to one worker pool (processes under `gwreport serve`), shared by every page,
batch rows included. Every path on disk is made here from a server-generated id."""
from __future__ import annotations

import asyncio
import concurrent.futures as cf
import json
import os
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from ..errors import GwError
from . import tasks
from .ignore import IgnoreFile
from .security import Guard, GuardMiddleware
from .store import DRAFT_SUFFIXES, Store, display_name

HERE = Path(__file__).parent
PAGES = [("check", "校对"), ("build", "生成"), ("batch", "批量"), ("format", "版式")]


@dataclass
class Settings:
    host: str = "127.0.0.1"
    port: int = 8765
    token: str | None = None
    workers: int = 2
    pool: str = "process"  # process | thread (tests)
    config: Any = None
    ignore_file: Path | None = None
    root: Path | None = None  # temp root (default: a new folder under the system temp)
    ttl: float = 3600.0
    templates: tuple = ()
    extra: dict = field(default_factory=dict)


class Pool:
    """The one worker pool: checks, exports, builds, formats and every batch row."""

    def __init__(self, kind: str, workers: int, config) -> None:
        self.kind = kind
        self.workers = max(1, workers)
        if kind == "process":
            import multiprocessing as mp
            # spawn: the workers do not inherit the server's threads and event loop
            self.ex = cf.ProcessPoolExecutor(self.workers, mp_context=mp.get_context("spawn"),
                                             initializer=tasks.init_worker, initargs=(config,))
        else:  # tests: no warm-up, each test's app is short-lived
            tasks.init_worker(config, warm=False)
            self.ex = cf.ThreadPoolExecutor(self.workers)

    def submit(self, fn, *args) -> cf.Future:
        return self.ex.submit(fn, *args)

    async def run(self, fn, *args):
        return await asyncio.wrap_future(self.submit(fn, *args))

    def warm(self) -> None:
        if self.kind == "process":
            for f in [self.ex.submit(os.getpid) for _ in range(self.workers)]:
                f.result()

    def close(self) -> None:
        self.ex.shutdown(wait=False, cancel_futures=True)


def _err(message: str, status: int = 400) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def _download(path: Path, name: str, media: str) -> FileResponse:
    # RFC 6266: an ASCII fallback plus the UTF-8 name (Chinese file names in every browser)
    disp = f"attachment; filename=\"download{Path(name).suffix}\"; filename*=UTF-8''{quote(name)}"
    return FileResponse(path, media_type=media, headers={"Content-Disposition": disp})


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# 校对 downloads: label, suffix (None: the draft's own for text, else .docx), media type
EXPORTS = {"reviewed": ("修订稿", ".docx", DOCX), "comments": ("审校稿", ".docx", DOCX),
           "fixed": ("修正稿", None, None), "safe": ("安全修正稿", None, None),
           "errata": ("勘误表", ".xlsx", XLSX)}


def create_app(settings: Settings | None = None) -> Starlette:
    s = settings or Settings()
    guard = Guard.for_bind(s.host, s.port, s.token)
    store = Store(s.root, ttl=s.ttl)
    ignore = IgnoreFile(s.ignore_file)
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    state: dict[str, Any] = {}

    def pool() -> Pool:
        if "pool" not in state:
            state["pool"] = Pool(s.pool, s.workers, s.config)
        return state["pool"]

    def page(name: str):
        async def handler(request: Request):
            session = request.scope["state"]["session"]
            return templates.TemplateResponse(request, f"{name}.html", {
                "pages": PAGES, "current": name, "csrf": guard.csrf_for(session),
                "ignore_problem": ignore.problem})
        return handler

    async def index(request: Request):
        return RedirectResponse("/check", status_code=303)

    # ---------------------------------------------------------------- 校对

    def visible(item) -> dict:
        st = item.state
        hidden_ix = ignore.hidden(st["name"], st["units"], st["findings"])
        out = [dict(f, index=i, decision=st["decisions"].get(str(i)))
               for i, f in enumerate(st["findings"]) if i not in hidden_ix]
        return {"id": item.id, "name": st["name"], "kind": st["kind"], "source_kind": st["source_kind"],
                "units": st["units"], "rules": st["rules"], "findings": out, "ignored_always": len(hidden_ix),
                "ignore_problem": ignore.problem, "ignore_file": str(ignore.path) if ignore.path else None}

    async def check_upload(request: Request):
        import time
        from . import uploads
        t0 = time.perf_counter()
        item = store.new("check")
        try:
            form = await uploads.parse(request, item.folder, {"file": DRAFT_SUFFIXES})
            up = form.files.get("file")
            if up is not None:
                path, name = up.path, up.name
            else:
                text = form.fields.get("text", "")
                if not text.strip():
                    store.drop(item.id)
                    return _err("请选择要校对的文件，或在文本框中粘贴文字")
                path, name = item.folder / "file.txt", "粘贴的文字.txt"
                path.write_text(text.replace("\r\n", "\n"), encoding="utf-8")
        except GwError as e:
            store.drop(item.id)
            return _err(e.message, 413 if "太大" in e.message else 400)
        t1 = time.perf_counter()
        res = await pool().run(tasks.check_task, str(path), name)
        t2 = time.perf_counter()
        if "error" in res:
            store.drop(item.id)
            return _err(res["error"])
        item.state.update(res, name=name, path=str(path), decisions={})
        resp = JSONResponse(visible(item))
        # Server-Timing: the upload, the check in the pool (queue included), the answer
        resp.headers["Server-Timing"] = (f"upload;dur={(t1 - t0) * 1000:.0f}, check;dur={(t2 - t1) * 1000:.0f}, "
                                         f"answer;dur={(time.perf_counter() - t2) * 1000:.0f}, "
                                         f"work;dur={res.get('seconds', 0) * 1000:.0f}")
        return resp

    async def check_get(request: Request):
        item = store.get(request.path_params["iid"], "check")
        if item is None:
            return _err("这份校对已过期，请重新上传", 404)
        return JSONResponse(visible(item))

    async def check_decide(request: Request):
        item = store.get(request.path_params["iid"], "check")
        if item is None:
            return _err("这份校对已过期，请重新上传", 404)
        try:
            body = await request.json()
            i = int(body.get("index"))
            action = str(body.get("action"))
        except (ValueError, TypeError, AttributeError, json.JSONDecodeError):
            return _err("请求格式有误")
        fs = item.state["findings"]
        if not 0 <= i < len(fs):
            return _err("没有这一条问题")
        f = fs[i]
        dec = item.state["decisions"]
        if action == "accept":
            rep = body.get("replacement")
            allowed = tasks.replacements(f)
            if not isinstance(rep, str) or rep not in allowed:
                return _err("只能采用给出的修改建议")
            dec[str(i)] = {"action": "accept", "replacement": rep}
        elif action == "ignore":
            dec[str(i)] = {"action": "ignore"}
        elif action == "ignore_always":
            try:
                ignore.add(f, item.state["units"])
            except GwError as e:
                return _err(e.message)
            dec.pop(str(i), None)
        elif action == "undo":
            dec.pop(str(i), None)
        else:
            return _err("未知操作")
        return JSONResponse(visible(item))

    async def ignore_list(request: Request):
        return JSONResponse({"entries": ignore.entries(), "path": str(ignore.path) if ignore.path else None,
                             "problem": ignore.problem})

    async def ignore_remove(request: Request):
        try:
            body = await request.json()
            ignore.remove(str(body["line"]))
        except (KeyError, TypeError, ValueError, json.JSONDecodeError):
            return _err("请求格式有误")
        return JSONResponse({"entries": ignore.entries()})

    async def check_download(request: Request):
        item = store.get(request.path_params["iid"], "check")
        what = request.path_params["what"]
        if item is None:
            return _err("这份校对已过期，请重新上传", 404)
        if what not in EXPORTS:
            return _err("没有这种下载", 404)
        st = item.state
        edits, remaining = [], []
        hidden_ix = ignore.hidden(st["name"], st["units"], st["findings"])
        for i, f in enumerate(st["findings"]):
            d = st["decisions"].get(str(i))
            if d and d["action"] == "accept":
                edits.append(dict(f, replacement=d["replacement"]))
            elif not d and i not in hidden_ix:
                remaining.append(f)
        if what == "errata":  # the 勘误表 lists what the clerk accepted too
            remaining = [f for i, f in enumerate(st["findings"]) if i not in hidden_ix and
                         (st["decisions"].get(str(i)) or {}).get("action") != "ignore"]
        stem = Path(st["name"]).stem or "草稿"
        label, suffix, media = EXPORTS[what]
        if suffix is None:  # text drafts stay text; everything else comes back as Word
            suffix = Path(st["path"]).suffix if st["kind"] in ("txt", "md") else ".docx"
            media = DOCX if suffix == ".docx" else "text/plain; charset=utf-8"
        out = item.folder / f"out-{what}{suffix}"
        res = await pool().run(tasks.export_task, st["path"], st["name"], what, edits, remaining, str(out))
        if "error" in res:
            return _err(res["error"])
        return _download(out, f"{stem}-{label}{suffix}", media)

    # ---------------------------------------------------------------- 生成

    async def json_body(request: Request, limit: int = 1_000_000):
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > limit:
                raise GwError("提交的内容太大")
        try:
            data = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
            raise GwError("请求格式有误") from None
        if not isinstance(data, dict):
            raise GwError("请求格式有误")
        return data

    async def genres(request: Request):
        try:
            return JSONResponse({"genres": await pool().run(tasks.genre_list)})
        except GwError as e:
            return _err(e.message)

    async def genre(request: Request):
        try:
            return JSONResponse(await pool().run(tasks.genre_info, request.path_params["gid"]))
        except GwError as e:
            return _err(e.message, 404)

    def _form(body) -> tuple[str, dict]:
        gid, data = body.get("genre"), body.get("data")
        if not isinstance(gid, str) or not isinstance(data, dict):
            raise GwError("请求格式有误：缺少体裁或表单内容")
        return gid, data

    async def build(request: Request):
        try:
            body = await json_body(request)
            gid, data = _form(body)
        except GwError as e:
            return _err(e.message)
        item = store.new("build")
        out = item.folder / "report.docx"
        res = await pool().run(tasks.build_task, gid, data, str(out), bool(body.get("force")))
        if "error" in res or "problems" in res:
            store.drop(item.id)
            return JSONResponse(res, status_code=200 if "problems" in res else 400)
        item.state.update(title=res["title"], docx=bool(res.get("docx")))
        res["id"] = item.id
        return JSONResponse(res)

    async def build_file(request: Request):
        item = store.get(request.path_params["iid"], "build")
        what = request.path_params["what"]
        if item is None or not item.state.get("docx"):
            return _err("这份报告已过期，请重新生成", 404)
        from ..fsutil import safe_filename
        name = safe_filename(item.state["title"])
        if what == "docx":
            return _download(item.folder / "report.docx", name + ".docx", DOCX)
        if what in ("pdf", "preview"):
            lock = item.state.setdefault("pdf_lock", asyncio.Lock())
            async with lock:  # one LibreOffice run per report, however many clicks
                if "pdf" not in item.state:
                    res = await pool().run(tasks.pdf_task, str(item.folder / "report.docx"),
                                           str(item.folder / "report.pdf"), str(item.folder), 2, name + ".docx")
                    if "error" in res:
                        return _err(res["error"])
                    item.state["pdf"] = res
            if what == "pdf":
                return _download(item.folder / "report.pdf", name + ".pdf", "application/pdf")
            info = item.state["pdf"]
            return JSONResponse({"pages": [f"/api/build/{item.id}/page/{i + 1}" for i in range(info["pages"])],
                                 "total": info["total"], "report": info["report"]})
        return _err("没有这种下载", 404)

    async def build_page_image(request: Request):
        item = store.get(request.path_params["iid"], "build")
        n = request.path_params["n"]
        if item is None or "pdf" not in item.state or not (1 <= n <= item.state["pdf"]["pages"]):
            return _err("没有这一页的预览", 404)
        return FileResponse(item.folder / f"page{n}.png", media_type="image/png")

    async def facts_save(request: Request):
        try:
            gid, data = _form(await json_body(request))
            text = await pool().run(tasks.facts_yaml, gid, data)
        except GwError as e:
            return _err(e.message)
        from ..fsutil import safe_filename
        unit = data.get("unit", {}).get("name") if isinstance(data.get("unit"), dict) else None
        name = safe_filename(f"事实-{unit}" if isinstance(unit, str) and unit.strip() else "事实") + ".yaml"
        return Response(text.encode("utf-8"), media_type="text/yaml; charset=utf-8", headers={
            "Content-Disposition": f"attachment; filename=\"facts.yaml\"; filename*=UTF-8''{quote(name)}"})

    async def facts_load(request: Request):
        from . import uploads
        from .store import FACTS_SUFFIXES
        item = store.new("facts")
        try:
            form = await uploads.parse(request, item.folder, {"facts": FACTS_SUFFIXES}, max_file=1_000_000)
            up = form.files.get("facts")
            if up is None:
                return _err("请选择事实文件（.yaml）")
            res = await pool().run(tasks.load_facts_file, str(up.path), up.name)
        except GwError as e:
            return _err(e.message, 413 if "太大" in e.message else 400)
        finally:
            store.drop(item.id)  # read once: nothing of it stays on disk
        return JSONResponse(res, status_code=400 if "error" in res or "problems" in res else 200)

    # ---------------------------------------------------------------- 批量

    async def batch_table(request: Request):
        gid = request.path_params["gid"]
        item = store.new("table")
        out = item.folder / "table.xlsx"
        try:
            name = await pool().run(tasks.input_table, gid, str(out))
        except GwError as e:
            store.drop(item.id)
            return _err(e.message, 404 if e.message.startswith("未知体裁") else 400)
        return _download(out, f"填报表-{name}.xlsx", XLSX)

    async def batch_start(request: Request):
        from . import uploads
        from .store import FACTS_SUFFIXES, TABLE_SUFFIXES
        item = store.new("batch")
        try:
            form = await uploads.parse(request, item.folder, {
                "table": TABLE_SUFFIXES, "base": FACTS_SUFFIXES, "lists": (".csv", ".xlsx", ".xlsm"),
                "aggregate_base": FACTS_SUFFIXES})
        except GwError as e:
            store.drop(item.id)
            return _err(e.message, 413 if "太大" in e.message else 400)
        if "table" not in form.files:
            store.drop(item.id)
            return _err("请选择填好的填报表（.xlsx 或 .csv）")
        spec = {"outdir": str(item.folder / "out"), "zip": str(item.folder / "batch.zip"),
                "genre": form.fields.get("genre") or None, "aggregate": form.fields.get("aggregate") or None,
                "force": form.fields.get("force") == "1",
                "shown": {str(u.path): u.name for u in form.files.values()}}
        for k in ("table", "base", "lists", "aggregate_base"):
            spec[k] = str(form.files[k].path) if k in form.files else None
        item.state.update(status="planning", done=0, total=0, failed=0, version=0, running=True,
                          table=form.files["table"].name)
        task = asyncio.get_running_loop().create_task(run_batch(item, spec))
        state.setdefault("tasks", set()).add(task)
        task.add_done_callback(state["tasks"].discard)
        return JSONResponse({"id": item.id})

    def bump(item, **kw) -> None:
        item.state.update(kw)
        item.state["version"] += 1

    async def run_batch(item, spec) -> None:
        try:
            plan = await pool().run(tasks.batch_plan, spec)
            if "error" in plan:
                bump(item, status="error", error=plan["error"])
                return
            jobs, opts = plan["jobs"], plan["opts"]
            bump(item, status="running", total=len(jobs), genre=plan["genre"])
            futs = [asyncio.wrap_future(pool().submit(tasks.batch_row, item.id, opts, j)) for j in jobs]
            results = []
            for fut in asyncio.as_completed(futs):
                r = await fut
                results.append(r)
                bump(item, done=len(results), failed=item.state["failed"] + (r.status == "failed"),
                     last=r.unit or r.source)
            bump(item, status="finishing")
            summary = await pool().run(tasks.batch_finish, item.id, spec, opts, results, plan["skipped"],
                                       plan["warnings"], jobs)
            if "error" in summary:
                bump(item, status="error", error=summary["error"])
            else:
                bump(item, status="done", summary=summary)
        except Exception as e:  # a crashed pool or a bug: say so on the page, keep the server up
            bump(item, status="error", error=f"批量生成中断（{type(e).__name__}），请重试")
        finally:
            item.state["running"] = False

    def batch_view(item) -> dict:
        st = item.state
        return {k: st.get(k) for k in ("status", "done", "total", "failed", "error", "summary", "genre", "table", "last")}

    async def batch_get(request: Request):
        item = store.get(request.path_params["iid"], "batch")
        if item is None:
            return _err("这次批量生成已过期", 404)
        return JSONResponse(batch_view(item))

    async def batch_events(request: Request):
        from starlette.responses import StreamingResponse
        item = store.get(request.path_params["iid"], "batch")
        if item is None:
            return _err("这次批量生成已过期", 404)

        async def stream():
            seen = -1
            while True:
                v = item.state["version"]
                if v != seen:
                    seen = v
                    view = batch_view(item)
                    yield f"data: {json.dumps(view, ensure_ascii=False)}\n\n"
                    if view["status"] in ("done", "error"):
                        return
                if await request.is_disconnected():
                    return
                await asyncio.sleep(0.2)

        return StreamingResponse(stream(), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})

    async def batch_zip(request: Request):
        item = store.get(request.path_params["iid"], "batch")
        if item is None or item.state.get("status") != "done":
            return _err("还没有可下载的结果", 404)
        stem = Path(item.state.get("table") or "批量").stem
        return _download(item.folder / "batch.zip", f"{stem}-批量生成结果.zip", "application/zip")

    # ---------------------------------------------------------------- 版式

    async def format_upload(request: Request):
        from . import uploads
        item = store.new("format")
        try:
            form = await uploads.parse(request, item.folder, {"file": (".docx",)})
        except GwError as e:
            store.drop(item.id)
            return _err(e.message.replace("格式不支持，请上传 .docx 文件", "格式不支持：排版只接受 Word 文档（.docx）；"
                                          ".doc/.wps 请先在 Word 或 WPS 中另存为 .docx"),
                        413 if "太大" in e.message else 400)
        up = form.files.get("file")
        if up is None:
            store.drop(item.id)
            return _err("请选择要排版的 Word 文档（.docx）")
        out = item.folder / "formatted.docx"
        res = await pool().run(tasks.format_task, str(up.path), up.name, str(out))
        if "error" in res:
            store.drop(item.id)
            return _err(res["error"])
        item.state.update(name=up.name)
        res["id"] = item.id
        return JSONResponse(res)

    async def format_download(request: Request):
        item = store.get(request.path_params["iid"], "format")
        if item is None:
            return _err("这份排版结果已过期，请重新上传", 404)
        return _download(item.folder / "formatted.docx", f"{Path(item.state['name']).stem}-排版稿.docx", DOCX)

    # ---------------------------------------------------------------- app

    @asynccontextmanager
    async def lifespan(app):
        try:
            yield
        finally:
            if "pool" in state:
                state["pool"].close()
            store.close()

    routes = [
        Route("/", index),
        *[Route(f"/{name}", page(name)) for name, _ in PAGES],
        Route("/api/check", check_upload, methods=["POST"]),
        Route("/api/check/{iid}", check_get),
        Route("/api/check/{iid}/decide", check_decide, methods=["POST"]),
        Route("/api/check/{iid}/download/{what}", check_download),
        Route("/api/ignore", ignore_list),
        Route("/api/genres", genres),
        Route("/api/genres/{gid}", genre),
        Route("/api/build", build, methods=["POST"]),
        Route("/api/build/{iid}/file/{what}", build_file),
        Route("/api/build/{iid}/page/{n:int}", build_page_image),
        Route("/api/facts/save", facts_save, methods=["POST"]),
        Route("/api/format", format_upload, methods=["POST"]),
        Route("/api/format/{iid}/download", format_download),
        Route("/api/batch/table/{gid}", batch_table),
        Route("/api/batch", batch_start, methods=["POST"]),
        Route("/api/batch/{iid}", batch_get),
        Route("/api/batch/{iid}/events", batch_events),
        Route("/api/batch/{iid}/zip", batch_zip),
        Route("/api/facts/load", facts_load, methods=["POST"]),
        Route("/api/ignore/remove", ignore_remove, methods=["POST"]),
        Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
    ]
    app = Starlette(routes=routes, lifespan=lifespan)
    app.add_middleware(GuardMiddleware, guard=guard)
    app.state.guard = guard
    app.state.store = store
    app.state.settings = s
    app.state.ignore = ignore
    app.state.pool = pool
    return app

"""Who may talk to the workbench.

- Host header: only the names the server was started for (blocks DNS rebinding: a page on
  evil.example that resolves to 127.0.0.1 still sends Host: evil.example).
- Access token: required when bound to anything but loopback; printed at start, given once
  as ?token=…, then kept in an HttpOnly cookie.
- CSRF: every POST carries the token bound to the browser's session cookie (header
  X-CSRF-Token, sent by the page's script), and a cross-site Origin is refused outright.
"""
from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse
from starlette.types import ASGIApp, Receive, Scope, Send

SESSION_COOKIE = "gw_session"
TOKEN_COOKIE = "gw_token"
CSRF_HEADER = "x-csrf-token"


def is_loopback(host: str) -> bool:
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass
class Guard:
    host: str = "127.0.0.1"
    port: int = 8765
    token: str | None = None  # set when bound beyond loopback
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32))
    extra_hosts: tuple[str, ...] = ()

    @classmethod
    def for_bind(cls, host: str, port: int, token: str | None = None) -> "Guard":
        if not is_loopback(host) and not token:
            token = secrets.token_urlsafe(24)
        return cls(host=host, port=port, token=token)

    def allowed_host(self, header: str) -> bool:
        if not header:
            return False
        name = header.rsplit(":", 1)[0] if not header.endswith("]") else header
        name = name.strip("[]").lower()
        if is_loopback(name):
            return True
        if self.token:
            # beyond loopback the token is the gate; any name the clerk's machine uses is fine
            return True
        return name in {h.lower() for h in (self.host, *self.extra_hosts)}

    def csrf_for(self, session: str) -> str:
        return hmac.new(self.secret, session.encode(), hashlib.sha256).hexdigest()

    def csrf_ok(self, session: str | None, sent: str | None) -> bool:
        if not session or not sent:
            return False
        return hmac.compare_digest(self.csrf_for(session), sent)

    def token_ok(self, sent: str | None) -> bool:
        return self.token is None or (bool(sent) and hmac.compare_digest(self.token, sent))


def _cookies(scope: Scope) -> dict[str, str]:
    out: dict[str, str] = {}
    for k, v in scope.get("headers", []):
        if k == b"cookie":
            for part in v.decode("latin-1").split(";"):
                if "=" in part:
                    a, b = part.strip().split("=", 1)
                    out.setdefault(a, b)
    return out


def _header(scope: Scope, name: bytes) -> str:
    for k, v in scope.get("headers", []):
        if k == name:
            return v.decode("latin-1")
    return ""


def _deny(status: int, message: str, api: bool):
    if api:
        return JSONResponse({"error": message}, status_code=status)
    return HTMLResponse(f"<!doctype html><meta charset=utf-8><title>公文工作台</title>"
                        f"<p style='font:16px sans-serif;margin:2em'>{message}</p>", status_code=status)


class GuardMiddleware:
    """Host, token and CSRF checks before any route runs; sets the session cookie."""

    def __init__(self, app: ASGIApp, guard: Guard) -> None:
        self.app = app
        self.guard = guard

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        g = self.guard
        path = scope.get("path", "")
        api = path.startswith("/api/")
        if not g.allowed_host(_header(scope, b"host")):
            await _deny(400, "拒绝访问：请求的主机名不是本工作台的地址。", api)(scope, receive, send)
            return
        cookies = _cookies(scope)
        if g.token is not None:
            from urllib.parse import parse_qs
            qs = parse_qs(scope.get("query_string", b"").decode("latin-1"))
            sent = (qs.get("token") or [None])[0]
            if sent is not None and g.token_ok(sent) and scope["method"] == "GET":
                # keep the token in a cookie and drop it from the address bar
                resp = RedirectResponse(path or "/", status_code=303)
                resp.set_cookie(TOKEN_COOKIE, g.token, httponly=True, samesite="strict")
                await resp(scope, receive, send)
                return
            if not g.token_ok(cookies.get(TOKEN_COOKIE)):
                await _deny(403, "需要访问令牌：请使用启动 gwreport serve 时显示的完整地址（含 ?token=…）打开。",
                            api)(scope, receive, send)
                return
        session = cookies.get(SESSION_COOKIE)
        if scope["method"] not in ("GET", "HEAD", "OPTIONS"):
            origin = _header(scope, b"origin")
            if origin and origin != "null":
                o = urlsplit(origin)
                if o.netloc.lower() != _header(scope, b"host").lower():
                    await _deny(403, "拒绝跨站请求。", api)(scope, receive, send)
                    return
            # every POST comes from the page's own script, which sends the token in a header
            if not g.csrf_ok(session, _header(scope, CSRF_HEADER.encode())):
                await _deny(403, "页面已过期或请求无效（CSRF 校验失败），请刷新页面后重试。", api)(scope, receive, send)
                return
        new_session = None
        if not session:
            new_session = secrets.token_urlsafe(24)
            session = new_session
        scope.setdefault("state", {})["session"] = session

        async def send_with_cookie(message):
            if message["type"] == "http.response.start" and new_session:
                headers = list(message.get("headers", []))
                headers.append((b"set-cookie", f"{SESSION_COOKIE}={new_session}; HttpOnly; Path=/; "
                                               f"SameSite=Strict".encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_cookie)

// Shared helpers: every POST carries the page's CSRF token in a header.
"use strict";
const GW = (() => {
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  async function post(url, body) {
    const opts = {method: "POST", headers: {"X-CSRF-Token": csrf}, credentials: "same-origin"};
    if (body instanceof FormData) opts.body = body;
    else if (body !== undefined) { opts.body = JSON.stringify(body); opts.headers["Content-Type"] = "application/json"; }
    const r = await fetch(url, opts);
    return answer(r);
  }
  async function get(url) { return answer(await fetch(url, {credentials: "same-origin"})); }
  async function answer(r) {
    let data = null;
    try { data = await r.json(); } catch (e) { data = {error: "服务器返回了无法识别的内容（" + r.status + "）"}; }
    if (!r.ok && !data.error) data.error = "请求失败（" + r.status + "）";
    return data;
  }
  function el(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") e.className = v;
      else if (k === "text") e.textContent = v;
      else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
      else if (v !== null && v !== undefined && v !== false) e.setAttribute(k, v === true ? "" : v);
    }
    for (const k of kids) if (k !== null && k !== undefined) e.append(k);
    return e;
  }
  function status(node, text, kind) {
    node.textContent = text || "";
    node.className = "status" + (kind ? " " + kind : "");
  }
  const SEV = {error: "错误", warning: "警告", info: "提示"};
  return {post, get, el, status, SEV, csrf};
})();

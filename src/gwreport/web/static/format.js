// 版式 page: upload a .docx, get it formatted, the list of changes and the layout audit.
"use strict";
(() => {
  const $ = (id) => document.getElementById(id);
  const el = GW.el;
  $("format-file").addEventListener("change", () => {
    const f = $("format-file").files[0];
    $("format-filename").textContent = f ? f.name : "";
  });
  $("format-go").addEventListener("click", async () => {
    const f = $("format-file").files[0];
    if (!f) { GW.status($("format-status"), "请选择 Word 文档（.docx）", "bad"); return; }
    const fd = new FormData();
    fd.append("file", f);
    $("format-go").disabled = true;
    $("dl-formatted").hidden = true;
    GW.status($("format-status"), "正在排版……", "busy");
    const res = await GW.post("/api/format", fd);
    $("format-go").disabled = false;
    if (res.error) { GW.status($("format-status"), res.error, "bad"); return; }
    GW.status($("format-status"), "排版完成", "ok");
    $("dl-formatted").href = "/api/format/" + res.id + "/download";
    $("dl-formatted").hidden = false;
    show(res);
  });

  function show(res) {
    $("format-empty").hidden = true;
    $("format-result").hidden = false;
    const c = $("format-changes");
    c.textContent = "";
    $("format-count").textContent = res.changes.length ? "共 " + res.changes.length + " 项" : "无需修改";
    const ul = el("ul", {class: "changes"});
    for (const x of res.changes) ul.append(el("li", {text: x}));
    c.append(ul);
    if (res.roles.length) c.append(el("p", {class: "muted small", text: "段落角色：" + res.roles.map(([r, n]) => r + " " + n + " 段").join("，")}));
    if (res.notes.length) {
      c.append(el("p", {class: "res-title", text: "请人工核对："}));
      const nl = el("ul", {class: "changes"});
      for (const n of res.notes) nl.append(el("li", {text: n}));
      c.append(nl);
    }
    const a = $("format-audit");
    a.textContent = "";
    $("audit-count").textContent = "排版前 " + res.before.length + " 处 → 排版后 " + res.after.length + " 处";
    a.append(el("p", {class: "pad muted small", text: res.after.length ? "排版后仍有以下问题：" : "排版后版式检查未发现问题。"}));
    for (const f of res.after) a.append(item(f, res.rules));
    if (res.before.length) {
      const fixedRules = new Set(res.after.map((f) => f.rule + f.line));
      const gone = res.before.filter((f) => !fixedRules.has(f.rule + f.line));
      if (gone.length) {
        const det = el("details", {class: "group"}, el("summary", {}, el("span", {text: "排版已解决"}), el("span", {class: "count", text: String(gone.length)})));
        for (const f of gone) det.append(item(f, res.rules, true));
        a.append(det);
      }
    }
  }

  function item(f, rules, done) {
    const r = rules[f.rule] || {};
    return el("div", {class: "f" + (done ? " done" : "")},
      el("span", {class: "sev sev-" + f.severity, text: GW.SEV[f.severity]}),
      el("span", {class: "msg", text: f.message}),
      el("span", {class: "where", text: f.rule + " · " + f.place + (r.source ? " · 依据：" + r.source : "")}));
  }

  $("dl-formatted").addEventListener("click", async (ev) => {
    ev.preventDefault();
    const r = await fetch(ev.currentTarget.href, {credentials: "same-origin"});
    if (!r.ok) { GW.status($("format-status"), (await r.json()).error || "下载失败", "bad"); return; }
    const m = /filename\*=UTF-8''([^;]+)/.exec(r.headers.get("Content-Disposition") || "");
    const a = el("a", {href: URL.createObjectURL(await r.blob()), download: m ? decodeURIComponent(m[1]) : "排版稿.docx"});
    document.body.append(a);
    a.click();
    a.remove();
  });
})();

// 生成 page: genre → form from its schema → build → messages beside fields, findings, downloads.
"use strict";
(() => {
  const $ = (id) => document.getElementById(id);
  const el = GW.el;
  const form = $("facts-form");
  let genre = null, widget = null, built = null;

  async function loadGenres() {
    const res = await GW.get("/api/genres");
    if (res.error) { GW.status($("build-status"), res.error, "bad"); return; }
    for (const g of res.genres) $("genre").append(el("option", {value: g.id}, g.name + "（" + g.id + "）"));
    const want = new URLSearchParams(location.search).get("genre") || "website-selfcheck";
    if (want && res.genres.some((g) => g.id === want)) $("genre").value = want;
    await pick($("genre").value, "sample");
  }

  async function pick(gid, fill, data) {
    const res = await GW.get("/api/genres/" + encodeURIComponent(gid));
    if (res.error) { GW.status($("build-status"), res.error, "bad"); return; }
    genre = res;
    $("genre").value = gid;
    $("genre-desc").textContent = res.description;
    render(fill === "sample" ? res.sample : (data || {}));
  }

  function render(data) {
    form.textContent = "";
    widget = SchemaForm.build(genre.schema, data, "");
    form.append(widget.el);
  }

  $("genre").addEventListener("change", () => pick($("genre").value, "sample"));
  $("fill-sample").addEventListener("click", () => render(genre.sample));
  $("clear-form").addEventListener("click", () => render({}));

  $("facts-file").addEventListener("change", async () => {
    const f = $("facts-file").files[0];
    if (!f) return;
    const fd = new FormData();
    fd.append("facts", f);
    const res = await GW.post("/api/facts/load", fd);
    $("facts-file").value = "";
    if (res.error || res.problems) {
      GW.status($("build-status"), res.error || res.problems.join("；"), "bad");
      return;
    }
    await pick(res.genre || $("genre").value, "data", res.data);
    GW.status($("build-status"), "已载入 " + f.name, "ok");
  });

  $("save-yaml").addEventListener("click", async () => {
    const r = await fetch("/api/facts/save", {method: "POST", credentials: "same-origin",
      headers: {"X-CSRF-Token": GW.csrf, "Content-Type": "application/json"},
      body: JSON.stringify({genre: genre.id, data: widget.get() || {}})});
    if (!r.ok) { GW.status($("build-status"), (await r.json()).error || "保存失败", "bad"); return; }
    saveBlob(await r.blob(), r.headers.get("Content-Disposition"), "事实.yaml");
  });

  function saveBlob(blob, cd, fallback) {
    const m = /filename\*=UTF-8''([^;]+)/.exec(cd || "");
    const a = el("a", {href: URL.createObjectURL(blob), download: m ? decodeURIComponent(m[1]) : fallback});
    document.body.append(a);
    a.click();
    a.remove();
  }

  $("build-go").addEventListener("click", async () => {
    GW.status($("build-status"), "正在生成……", "busy");
    $("build-go").disabled = true;
    for (const id of ["dl-docx", "dl-pdf", "show-preview"]) $(id).hidden = true;
    const res = await GW.post("/api/build", {genre: genre.id, data: widget.get() || {}, force: $("force").checked});
    $("build-go").disabled = false;
    const out = $("build-result");
    out.textContent = "";
    if (res.error) { GW.status($("build-status"), res.error, "bad"); SchemaForm.showProblems(form, []); return; }
    if (res.problems) {
      const general = SchemaForm.showProblems(form, res.problems);
      GW.status($("build-status"), "表单有 " + res.problems.length + " 处问题，未生成", "bad");
      out.append(el("p", {class: "res-title", text: "请先改正表单中的 " + res.problems.length + " 处问题："}));
      const ul = el("ul", {class: "messages-list"});
      for (const p of res.problems) {
        ul.append(el("li", {class: "problem", onclick: () => p.path && SchemaForm.focus(form, p.path), text: p.text}));
      }
      out.append(ul);
      if (general.length) out.append(el("div", {class: "messages", text: general.map((p) => p.message).join("\n")}));
      return;
    }
    SchemaForm.showProblems(form, []);
    built = res;
    out.append(el("p", {class: "res-title", text: res.title}));
    if (res.blocked) {
      out.append(el("div", {class: "messages", text: res.blocked}));
      GW.status($("build-status"), "校对发现错误，未生成", "bad");
    } else {
      GW.status($("build-status"), "已生成", "ok");
      $("dl-docx").href = "/api/build/" + res.id + "/file/docx";
      $("dl-pdf").href = "/api/build/" + res.id + "/file/pdf";
      for (const id of ["dl-docx", "dl-pdf", "show-preview"]) $(id).hidden = false;
    }
    const der = Object.entries(res.derived || {});
    if (der.length) {
      const t = el("table", {class: "list kv"});
      for (const [k, v] of der) t.append(el("tr", {}, el("td", {text: k}), el("td", {text: v === null ? "无" : String(v)})));
      out.append(el("p", {class: "muted small", text: "计算出的数字："}), t);
    }
    out.append(el("p", {class: "muted small", text: res.findings.length ? "正文校对发现 " + res.findings.length + " 处：" : "正文校对未发现问题。"}));
    for (const f of res.findings) {
      const rule = res.rules[f.rule] || {};
      out.append(el("div", {class: "f", onclick: () => f.field && SchemaForm.focus(form, f.field)},
        el("span", {class: "sev sev-" + f.severity, text: GW.SEV[f.severity]}),
        el("span", {class: "msg", text: f.message}),
        el("span", {class: "where", text: f.place + (f.text ? "「" + f.text + "」" : "") +
          (f.field ? " · 来自字段 " + f.field : " · 来自体裁模板") + (rule.source ? " · 依据：" + rule.source : "")})));
    }
    out.append(el("div", {id: "preview", class: "preview"}));
  });

  $("show-preview").addEventListener("click", async () => {
    const box = $("preview");
    GW.status($("build-status"), "正在转换 PDF 并生成预览（需要几秒）……", "busy");
    const res = await GW.get("/api/build/" + built.id + "/file/preview");
    if (res.error) { GW.status($("build-status"), res.error, "bad"); return; }
    GW.status($("build-status"), "预览：前 " + res.pages.length + " 页（共 " + res.total + " 页）", "ok");
    box.textContent = "";
    for (const src of res.pages) box.append(el("img", {src, alt: "第" + src.slice(-1) + "页预览"}));
    if (res.report) box.append(el("p", {class: "muted small", text: res.report}));
  });

  for (const id of ["dl-docx", "dl-pdf"]) {
    $(id).addEventListener("click", async (ev) => {
      ev.preventDefault();
      GW.status($("build-status"), id === "dl-pdf" ? "正在转换 PDF……" : "正在下载……", "busy");
      const r = await fetch(ev.currentTarget.href, {credentials: "same-origin"});
      if (!r.ok) { GW.status($("build-status"), (await r.json()).error || "下载失败", "bad"); return; }
      saveBlob(await r.blob(), r.headers.get("Content-Disposition"), "报告");
      GW.status($("build-status"), "已下载", "ok");
    });
  }

  loadGenres();
})();

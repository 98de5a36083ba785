// 校对 page: upload or paste, findings beside the text, decisions sent to the server.
"use strict";
(() => {
  const $ = (id) => document.getElementById(id);
  const el = GW.el;
  let data = null;       // last answer from the server
  let selected = null;   // index of the selected finding

  $("paste-toggle").addEventListener("click", () => {
    const t = $("check-text");
    t.hidden = !t.hidden;
    if (!t.hidden) t.focus();
  });
  $("check-file").addEventListener("change", () => {
    const f = $("check-file").files[0];
    $("check-filename").textContent = f ? f.name : "";
  });
  $("check-form").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const fd = new FormData();
    const file = $("check-file").files[0];
    if (file) fd.append("file", file);
    else fd.append("text", $("check-text").value);
    if (!file && !$("check-text").value.trim()) {
      GW.status($("check-status"), "请选择文件或粘贴文字", "bad");
      return;
    }
    GW.status($("check-status"), "正在校对……", "busy");
    $("check-go").disabled = true;
    const t0 = performance.now();
    const res = await GW.post("/api/check", fd);
    $("check-go").disabled = false;
    if (res.error) { GW.status($("check-status"), res.error, "bad"); return; }
    GW.status($("check-status"), "校对完成（" + ((performance.now() - t0) / 1000).toFixed(1) + " 秒）", "ok");
    selected = null;
    show(res);
  });

  function catOrder(f) { return f.rule.startsWith("GW0") ? -1 : parseInt(f.rule.charAt(2), 10) || 9; }

  function show(res) {
    data = res;
    $("check-empty").hidden = true;
    $("check-result").hidden = false;
    $("doc-name").textContent = res.name;
    const open = res.findings.filter((f) => !f.decision);
    const err = open.filter((f) => f.severity === "error").length;
    const severe = open.filter((f) => f.rule.startsWith("GW0")).length;
    $("doc-summary").textContent = (severe ? "严重表述错误 " + severe + " 处；" : "") +
      "待处理 " + open.length + "（错误 " + err + "）· 已处理 " + (res.findings.length - open.length);
    $("find-count").textContent = res.findings.length ? "共 " + res.findings.length + " 条" : "未发现问题";
    $("show-ignored").textContent = res.ignored_always ? "另有 " + res.ignored_always + " 条在忽略清单中" : "";
    $("show-ignored").title = res.ignore_file ? "忽略清单：" + res.ignore_file + "（删除其中一行即恢复提示）" : "";
    if (res.ignore_problem) GW.status($("check-status"), res.ignore_problem, "bad");
    for (const what of ["reviewed", "comments", "fixed", "errata", "safe"])
      $("dl-" + what).href = "/api/check/" + res.id + "/download/" + what;
    renderText();
    renderGroups();
    renderDetail();
  }

  function renderText() {
    const box = $("doc-text");
    box.textContent = "";
    const byLine = new Map();
    for (const f of data.findings) {
      if (f.decision && f.decision.action === "ignore") continue;
      if (!byLine.has(f.line)) byLine.set(f.line, []);
      byLine.get(f.line).push(f);
    }
    for (const [line, text, role] of data.units) {
      const p = el("p", {class: "u" + (role ? " r-" + role : ""), "data-line": line});
      p.append(el("span", {class: "ln", text: String(line)}));
      const all = byLine.get(line) || [];
      // whole-paragraph findings (layout GW9xx, a paragraph's style) mark the paragraph, not its text
      const whole = all.filter((f) => f.rule.startsWith("GW9") ||
        (text.length > 0 && f.column <= 1 && (f.end_line > line || f.end_column - 1 >= text.length) && all.length > 1));
      const fs = all.filter((f) => !whole.includes(f)).sort((a, b) => a.column - b.column || a.end_column - b.end_column);
      if (whole.length) {
        p.classList.add("pmark");
        if (whole.some((f) => f.index === selected)) p.classList.add("psel");
        p.append(el("span", {class: "pbadge", "data-i": whole[0].index, title: whole.map((f) => f.message).join("\n"),
                             onclick: () => select(whole[0].index, false)}, whole.length > 1 ? "版式×" + whole.length : "版式"));
      }
      let pos = 0;
      for (const f of fs) {
        const s = f.column - 1;
        const e = f.end_line === line ? f.end_column - 1 : text.length;
        if (s < pos) continue;  // overlaps a mark already drawn: listed on the right
        if (s > pos) p.append(text.slice(pos, s));
        const cls = "m sev-" + f.severity + (f.rule.startsWith("GW0") ? " severe" : "") +
          (f.index === selected ? " sel" : "");
        const attrs = {class: cls, "data-i": f.index, title: f.message, onclick: () => select(f.index, false)};
        if (f.decision && f.decision.action === "accept") {
          p.append(el("span", attrs, el("del", {text: text.slice(s, e)}), el("ins", {text: f.decision.replacement})));
        } else if (e === s) {
          p.append(el("span", Object.assign(attrs, {class: cls + " gap"}), "▲"));
        } else {
          p.append(el("mark", attrs, text.slice(s, e)));
        }
        pos = Math.max(pos, e);
      }
      if (pos < text.length) p.append(text.slice(pos));
      if (!text) p.append(el("span", {class: "blank", text: " "}));
      box.append(p);
    }
  }

  function renderGroups() {
    const box = $("groups");
    box.textContent = "";
    const groups = new Map();
    const sorted = data.findings.slice().sort((a, b) => catOrder(a) - catOrder(b) || a.line - b.line || a.column - b.column);
    for (const f of sorted) {
      const c = f.category || "其他";
      if (!groups.has(c)) groups.set(c, []);
      groups.get(c).push(f);
    }
    for (const [cat, fs] of groups) {
      const g = el("details", {class: "group" + (cat === "严重表述错误" ? " severe" : ""), open: true},
        el("summary", {}, el("span", {text: cat}), el("span", {class: "count", text: String(fs.length)})));
      for (const f of fs) {
        const d = f.decision;
        const state = d ? (d.action === "accept" ? "已采用" : "已忽略") : "";
        g.append(el("div", {class: "f" + (f.index === selected ? " sel" : "") + (d ? " done" : ""), "data-i": f.index,
                            onclick: () => select(f.index, true)},
          el("span", {class: "sev sev-" + f.severity, text: GW.SEV[f.severity] || f.severity}),
          el("span", {class: "msg", text: f.message}),
          el("span", {class: "where", text: f.place + (f.text ? "「" + f.text + "」" : "")}),
          state ? el("span", {class: "state", text: state}) : null));
      }
      box.append(g);
    }
  }

  function renderDetail() {
    const box = $("detail");
    const f = data.findings.find((x) => x.index === selected);
    box.textContent = "";
    if (!f) { box.hidden = true; return; }
    box.hidden = false;
    const rule = data.rules[f.rule] || {};
    box.append(el("div", {class: "d-head"},
      el("span", {class: "sev sev-" + f.severity, text: GW.SEV[f.severity]}),
      el("b", {text: f.rule}), el("span", {class: "muted", text: " " + (f.category || "")}),
      el("button", {class: "close", title: "关闭", onclick: () => { selected = null; renderAll(); }}, "×")));
    box.append(el("p", {class: "d-msg", text: f.message}));
    const acts = el("div", {class: "acts"});
    if (f.decision) {
      acts.append(el("span", {class: "muted", text: f.decision.action === "accept"
        ? "已采用：“" + f.decision.replacement + "”" : "本次已忽略"}), " ",
        el("button", {onclick: () => decide(f, "undo")}, "撤销"));
    } else {
      for (const s of f.options) {
        acts.append(el("button", {class: "primary accept", onclick: () => decide(f, "accept", s)},
          s === "" ? "采用：删除“" + f.text + "”" : "采用“" + s + "”"));
      }
      if (!f.options.length && f.suggestions.length)
        acts.append(el("span", {class: "muted", text: "建议：" + f.suggestions.join(" / ") + "（请在原稿中修改）"}));
      acts.append(el("button", {class: "ignore-once", onclick: () => decide(f, "ignore")}, "本次忽略"),
                  el("button", {class: "ignore-always", title: "以后校对时不再提示这处写法（" + f.rule + "「" + f.text + "」）",
                                onclick: () => decide(f, "ignore_always")}, "总是忽略"));
    }
    box.append(acts);
    if (rule.description) box.append(el("p", {}, el("span", {class: "k", text: "说明："}), rule.description));
    if (rule.source) box.append(el("p", {}, el("span", {class: "k", text: "依据："}), rule.source));
    box.append(el("p", {}, el("span", {class: "k", text: "位置："}), f.place + (f.text ? "「" + f.text + "」" : "")));
  }

  function renderAll() { renderText(); renderGroups(); renderDetail(); }

  function select(i, scroll) {
    selected = i;
    renderAll();
    if (scroll) {
      const m = document.querySelector('#doc-text [data-i="' + i + '"]');
      if (m) m.scrollIntoView({block: "center", behavior: "smooth"});
    } else {
      const m = document.querySelector('#groups [data-i="' + i + '"]');
      if (m) m.scrollIntoView({block: "nearest"});
    }
  }

  async function decide(f, action, replacement) {
    const res = await GW.post("/api/check/" + data.id + "/decide", {index: f.index, action, replacement});
    if (res.error) { GW.status($("check-status"), res.error, "bad"); return; }
    if (action === "ignore_always") selected = null;
    else {  // move on to the next open finding
      const next = res.findings.find((x) => !x.decision && x.index !== f.index);
      if (action !== "undo" && next) selected = next.index;
    }
    show(res);
  }

  for (const id of ["dl-reviewed", "dl-comments", "dl-fixed", "dl-errata", "dl-safe"]) {
    $(id).addEventListener("click", async (ev) => {
      // fetch first so an error is shown in Chinese instead of a raw JSON page
      ev.preventDefault();
      const a = ev.currentTarget;
      GW.status($("check-status"), "正在生成……", "busy");
      const r = await fetch(a.href, {credentials: "same-origin"});
      if (!r.ok) {
        let msg = "下载失败";
        try { msg = (await r.json()).error || msg; } catch (e) {}
        GW.status($("check-status"), msg, "bad");
        return;
      }
      const blob = await r.blob();
      const cd = r.headers.get("Content-Disposition") || "";
      const m = /filename\*=UTF-8''([^;]+)/.exec(cd);
      const link = el("a", {href: URL.createObjectURL(blob), download: m ? decodeURIComponent(m[1]) : "下载"});
      document.body.append(link);
      link.click();
      link.remove();
      GW.status($("check-status"), "已下载", "ok");
    });
  }
})();

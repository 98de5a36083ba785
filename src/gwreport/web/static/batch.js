// 批量 page: fill-in table, upload, live progress by server-sent events, failed rows, zip.
"use strict";
(() => {
  const $ = (id) => document.getElementById(id);
  const el = GW.el;

  (async () => {
    const res = await GW.get("/api/genres");
    if (res.error) { GW.status($("batch-status"), res.error, "bad"); return; }
    for (const g of res.genres) {
      $("batch-genre").append(el("option", {value: g.id}, g.name));
      $("batch-agg").append(el("option", {value: g.id}, g.name));
    }
    if (res.genres.some((g) => g.id === "website-selfcheck")) $("batch-genre").value = "website-selfcheck";
    tableLink();
  })();
  function tableLink() { $("dl-table").href = "/api/batch/table/" + encodeURIComponent($("batch-genre").value); }
  $("batch-genre").addEventListener("change", tableLink);

  $("batch-go").addEventListener("click", async () => {
    const table = $("batch-table").files[0];
    if (!table) { GW.status($("batch-status"), "请选择填好的填报表", "bad"); return; }
    const fd = new FormData();
    fd.append("genre", $("batch-genre").value);
    fd.append("aggregate", $("batch-agg").value);
    fd.append("force", $("batch-force").checked ? "1" : "0");
    fd.append("table", table);
    for (const [id, name] of [["batch-base", "base"], ["batch-lists", "lists"], ["batch-agg-base", "aggregate_base"]]) {
      const f = $(id).files[0];
      if (f) fd.append(name, f);
    }
    $("batch-go").disabled = true;
    $("dl-zip").hidden = true;
    $("batch-result").textContent = "";
    GW.status($("batch-status"), "正在上传……", "busy");
    const res = await GW.post("/api/batch", fd);
    if (res.error) { $("batch-go").disabled = false; GW.status($("batch-status"), res.error, "bad"); return; }
    GW.status($("batch-status"), "正在读取表格……", "busy");
    follow(res.id);
  });

  function follow(id) {
    const es = new EventSource("/api/batch/" + id + "/events");
    es.onmessage = (ev) => {
      const s = JSON.parse(ev.data);
      const pct = s.total ? Math.round(100 * s.done / s.total) : 0;
      $("bar").firstElementChild.style.width = pct + "%";
      $("batch-count").textContent = s.total
        ? "已完成 " + s.done + " / " + s.total + " 个单位" + (s.failed ? "，失败 " + s.failed + " 个" : "") + (s.last ? "（" + s.last + "）" : "")
        : "正在读取表格……";
      if (s.status === "running") GW.status($("batch-status"), "正在生成（" + s.genre + "）……", "busy");
      if (s.status === "finishing") GW.status($("batch-status"), "正在写汇总表" + ($("batch-agg").value ? "和汇总通报" : "") + "……", "busy");
      if (s.status === "error") { es.close(); done(); GW.status($("batch-status"), "未能生成", "bad"); showError(s.error); }
      if (s.status === "done") { es.close(); done(); show(id, s.summary); }
    };
    es.onerror = () => { es.close(); done(); GW.status($("batch-status"), "与服务器的连接中断，请刷新页面", "bad"); };
  }
  function done() { $("batch-go").disabled = false; }

  function showError(msg) {
    $("batch-result").append(el("div", {class: "messages", text: msg}));
  }

  function show(id, s) {
    const box = $("batch-result");
    box.textContent = "";
    GW.status($("batch-status"), s.failed.length ? "完成，有 " + s.failed.length + " 个单位失败" : "全部成功", s.failed.length ? "bad" : "ok");
    $("dl-zip").href = "/api/batch/" + id + "/zip";
    $("dl-zip").hidden = false;
    box.append(el("p", {class: "res-title", text: "共 " + s.total + " 个单位：成功 " + s.ok + " 个，失败 " + s.failed.length + " 个" +
      (s.skipped.length ? "（另跳过合计行 " + s.skipped.length + " 行）" : "")}));
    if (s.aggregate) box.append(el("p", {}, "汇总通报：", el("b", {text: s.aggregate})));
    for (const e of s.aggregate_errors) box.append(el("div", {class: "messages", text: e}));
    if (s.failed.length) {
      box.append(el("p", {class: "muted small", text: "失败的行（请按原因修改填报表后重新上传）："}));
      const t = el("table", {class: "list", id: "failed-rows"});
      t.append(el("tr", {}, el("th", {text: "行"}), el("th", {text: "单位"}), el("th", {text: "原因"})));
      for (const r of s.failed) {
        t.append(el("tr", {}, el("td", {text: r.source || String(r.row)}), el("td", {text: r.unit || "（单位名称缺失）"}),
          el("td", {}, ...r.errors.map((e) => el("div", {text: e})))));
      }
      box.append(t);
    }
    const warn = s.aggregate_warnings.concat(s.warned.map((w) => (w.unit || "第" + w.row + "行") + "：" + w.warnings.join("；")));
    if (warn.length) {
      box.append(el("p", {class: "muted small", text: "提示："}));
      const ul = el("ul", {class: "small"});
      for (const w of warn) ul.append(el("li", {text: w}));
      box.append(ul);
    }
    box.append(el("p", {class: "muted small", text: "压缩包内：" + s.files.join("、")}));
  }

  for (const id of ["dl-table", "dl-zip"]) {
    $(id).addEventListener("click", async (ev) => {
      ev.preventDefault();
      const r = await fetch(ev.currentTarget.href, {credentials: "same-origin"});
      if (!r.ok) { GW.status($("batch-status"), (await r.json()).error || "下载失败", "bad"); return; }
      const m = /filename\*=UTF-8''([^;]+)/.exec(r.headers.get("Content-Disposition") || "");
      const a = el("a", {href: URL.createObjectURL(await r.blob()), download: m ? decodeURIComponent(m[1]) : "下载"});
      document.body.append(a);
      a.click();
      a.remove();
    });
  }
})();

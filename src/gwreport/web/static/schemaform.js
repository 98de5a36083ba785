// A form from a genre's JSON Schema: Chinese titles and descriptions, required marks, enums as
// selects, dates as date inputs, lists of records as editable rows. Each field carries
// data-path in the CLI's notation (problems[1].detail) so messages land beside it.
"use strict";
const SchemaForm = (() => {
  const el = GW.el;
  const join = (path, key) => (path ? path + "." + key : key);
  const isScalar = (n) => n && n.type !== "object" && n.type !== "array";
  const empty = (v) => v === undefined || v === null || v === "" ||
    (Array.isArray(v) && !v.length) || (typeof v === "object" && !Array.isArray(v) && !Object.keys(v).length);

  function labelOf(node, key) { return node.title || key; }

  function input(node, value, path) {
    let e;
    if (node.enum) {
      e = el("select", {"data-path": path}, el("option", {value: ""}, "（未选择）"),
             ...node.enum.map((x) => el("option", {value: String(x)}, String(x))));
      e.value = value === undefined ? "" : String(value);
      return {el: e, get: () => (e.value === "" ? undefined : node.enum.find((x) => String(x) === e.value))};
    }
    if (node.type === "boolean") {
      e = el("input", {type: "checkbox", "data-path": path});
      e.checked = value === true;
      return {el: e, get: () => (e.checked ? true : undefined)};
    }
    if (node.type === "integer" || node.type === "number") {
      // text, not type=number: what the clerk typed reaches the server, which says what is wrong
      e = el("input", {type: "text", inputmode: "numeric", "data-path": path});
      e.value = value === undefined ? "" : String(value);
      return {el: e, get: () => {
        const t = e.value.trim();
        if (t === "") return undefined;
        const n = Number(t);
        return Number.isFinite(n) && /^-?\d+(\.\d+)?$/.test(t) ? n : t;
      }};
    }
    const isDate = node.format === "date" && (value === undefined || /^\d{4}-\d{2}-\d{2}$/.test(String(value)));
    if (node.maxLength && node.maxLength >= 200) e = el("textarea", {rows: 3, "data-path": path});
    else e = el("input", {type: isDate ? "date" : "text", "data-path": path});
    e.value = value === undefined ? "" : String(value);
    return {el: e, get: () => (e.value.trim() === "" ? undefined : e.value)};
  }

  function field(node, key, value, path, required) {
    const w = build(node, value, path);
    if (!isScalar(node)) return w;
    const id = "f-" + path.replace(/[^\w]/g, "_");
    w.el.id = id;
    const box = el("div", {class: "fld", "data-field": path},
      el("label", {for: id}, labelOf(node, key), required ? el("span", {class: "req", text: "*"}) : null),
      w.el,
      node.description ? el("div", {class: "desc", text: node.description}) : null,
      el("div", {class: "msg"}));
    return {el: box, get: w.get};
  }

  function object(node, value, path, title, required) {
    const props = node.properties || {};
    const req = new Set(node.required || []);
    const kids = [];
    const fs = el(path ? "fieldset" : "div", {"data-field": path || "（根）", class: path ? "" : "root"});
    if (title) fs.append(el("legend", {}, title, required ? el("span", {class: "req", text: "*"}) : null));
    if (node.description && path) fs.append(el("div", {class: "desc muted small", text: node.description}));
    fs.append(el("div", {class: "msg list-msg"}));
    for (const [k, sub] of Object.entries(props)) {
      if (!path && k === "genre") continue;
      const v = value && typeof value === "object" ? value[k] : undefined;
      const w = isScalar(sub) ? field(sub, k, v, join(path, k), req.has(k))
                              : build(sub, v, join(path, k), labelOf(sub, k), req.has(k));
      kids.push([k, w]);
      fs.append(w.el);
    }
    return {el: fs, get: () => {
      const out = {};
      for (const [k, w] of kids) { const v = w.get(); if (!empty(v)) out[k] = v; }
      return Object.keys(out).length ? out : undefined;
    }};
  }

  function array(node, value, path, title, required) {
    const item = node.items || {type: "string"};
    const box = el("fieldset", {"data-field": path, class: "arr"});
    box.append(el("legend", {}, title || path, required ? el("span", {class: "req", text: "*"}) : null));
    if (node.description) box.append(el("div", {class: "desc muted small", text: node.description}));
    box.append(el("div", {class: "msg list-msg"}));
    const body = el("div");
    box.append(body);
    let rows = [];
    const scalarRecord = item.type === "object" && Object.values(item.properties || {}).every(isScalar);
    const addLabel = "+ 添加" + (item.title || "一项");

    function render(values) {
      body.textContent = "";
      rows = [];
      if (isScalar(item)) {
        body.className = "arr-scalar";
        values.forEach((v, i) => {
          const w = input(item, v, path + "[" + (i + 1) + "]");
          rows.push(w);
          body.append(el("div", {class: "item", "data-field": path + "[" + (i + 1) + "]"}, w.el,
            el("button", {type: "button", class: "rowbtn", title: "删除这一项", onclick: () => remove(i)}, "×"),
            el("div", {class: "msg list-msg"})));
        });
      } else if (scalarRecord) {
        const props = Object.entries(item.properties || {});
        const req = new Set(item.required || []);
        const table = el("table", {class: "rows"});
        table.append(el("tr", {}, el("th", {text: "#"}),
          ...props.map(([k, n]) => el("th", {title: n.description || ""}, labelOf(n, k), req.has(k) ? el("span", {class: "req", text: "*"}) : null)),
          el("th")));
        values.forEach((v, i) => {
          const p = path + "[" + (i + 1) + "]";
          const cells = props.map(([k, n]) => [k, input(n, v ? v[k] : undefined, p + "." + k)]);
          rows.push({get: () => {
            const o = {};
            for (const [k, w] of cells) { const x = w.get(); if (!empty(x)) o[k] = x; }
            return Object.keys(o).length ? o : undefined;
          }});
          table.append(el("tr", {"data-field": p}, el("td", {text: String(i + 1)}),
            ...cells.map(([k, w]) => el("td", {"data-field": p + "." + k}, w.el, el("div", {class: "msg list-msg"}))),
            el("td", {}, el("button", {type: "button", class: "rowbtn", title: "删除这一行", onclick: () => remove(i)}, "×"))));
        });
        body.append(table);
      } else {
        values.forEach((v, i) => {
          const p = path + "[" + (i + 1) + "]";
          const w = build(item, v, p);
          rows.push(w);
          body.append(el("div", {class: "card", "data-field": p},
            el("div", {class: "card-head"}, el("span", {text: "第 " + (i + 1) + " 项"}),
              el("button", {type: "button", class: "rowbtn", onclick: () => remove(i)}, "删除")), w.el));
        });
      }
      body.append(el("button", {type: "button", class: "rowbtn add", onclick: add}, addLabel));
    }
    const current = () => rows.map((w) => w.get());
    function add() { const v = current(); v.push(undefined); render(v); }
    function remove(i) { const v = current(); v.splice(i, 1); render(v); }
    render(Array.isArray(value) ? value : []);
    return {el: box, get: () => {
      const v = current().filter((x) => !empty(x));
      return v.length ? v : (rows.length ? [] : undefined);
    }};
  }

  function build(node, value, path, title, required) {
    if (node.type === "object") return object(node, value, path, title, required);
    if (node.type === "array") return array(node, value, path, title, required);
    return input(node, value, path);
  }

  // messages beside their fields: the nearest field on the path, else the general list
  function showProblems(form, problems) {
    for (const m of form.querySelectorAll(".msg")) m.textContent = "";
    for (const b of form.querySelectorAll(".bad")) b.classList.remove("bad");
    const general = [];
    for (const p of problems) {
      let path = p.path, box = null;
      while (path) {
        box = form.querySelector('[data-field="' + CSS.escape(path) + '"]');
        if (box) break;
        const up = path.replace(/(\.[^.\[\]]+|\[\d+\])$/, "");
        if (up === path) break;
        path = up;
      }
      const msg = box && box.querySelector(":scope > .msg");
      if (msg) {
        msg.textContent = (msg.textContent ? msg.textContent + "；" : "") + p.message;
        box.classList.add("bad");
      } else general.push(p);
    }
    return general;
  }

  function focus(form, path) {
    while (path) {
      const box = form.querySelector('[data-field="' + CSS.escape(path) + '"]');
      if (box) {
        box.scrollIntoView({block: "center"});
        box.classList.add("flash");
        setTimeout(() => box.classList.remove("flash"), 1300);
        const i = box.querySelector("input,select,textarea");
        if (i) i.focus({preventScroll: true});
        return;
      }
      path = path.replace(/(\.[^.\[\]]+|\[\d+\])$/, "");
    }
  }

  return {build, showProblems, focus};
})();

/// The web console, served by pdm itself (no CDN): the alarm list with acknowledge and shelve, and
/// per-asset trend charts of the health indicator and RUL, kept live over `/api/v1/live`.
enum ConsoleAssets {
    static let indexHTML = #"""
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>pdm console</title>
<link rel="stylesheet" href="/console.css">
</head>
<body data-live="false">
<header>
  <a href="#/" class="brand">pdm</a>
  <nav><a href="#/">Alarms</a></nav>
  <span id="live" class="live">connecting…</span>
  <label class="token">Token <input id="token" type="password" autocomplete="off" placeholder="access token"></label>
</header>
<main id="main"></main>
<script src="/console.js"></script>
</body>
</html>
"""#

    static let script = #"""
// pdm console: the alarm list and asset pages, kept live over a WebSocket.
(function () {
  "use strict";
  const main = document.getElementById("main");
  const tokenInput = document.getElementById("token");
  const params = new URLSearchParams(location.hash.replace(/^#[^?]*\??/, "") || location.search.slice(1));
  if (params.get("token")) localStorage.setItem("pdm-token", params.get("token"));
  tokenInput.value = localStorage.getItem("pdm-token") || "";
  tokenInput.addEventListener("change", () => localStorage.setItem("pdm-token", tokenInput.value));

  const text = (value) => document.createTextNode(value == null ? "" : String(value));
  const element = (name, attributes, children) => {
    const node = document.createElement(name);
    for (const [key, value] of Object.entries(attributes || {})) {
      if (key.startsWith("on")) node.addEventListener(key.slice(2), value); else node.setAttribute(key, value);
    }
    for (const child of children || []) node.appendChild(typeof child === "object" ? child : text(child));
    return node;
  };
  const time = (seconds) => new Date(seconds * 1000).toLocaleString();
  const number = (value) => value == null ? "–" : Number(value).toPrecision(4).replace(/\.?0+$/, "");

  async function command(alarm, action, body) {
    const response = await fetch(`/api/v1/alarms/${encodeURIComponent(alarm.asset)}/${encodeURIComponent(alarm.rule)}/${action}`, {
      method: "POST",
      headers: { "Authorization": "Bearer " + tokenInput.value, "Content-Type": "application/json" },
      body: JSON.stringify(body || {}),
    });
    const answer = await response.json().catch(() => ({}));
    if (!response.ok) alert(`${action}: ${answer.result || (answer.error && answer.error.message) || response.status}`);
    render();
  }

  /// Reads carry the token too when the service requires one.
  function readHeaders() {
    return tokenInput.value ? { "Authorization": "Bearer " + tokenInput.value } : {};
  }

  async function renderAlarms() {
    const response = await fetch("/api/v1/alarms?limit=500", { headers: readHeaders() });
    const page = await response.json();
    const alarms = page.alarms.sort((a, b) => b.priority_rank - a.priority_rank || b.changed_at - a.changed_at);
    const rows = alarms.map((alarm) => element("tr", {
      "data-key": `${alarm.asset}/${alarm.rule}`, "data-state": alarm.state, "data-priority": alarm.priority,
    }, [
      element("td", { class: "priority" }, [alarm.priority]),
      element("td", { class: "state" }, [alarm.state.replace(/_/g, " ")]),
      element("td", {}, [element("a", { href: `#/asset/${encodeURIComponent(alarm.asset)}` }, [alarm.asset])]),
      element("td", {}, [alarm.rule]),
      element("td", {}, [number(alarm.value)]),
      element("td", {}, [alarm.message]),
      element("td", {}, [time(alarm.changed_at)]),
      element("td", {}, [
        alarm.acknowledged ? "" : element("button", { class: "ack", onclick: () => command(alarm, "ack") }, ["Ack"]),
        alarm.state === "shelved"
          ? element("button", { class: "unshelve", onclick: () => command(alarm, "unshelve") }, ["Unshelve"])
          : element("button", { class: "shelve", onclick: () => {
              const reason = prompt("Shelve for 1 hour. Reason:");
              if (reason) command(alarm, "shelve", { reason, duration: "1h" });
            } }, ["Shelve 1h"]),
      ]),
    ]));
    main.replaceChildren(
      element("h2", {}, ["Alarms"]),
      alarms.length === 0 ? element("p", { class: "empty" }, ["No alarm needs attention."]) :
        element("table", { id: "alarms" }, [
          element("thead", {}, [element("tr", {}, ["Priority", "State", "Asset", "Rule", "Value", "Message", "Since", ""]
            .map((title) => element("th", {}, [title])))]),
          element("tbody", {}, rows),
        ]));
  }

  // A line chart in SVG: series of {x, y}, with an optional band {x, low, high}.
  function chart(title, points, series, band) {
    const width = 900, height = 240, pad = 40;
    const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    svg.setAttribute("class", "chart");
    svg.setAttribute("data-points", String(points.length));
    if (points.length === 0) return element("p", { class: "empty" }, [`${title}: no estimate yet`]);
    const xs = points.map((p) => p.time);
    const values = points.flatMap((p) => series.map((s) => p[s.key]).concat(band ? [p[band.low], p[band.high]] : []));
    const x0 = Math.min(...xs), x1 = Math.max(...xs, x0 + 1);
    const y0 = Math.min(0, ...values), y1 = Math.max(...values, y0 + 1);
    const sx = (x) => pad + (x - x0) / (x1 - x0) * (width - 2 * pad);
    const sy = (y) => height - pad - (y - y0) / (y1 - y0) * (height - 2 * pad);
    const path = (key) => points.map((p, i) => `${i ? "L" : "M"}${sx(p.time).toFixed(1)},${sy(p[key]).toFixed(1)}`).join("");
    const add = (name, attributes, content) => {
      const node = document.createElementNS("http://www.w3.org/2000/svg", name);
      for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
      if (content) node.textContent = content;
      svg.appendChild(node);
    };
    add("line", { class: "axis", x1: pad, y1: height - pad, x2: width - pad, y2: height - pad });
    add("line", { class: "axis", x1: pad, y1: pad, x2: pad, y2: height - pad });
    if (band) {
      const upper = points.map((p, i) => `${i ? "L" : "M"}${sx(p.time).toFixed(1)},${sy(p[band.high]).toFixed(1)}`).join("");
      const lower = points.slice().reverse().map((p) => `L${sx(p.time).toFixed(1)},${sy(p[band.low]).toFixed(1)}`).join("");
      add("path", { class: "band", d: upper + lower + "Z" });
    }
    for (const s of series) add("path", { class: s.class, d: path(s.key) });
    add("text", { x: pad, y: pad - 10 }, `${title} (${number(y0)} – ${number(y1)})`);
    add("text", { x: pad, y: height - 10 }, time(x0));
    add("text", { x: width - pad - 140, y: height - 10 }, time(x1));
    return svg;
  }

  async function renderAsset(asset) {
    const response = await fetch(`/api/v1/assets/${encodeURIComponent(asset)}`, { headers: readHeaders() });
    const detail = await response.json();
    const unit = detail.estimates.length ? detail.estimates[detail.estimates.length - 1].unit : "";
    const last = detail.estimates[detail.estimates.length - 1];
    main.replaceChildren(
      element("h2", {}, [asset]),
      element("p", { id: "rul" }, [last ? `Remaining useful life ${number(last.rul)} ${unit} (${number(last.lower)} – ${number(last.upper)})` : "No estimate yet."]),
      chart(`RUL (${unit}) with its interval`, detail.estimates, [{ key: "rul", class: "median" }], { low: "lower", high: "upper" }),
      chart("Health indicator", detail.estimates, [{ key: "hi", class: "hi" }]),
      element("h3", {}, ["Indicators"]),
      detail.indicators.length === 0 ? element("p", { class: "empty" }, ["No reading yet."]) :
        element("table", { id: "indicators" }, [
          element("thead", {}, [element("tr", {}, ["Channel", "Last", "Mean", "Std dev", "Min", "Max", "Slope", "Anomaly", "At"]
            .map((title) => element("th", {}, [title])))]),
          element("tbody", {}, detail.indicators.map((i) => element("tr", { "data-channel": i.channel }, [
            i.channel, number(i.value), number(i.mean), number(i.standard_deviation), number(i.minimum), number(i.maximum),
            number(i.slope), i.anomaly ? number(i.anomaly.score) : "learning", time(i.time),
          ].map((cell) => element("td", {}, [cell]))))),
        ]),
      element("h3", {}, ["Alarms"]),
      detail.alarms.length === 0 ? element("p", { class: "empty" }, ["None."]) :
        element("ul", {}, detail.alarms.map((a) => element("li", {}, [`${a.priority} ${a.rule}: ${a.state.replace(/_/g, " ")}`]))));
  }

  function render() {
    const match = location.hash.match(/^#\/asset\/([^?]+)/);
    const work = match ? renderAsset(decodeURIComponent(match[1])) : renderAlarms();
    return work.catch((error) => main.replaceChildren(element("p", { class: "error" }, [String(error)])));
  }

  let pending = null;
  function refreshSoon() {
    // A burst of events costs one reload.
    if (pending) return;
    pending = setTimeout(() => { pending = null; render(); }, 100);
  }

  function connect() {
    // Browsers cannot give a WebSocket an Authorization header: the token goes in the query.
    const query = tokenInput.value ? `?access_token=${encodeURIComponent(tokenInput.value)}` : "";
    const socket = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/api/v1/live${query}`);
    const live = document.getElementById("live");
    socket.onopen = () => { document.body.dataset.live = "true"; live.textContent = "live"; render(); };
    socket.onmessage = (message) => {
      const update = JSON.parse(message.data);
      const onAsset = location.hash.match(/^#\/asset\/([^?]+)/);
      if (update.type === "alarm" || (update.type === "rul" && onAsset && decodeURIComponent(onAsset[1]) === update.estimate.asset)) {
        refreshSoon();
      }
    };
    socket.onclose = () => {
      document.body.dataset.live = "false";
      live.textContent = "reconnecting…";
      setTimeout(connect, 2000);
    };
  }

  window.addEventListener("hashchange", render);
  render();
  connect();
})();
"""#

    static let stylesheet = #"""
:root { --bg: #101418; --panel: #182028; --text: #e6edf3; --muted: #8b98a5; --line: #2a3642;
        --emergency: #ff4d4f; --high: #ff9f1a; --medium: #f5d90a; --low: #4ea8ff; --diagnostic: #8b98a5; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.4 system-ui, sans-serif; background: var(--bg); color: var(--text); }
header { display: flex; gap: 1.5rem; align-items: center; padding: .6rem 1rem; background: var(--panel); border-bottom: 1px solid var(--line); }
header .brand { font-weight: 700; font-size: 1.2rem; color: var(--text); text-decoration: none; }
header nav a { color: var(--muted); text-decoration: none; }
header .live { margin-left: auto; color: var(--muted); }
body[data-live="true"] header .live { color: #3fb950; }
header input { background: var(--bg); color: var(--text); border: 1px solid var(--line); padding: .2rem .4rem; }
main { padding: 1rem; }
table { width: 100%; border-collapse: collapse; }
th, td { text-align: left; padding: .4rem .6rem; border-bottom: 1px solid var(--line); }
th { color: var(--muted); font-weight: 500; }
td.priority { font-weight: 700; text-transform: uppercase; font-size: .8rem; }
tr[data-priority="emergency"] td.priority { color: var(--emergency); }
tr[data-priority="high"] td.priority { color: var(--high); }
tr[data-priority="medium"] td.priority { color: var(--medium); }
tr[data-priority="low"] td.priority { color: var(--low); }
tr[data-state="active_unacknowledged"] td.state, tr[data-state="returned_unacknowledged"] td.state { font-weight: 700; }
button { background: var(--panel); color: var(--text); border: 1px solid var(--line); padding: .2rem .6rem; cursor: pointer; }
button:hover { border-color: var(--muted); }
a { color: #58a6ff; }
.empty, .note { color: var(--muted); }
.error { color: var(--emergency); }
.chart { background: var(--panel); border: 1px solid var(--line); margin: .5rem 0 1.5rem; }
.chart .band { fill: rgba(88, 166, 255, .2); }
.chart .median { fill: none; stroke: #58a6ff; stroke-width: 2; }
.chart .hi { fill: none; stroke: #ff9f1a; stroke-width: 2; }
.chart .axis { stroke: var(--line); }
.chart text { fill: var(--muted); font-size: 11px; }
"""#
}

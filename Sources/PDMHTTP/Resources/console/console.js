// pdm console: the fleet, each asset, the alarm list and the alarm-system KPIs, kept live over a
// WebSocket. Plant data (readings, estimates, predicted failures) is shown in the readings' time;
// alarm changes in the service's time, as "ago".
(function () {
  "use strict";
  const main = document.getElementById("main");
  const tokenInput = document.getElementById("token");
  const params = new URLSearchParams(location.hash.replace(/^#[^?]*\??/, "") || location.search.slice(1));
  if (params.get("token")) localStorage.setItem("pdm-token", params.get("token"));
  tokenInput.value = localStorage.getItem("pdm-token") || "";
  tokenInput.addEventListener("change", () => { localStorage.setItem("pdm-token", tokenInput.value); render(); });

  // ---- Building blocks ------------------------------------------------------------------------

  const text = (value) => document.createTextNode(value == null ? "" : String(value));
  const element = (name, attributes, children) => {
    const node = document.createElement(name);
    for (const [key, value] of Object.entries(attributes || {})) {
      if (value == null) continue;
      if (key.startsWith("on")) node.addEventListener(key.slice(2), value); else node.setAttribute(key, value);
    }
    for (const child of children || []) {
      if (child != null) node.appendChild(typeof child === "object" ? child : text(child));
    }
    return node;
  };
  const number = (value) => {
    if (value == null || !isFinite(value)) return "–";
    if (Math.abs(value) >= 10000) return Math.round(value).toLocaleString("en-US");
    return Number(value).toPrecision(4).replace(/(\.\d*?)0+$/, "$1").replace(/\.$/, "");
  };
  const pad = (n) => String(n).padStart(2, "0");
  /// A time as YYYY-MM-DD HH:MM in the browser's zone.
  const date = (seconds) => {
    const d = new Date(seconds * 1000);
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
  };
  const ago = (seconds) => {
    const age = Math.max(0, Date.now() / 1000 - seconds);
    if (age < 90) return `${Math.round(age)} s ago`;
    if (age < 5400) return `${Math.round(age / 60)} min ago`;
    if (age < 172800) return `${Math.round(age / 3600)} h ago`;
    return `${Math.round(age / 86400)} d ago`;
  };
  const unitSeconds = { s: 1, min: 60, h: 3600, d: 86400 };
  /// A remaining life in people's units: minutes, hours or days when its unit is a time.
  const life = (value, unit) => {
    if (value == null) return "–";
    const scale = unitSeconds[unit];
    if (!scale) return `${number(value)} ${unit}`;
    const seconds = value * scale;
    if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
    if (seconds < 172800) return `${(seconds / 3600).toFixed(seconds < 36000 ? 1 : 0)} h`;
    return `${(seconds / 86400).toFixed(seconds < 864000 ? 1 : 0)} days`;
  };
  /// When the estimate says the machine fails (plant time), or null when its unit is not a time.
  const failureTime = (point, value) => unitSeconds[point.unit] ? point.time + (value ?? point.rul) * unitSeconds[point.unit] : null;
  const priorities = ["emergency", "high", "medium", "low", "diagnostic"];

  async function api(path) {
    const response = await fetch(path, { headers: tokenInput.value ? { "Authorization": "Bearer " + tokenInput.value } : {} });
    if (response.status === 401) throw new Error("This pdm needs an access token: enter it at the top right.");
    if (!response.ok) throw new Error(`${path}: ${response.status}`);
    return response.json();
  }

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

  // ---- Fleet ----------------------------------------------------------------------------------

  /// green, amber or red, and why.
  function health(asset) {
    const counts = asset.alarms_by_priority || {};
    if (counts.emergency || counts.high) return ["red", "high-priority alarm"];
    const lowerSeconds = asset.rul && !asset.rul.beyond_horizon && unitSeconds[asset.rul.unit]
      ? asset.rul.lower * unitSeconds[asset.rul.unit] : null;
    if (lowerSeconds != null && lowerSeconds < 3 * 86400) return ["red", "may fail within 3 days"];
    if (asset.active_alarms > 0) return ["amber", "alarms"];
    if (lowerSeconds != null && lowerSeconds < 14 * 86400) return ["amber", "may fail within 14 days"];
    return ["green", "normal"];
  }

  function diagnosis(indicators) {
    const found = (indicators || []).find((i) => i.fault && i.fault !== "healthy");
    return found ? found.fault.replace(/_/g, " ") : "";
  }

  /// Most urgent first: the worst alarm, then the shortest lower bound of life, then the name.
  function urgency(a, b) {
    const lower = (x) => x.rul && !x.rul.beyond_horizon && unitSeconds[x.rul.unit] ? x.rul.lower * unitSeconds[x.rul.unit] : Infinity;
    return (b.priority_rank - a.priority_rank) || (lower(a) - lower(b)) || a.asset.localeCompare(b.asset);
  }

  const fleetFilter = { search: "", area: "", assetClass: "" };

  async function renderFleet() {
    const searching = document.activeElement && document.activeElement.id === "fleet-search";
    const assets = (await api("/api/v1/assets")).sort(urgency);
    const areas = [...new Set(assets.map((a) => a.area))].sort();
    const classes = [...new Set(assets.map((a) => a.asset_class).filter(Boolean))].sort();
    const shown = assets.filter((a) => (!fleetFilter.search || a.asset.toLowerCase().includes(fleetFilter.search.toLowerCase()))
      && (!fleetFilter.area || a.area === fleetFilter.area) && (!fleetFilter.assetClass || a.asset_class === fleetFilter.assetClass));
    const select = (label, value, options, set) => element("label", {}, [label + " ", element("select", {
      onchange: (event) => { set(event.target.value); render(); },
    }, [element("option", { value: "" }, ["all"]), ...options.map((o) => element("option", o === value ? { value: o, selected: "" } : { value: o }, [o]))])]);
    const search = element("input", { type: "search", id: "fleet-search", placeholder: "asset name", value: fleetFilter.search });
    search.addEventListener("input", () => { fleetFilter.search = search.value; refreshSoon(); });
    const rows = shown.map((asset) => {
      const [colour, why] = health(asset);
      const counts = priorities.filter((p) => (asset.alarms_by_priority || {})[p]).map((p) => `${asset.alarms_by_priority[p]} ${p}`);
      const failure = asset.rul ? failureTime(asset.rul) : null;
      return element("tr", { "data-asset": asset.asset, "data-health": colour }, [
        element("td", { class: "health", title: why }, [element("span", { class: `dot ${colour}` }), why]),
        element("td", {}, [element("a", { href: `#/asset/${encodeURIComponent(asset.asset)}` }, [asset.asset])]),
        element("td", {}, [asset.area]),
        element("td", {}, [asset.asset_class || ""]),
        element("td", { class: "rul" }, !asset.rul ? ["no estimate"] : asset.rul.beyond_horizon
          ? [`beyond ${life(asset.rul.rul, asset.rul.unit)} (no degradation seen)`]
          : [element("strong", {}, [`≥ ${life(asset.rul.lower, asset.rul.unit)}`]), ` (median ${life(asset.rul.rul, asset.rul.unit)})`]),
        element("td", { class: "failure" }, [!failure ? "–" : asset.rul.beyond_horizon ? `after ${date(failure)}` : date(failure)]),
        element("td", {}, [counts.length ? counts.join(", ") : "none"]),
        element("td", {}, (asset.tickets || []).map((t) => {
          const label = `${t.receiver} #${Object.values(t.fields)[0] || "?"}`;
          return t.url ? element("a", { class: "ticket", href: t.url, target: "_blank", rel: "noopener", title: t.rule }, [label])
            : element("span", { class: "ticket", title: t.rule }, [label]);
        })),
        element("td", { class: "diagnosis" }, [diagnosis(asset.indicators)]),
      ]);
    });
    main.replaceChildren(
      element("h2", {}, ["Fleet"]),
      element("div", { class: "filters" }, [search, select("Area", fleetFilter.area, areas, (v) => { fleetFilter.area = v; }),
        select("Class", fleetFilter.assetClass, classes, (v) => { fleetFilter.assetClass = v; })]),
      shown.length === 0 ? element("p", { class: "empty" }, [assets.length ? "No asset matches." : "No asset has reported yet."]) :
        element("table", { id: "fleet" }, [
          element("thead", {}, [element("tr", {}, ["Health", "Asset", "Area", "Class", "Remaining life (95 % lower bound)",
            "Predicted failure (plant time)", "Active alarms", "Ticket", "Diagnosis"].map((t) => element("th", {}, [t])))]),
          element("tbody", {}, rows),
        ]),
      element("p", { class: "note" }, ["Most urgent first: the worst active alarm, then the shortest lower bound of remaining life."]));
    if (searching) {
      search.focus();
      search.setSelectionRange(search.value.length, search.value.length);
    }
  }

  // ---- Charts ---------------------------------------------------------------------------------

  /// Round steps for an axis from `low` to `high`.
  function ticks(low, high, count) {
    const span = high - low || 1;
    const raw = span / count, magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
    const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) || raw;
    const values = [];
    for (let v = Math.ceil(low / step) * step; v <= high + step * 1e-9; v += step) values.push(v);
    return values;
  }

  /// A line chart in SVG over plant time: series [{key, class, label}], an optional band
  /// {low, high}, an optional horizontal line {value, label}, markers [{time, label}].
  function chart(id, title, unit, points, series, options) {
    options = options || {};
    if (points.length === 0) return element("p", { class: "empty" }, [`${title}: no estimate yet`]);
    const width = 900, height = 260, left = 64, right = 16, top = 28, bottom = 40;
    const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    svg.setAttribute("class", "chart");
    svg.setAttribute("id", id);
    svg.setAttribute("data-points", String(points.length));
    const add = (name, attributes, content) => {
      const node = document.createElementNS("http://www.w3.org/2000/svg", name);
      for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
      if (content != null) node.textContent = content;
      svg.appendChild(node);
      return node;
    };
    const xs = points.map((p) => p.time);
    const values = points.flatMap((p) => series.map((s) => p[s.key])
      .concat(options.band ? [p[options.band.low], p[options.band.high]] : [])).filter((v) => v != null && isFinite(v));
    if (options.line && isFinite(options.line.value)) values.push(options.line.value);
    const x0 = Math.min(...xs), x1 = Math.max(...xs, x0 + 1);
    const y0 = Math.min(0, ...values), y1 = Math.max(...values, y0 + 1e-9) * 1.05;
    const sx = (x) => left + (x - x0) / (x1 - x0) * (width - left - right);
    const sy = (y) => height - bottom - (y - y0) / (y1 - y0) * (height - top - bottom);
    const path = (key) => points.filter((p) => p[key] != null).map((p, i) => `${i ? "L" : "M"}${sx(p.time).toFixed(1)},${sy(p[key]).toFixed(1)}`).join("");
    add("text", { x: left, y: 16, class: "title" }, `${title}${unit ? ` (${unit})` : ""}`);
    for (const v of ticks(y0, y1, 5)) {
      add("line", { class: "grid", x1: left, x2: width - right, y1: sy(v), y2: sy(v) });
      add("text", { x: left - 6, y: sy(v) + 4, "text-anchor": "end", class: "tick" }, number(v));
    }
    const timeTicks = 5;
    for (let i = 0; i <= timeTicks; i++) {
      const t = x0 + (x1 - x0) * i / timeTicks;
      add("line", { class: "grid", x1: sx(t), x2: sx(t), y1: top, y2: height - bottom });
      add("text", { x: sx(t), y: height - bottom + 16, "text-anchor": i === 0 ? "start" : i === timeTicks ? "end" : "middle", class: "tick" }, date(t));
    }
    add("text", { x: width - right, y: height - 4, "text-anchor": "end", class: "tick" }, "plant time");
    add("line", { class: "axis", x1: left, y1: height - bottom, x2: width - right, y2: height - bottom });
    add("line", { class: "axis", x1: left, y1: top, x2: left, y2: height - bottom });
    if (options.band) {
      const upper = points.map((p, i) => `${i ? "L" : "M"}${sx(p.time).toFixed(1)},${sy(p[options.band.high]).toFixed(1)}`).join("");
      const lower = points.slice().reverse().map((p) => `L${sx(p.time).toFixed(1)},${sy(p[options.band.low]).toFixed(1)}`).join("");
      add("path", { class: "band", d: upper + lower + "Z" });
    }
    if (options.line && isFinite(options.line.value)) {
      add("line", { class: "threshold", x1: left, x2: width - right, y1: sy(options.line.value), y2: sy(options.line.value) });
      add("text", { x: width - right - 4, y: sy(options.line.value) - 4, "text-anchor": "end", class: "threshold-label" }, options.line.label);
    }
    for (const s of series) add("path", { class: s.class, d: path(s.key) });
    for (const marker of options.markers || []) {
      if (marker.time < x0 || marker.time > x1) continue;
      add("line", { class: `marker ${marker.priority}`, x1: sx(marker.time), x2: sx(marker.time), y1: top, y2: height - bottom });
      add("text", { x: sx(marker.time) + 3, y: top + 10, class: "marker-label" }, marker.label);
    }
    return svg;
  }

  // ---- One asset ------------------------------------------------------------------------------

  const anomalyHelp = "Anomaly score against the channel's healthy baseline: 0 is normal, 1 is the alarm level " +
    "(beyond what healthy data reaches once per statistics.false_alarm_run_length readings). Up: evidence of a rise " +
    "(degradation); down: of a fall. Until the baseline has its readings (statistics.baseline_readings, after " +
    "baseline_skip start-up readings) the column counts down the readings still needed.";

  async function renderAsset(asset) {
    const detail = await api(`/api/v1/assets/${encodeURIComponent(asset)}`);
    const last = detail.estimates[detail.estimates.length - 1];
    const unit = last ? last.unit : "";
    const failure = last ? failureTime(last) : null;
    // Alarm times are the service's; they mark the plant time line only when the readings are live
    // (a replay or a simulation runs on a time of its own).
    const live = last && Math.abs(last.time - Date.now() / 1000) < 3600;
    const markers = live ? detail.alarms.map((a) => ({ time: a.raised_at, priority: a.priority, label: a.rule })) : [];
    // Remaining lives in days or hours when their unit is a time.
    const scale = unitSeconds[unit] ? (detail.estimates.some((p) => p.rul * unitSeconds[unit] >= 2 * 86400) ? 86400 : 3600) / unitSeconds[unit] : 1;
    const shown = detail.estimates.map((p) => ({ time: p.time, rul: p.rul / scale, lower: p.lower / scale, upper: p.upper / scale, hi: p.hi }));
    const shownUnit = unitSeconds[unit] ? (scale * unitSeconds[unit] === 86400 ? "days" : "h") : unit;
    main.replaceChildren(
      element("h2", {}, [asset, element("span", { class: "subtitle" }, [` ${detail.area}${detail.asset_class ? " · " + detail.asset_class : ""}`])]),
      live ? null : element("p", { class: "note" }, ["The readings run on a time of their own (a replay or a simulation): charts show it; alarm times are the service's."]),
      element("p", { id: "rul" }, last ? [
        "Remaining useful life ", element("strong", {}, [life(last.rul, unit)]),
        ` (90 % interval ${life(last.lower, unit)} – ${life(last.upper, unit)})`,
        failure ? `; predicted failure ${date(failure)} (plant time), not before ${date(failureTime(last, last.lower))}` : "",
      ] : ["No estimate yet."]),
      chart("rul-chart", "Remaining useful life, median and 90 % interval", shownUnit, shown, [{ key: "rul", class: "median" }],
        { band: { low: "lower", high: "upper" }, markers }),
      chart("hi-chart", "Health indicator", "0 as new", detail.estimates, [{ key: "hi", class: "hi" }],
        { line: last && last.threshold != null ? { value: last.threshold, label: `failure threshold ${number(last.threshold)}` } : null, markers }),
      element("h3", {}, ["Indicators"]),
      detail.indicators.length === 0 ? element("p", { class: "empty" }, ["No reading yet."]) :
        element("table", { id: "indicators" }, [
          element("thead", {}, [element("tr", {}, ["Channel", "Unit", "Last", "Mean", "Std dev", "Min", "Max", "Slope / s",
            element("span", { title: anomalyHelp, class: "help" }, ["Anomaly (up / down)"]), "At (plant time)"]
            .map((title) => element("th", {}, [title])))]),
          element("tbody", {}, detail.indicators.map((i) => element("tr", { "data-channel": i.channel }, [
            i.fault ? `${i.channel} (${i.fault.replace(/_/g, " ")})` : i.channel, i.unit || "", number(i.value), number(i.mean),
            number(i.standard_deviation), number(i.minimum), number(i.maximum), number(i.slope),
            i.anomaly ? element("span", { title: anomalyHelp, class: i.anomaly.score >= 1 ? "anomalous" : "" },
              [`${number(i.anomaly.score)} (${number(i.anomaly.upward)} / ${number(i.anomaly.downward)})`])
              : `learning: ${i.baseline_remaining} more reading${i.baseline_remaining === 1 ? "" : "s"}`,
            date(i.time),
          ].map((cell) => element("td", {}, [cell]))))),
        ]),
      element("p", { class: "note" }, [anomalyHelp]),
      element("h3", {}, ["Alarms"]),
      detail.alarms.length === 0 ? element("p", { class: "empty" }, ["None."]) :
        element("ul", {}, detail.alarms.map((a) => element("li", { "data-priority": a.priority },
          [`${a.priority} ${a.rule}: ${a.state.replace(/_/g, " ")} — ${a.message} (${ago(a.changed_at)})`]))));
  }

  // ---- Alarms ---------------------------------------------------------------------------------

  const alarmFilter = { priority: "", state: "", area: "" };
  const shelveDurations = ["15m", "1h", "4h", "8h"];
  let openJournal = null;

  async function renderAlarms() {
    const query = new URLSearchParams({ limit: "500" });
    if (alarmFilter.priority) query.set("priority", alarmFilter.priority);
    if (alarmFilter.state) query.set("state", alarmFilter.state);
    const page = await api(`/api/v1/alarms?${query}`);
    const areas = [...new Set(page.alarms.map((a) => a.area))].sort();
    const alarms = page.alarms.filter((a) => !alarmFilter.area || a.area === alarmFilter.area)
      .sort((a, b) => b.priority_rank - a.priority_rank || b.changed_at - a.changed_at);
    const choose = (label, key, options) => element("label", {}, [label + " ", element("select", {
      id: `filter-${key}`, onchange: (event) => { alarmFilter[key] = event.target.value; render(); },
    }, [element("option", { value: "" }, ["any"]), ...options.map((o) => element("option", o === alarmFilter[key] ? { value: o, selected: "" } : { value: o }, [o.replace(/_/g, " ")]))])]);
    const rows = [];
    for (const alarm of alarms) {
      const key = `${alarm.asset}/${alarm.rule}`;
      const shelve = element("select", { class: "shelve-for", title: "Shelve for" },
        shelveDurations.map((d) => element("option", { value: d }, [d])));
      rows.push(element("tr", {
        "data-key": key, "data-state": alarm.state, "data-priority": alarm.priority, class: "alarm",
        onclick: (event) => { if (event.target.closest("button, select")) return; openJournal = openJournal === key ? null : key; render(); },
      }, [
        element("td", { class: "priority" }, [alarm.priority]),
        element("td", { class: "state" }, [alarm.state.replace(/_/g, " ")]),
        element("td", {}, [element("a", { href: `#/asset/${encodeURIComponent(alarm.asset)}` }, [alarm.asset])]),
        element("td", {}, [alarm.rule]),
        element("td", {}, [alarm.area]),
        element("td", { class: "value" }, [alarm.value == null ? "–" : alarm.channel ? `${number(alarm.value)} ${alarm.unit || ""}`.trim() : life(alarm.value, alarm.unit)]),
        element("td", {}, [alarm.message]),
        element("td", { title: date(alarm.changed_at) }, [ago(alarm.changed_at)]),
        element("td", { class: "actions" }, [
          alarm.acknowledged ? null : element("button", { class: "ack", onclick: () => {
            const comment = prompt(`Acknowledge ${key}. Comment (optional):`, "");
            if (comment !== null) command(alarm, "ack", comment ? { comment } : {});
          } }, ["Ack"]),
          alarm.state === "shelved"
            ? element("button", { class: "unshelve", onclick: () => command(alarm, "unshelve") }, ["Unshelve"])
            : element("span", { class: "shelve" }, [shelve, element("button", { class: "shelve", onclick: () => {
                const reason = prompt(`Shelve ${key} for ${shelve.value}. Reason:`);
                if (reason) command(alarm, "shelve", { reason, duration: shelve.value });
              } }, ["Shelve"])]),
        ]),
      ]));
      if (openJournal === key) rows.push(element("tr", { class: "journal" }, [element("td", { colspan: "9" }, [await journal(alarm)])]));
    }
    main.replaceChildren(
      element("h2", {}, ["Alarms"]),
      element("div", { class: "filters" }, [choose("Priority at least", "priority", priorities),
        choose("State", "state", ["active_unacknowledged", "active_acknowledged", "returned_unacknowledged", "latched", "shelved", "suppressed", "out_of_service"]),
        choose("Area", "area", areas)]),
      alarms.length === 0 ? element("p", { class: "empty" }, ["No alarm needs attention."]) :
        element("table", { id: "alarms" }, [
          element("thead", {}, [element("tr", {}, ["Priority", "State", "Asset", "Rule", "Area", "Value", "Message", "Changed", ""]
            .map((title) => element("th", {}, [title])))]),
          element("tbody", {}, rows),
        ]),
      element("p", { class: "note" }, ["Click an alarm for its journal."]));
  }

  async function journal(alarm) {
    const detail = await api(`/api/v1/alarms/${encodeURIComponent(alarm.asset)}/${encodeURIComponent(alarm.rule)}`);
    return element("ol", { class: "journal-entries" }, detail.journal.map((entry) => element("li", {}, [
      `${date(entry.time)} (service time)  ${entry.from.replace(/_/g, " ")} → ${entry.to.replace(/_/g, " ")}  ${entry.cause.replace(/_/g, " ")}`,
      entry.user ? ` by ${entry.user}` : "", entry.comment ? ` — "${entry.comment}"` : "",
    ])));
  }

  // ---- KPIs -----------------------------------------------------------------------------------

  let kpiHours = 24;

  /// A horizontal bar of `value` against `target` on a scale up to `max`.
  function bar(label, value, target, max, format, id) {
    const width = 520, fill = Math.min(value / max, 1) * width, mark = Math.min(target / max, 1) * width;
    const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    svg.setAttribute("viewBox", `0 0 ${width + 280} 26`);
    svg.setAttribute("class", `kpi-bar ${value > target ? "over" : "within"}`);
    if (id) svg.setAttribute("id", id);
    const add = (name, attributes, content) => {
      const node = document.createElementNS("http://www.w3.org/2000/svg", name);
      for (const [key, v] of Object.entries(attributes)) node.setAttribute(key, v);
      if (content != null) node.textContent = content;
      svg.appendChild(node);
    };
    add("rect", { x: 0, y: 4, width, height: 16, class: "track" });
    add("rect", { x: 0, y: 4, width: Math.max(fill, 1), height: 16, class: "value" });
    add("line", { x1: mark, x2: mark, y1: 0, y2: 24, class: "target" });
    add("text", { x: width + 8, y: 17 }, `${label}: ${format(value)} (target ${format(target)})`);
    return svg;
  }

  async function renderKPIs() {
    const k = await api(`/api/v1/kpis?hours=${kpiHours}`);
    const percent = (v) => `${(v * 100).toFixed(v < 0.1 ? 1 : 0)} %`;
    const topShare = k.bad_actors.reduce((sum, b) => sum + b.share, 0);
    const hours = element("select", { id: "kpi-hours", onchange: (event) => { kpiHours = Number(event.target.value); render(); } },
      [1, 24, 168, 720].map((h) => element("option", h === kpiHours ? { value: h, selected: "" } : { value: h }, [h < 48 ? `${h} h` : `${h / 24} days`])));
    main.replaceChildren(
      element("h2", {}, ["Alarm-system performance (ISA-18.2)"]),
      element("p", {}, ["Period ", hours, ` — ${k.activations} alarms raised.`]),
      element("h3", {}, ["Alarms per operator per 10 minutes (by area)"]),
      ...(k.areas.length ? k.areas.flatMap((a) => [
        bar(`${a.area} average`, a.average_per_10_minutes, 1, 3, number, `kpi-rate-${a.area}`),
        bar(`${a.area} peak`, a.peak_per_10_minutes, 10, 20, number),
      ]) : [element("p", { class: "empty" }, ["No alarm in the period."])]),
      element("h3", {}, ["10-minute periods in flood (more than 10 alarms)"]),
      ...(k.areas.length ? k.areas.map((a) => bar(a.area, a.periods_in_flood, 0.01, 0.1, percent, `kpi-flood-${a.area}`)) : []),
      element("h3", {}, ["Top 10 alarms' share of all alarms"]),
      bar("top 10", topShare, 0.05, 1, percent, "kpi-top10"),
      element("ol", {}, k.bad_actors.map((b) => element("li", {}, [`${b.asset}/${b.rule}: ${b.activations} (${percent(b.share)})`]))),
      element("h3", {}, ["Chattering and stale alarms"]),
      bar("chattering", k.chattering.length, 0, 10, (v) => String(Math.round(v)), "kpi-chattering"),
      bar(`stale (annunciated over ${life(k.stale_after, "s")})`, k.stale.length, 5, 20, (v) => String(Math.round(v)), "kpi-stale"),
      element("h3", {}, ["Priority distribution (target 80 / 15 / 5 %)"]),
      ...k.priorities.map((p) => bar(p.priority, p.share, p.target ?? 0, 1, percent, `kpi-priority-${p.priority}`)));
  }

  // ---- Routing and live updates ---------------------------------------------------------------

  function route() {
    const asset = location.hash.match(/^#\/asset\/([^?]+)/);
    if (asset) return ["asset", () => renderAsset(decodeURIComponent(asset[1]))];
    if (/^#\/alarms/.test(location.hash)) return ["alarms", renderAlarms];
    if (/^#\/kpi/.test(location.hash)) return ["kpi", renderKPIs];
    return ["fleet", renderFleet];
  }

  function render() {
    const [page, draw] = route();
    document.body.dataset.page = page;
    for (const link of document.querySelectorAll("header nav a")) link.classList.toggle("current", link.dataset.page === page);
    return draw().then(() => { document.body.dataset.rendered = page; })
      .catch((error) => {
        document.body.dataset.rendered = "error";
        main.replaceChildren(element("p", { class: "error" }, [error.message || String(error)]));
      });
  }

  let pending = null;
  function refreshSoon() {
    // A burst of events costs one reload.
    if (pending) return;
    pending = setTimeout(() => { pending = null; render(); }, 150);
  }

  function connect() {
    // Browsers cannot give a WebSocket an Authorization header: the token goes in the query.
    const query = tokenInput.value ? `?access_token=${encodeURIComponent(tokenInput.value)}` : "";
    const socket = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/api/v1/live${query}`);
    const live = document.getElementById("live");
    socket.onopen = () => { document.body.dataset.live = "true"; live.textContent = "live"; render(); };
    socket.onmessage = (message) => {
      const update = JSON.parse(message.data);
      const [page] = route();
      const onAsset = location.hash.match(/^#\/asset\/([^?]+)/);
      if (update.type === "alarm" && page !== "kpi") refreshSoon();
      if (update.type === "rul" && (page === "fleet" || (onAsset && decodeURIComponent(onAsset[1]) === update.estimate.asset))) refreshSoon();
    };
    socket.onclose = () => {
      document.body.dataset.live = "false";
      live.textContent = "reconnecting…";
      setTimeout(connect, 2000);
    };
  }

  window.addEventListener("hashchange", () => { openJournal = null; render(); });
  render();
  connect();
})();

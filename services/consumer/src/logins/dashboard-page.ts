/**
 * The live login dashboard (GET /dashboard): one self-contained page — no CDN, no build step, works
 * offline — that polls GET /analytics/logins?last=N every few seconds and draws, per window, the
 * logins by device type and by locale (stacked bars) and the total (a line), final windows solid
 * and open ones lighter. Every bar and point carries its count in data attributes, which the
 * browser test reads back and compares with the API.
 */
export function dashboardPage(options: { windowSeconds: number; windows?: number; refreshMs?: number }): string {
  const config = JSON.stringify({ windows: options.windows ?? 15, refreshMs: options.refreshMs ?? 2000, windowSeconds: options.windowSeconds });
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Tally · logins</title>
<style>
  :root { --fg: #1d2433; --muted: #6b7385; --bg: #f6f7f9; --card: #fff; --line: #e3e6ec; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
  header { display: flex; align-items: baseline; gap: 24px; padding: 16px 24px; background: var(--card); border-bottom: 1px solid var(--line); }
  h1 { font-size: 18px; margin: 0; }
  .stat { color: var(--muted); } .stat b { color: var(--fg); font-size: 18px; }
  main { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; padding: 16px 24px; }
  section { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; }
  section.wide { grid-column: 1 / -1; }
  h2 { font-size: 14px; margin: 0 0 8px; }
  .legend { display: flex; flex-wrap: wrap; gap: 4px 12px; margin-top: 6px; color: var(--muted); font-size: 12px; }
  .legend i { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 4px; vertical-align: -1px; }
  svg { width: 100%; height: 220px; display: block; }
  .axis { fill: var(--muted); font-size: 10px; }
  #status { margin-left: auto; color: var(--muted); font-size: 12px; }
  .error { color: #b42318; }
</style></head>
<body>
<header><h1>Logins per ${options.windowSeconds}-second window</h1>
  <span class="stat">latest window <b id="latest">–</b></span>
  <span class="stat">total <b id="total">–</b></span>
  <span class="stat">final windows <b id="finals">–</b></span>
  <span id="status">loading…</span></header>
<main>
  <section><h2>By device type</h2><svg id="device_type" role="img" aria-label="logins by device type"></svg><div class="legend" id="device_type-legend"></div></section>
  <section><h2>By locale (top 8, rest as other)</h2><svg id="locale" role="img" aria-label="logins by locale"></svg><div class="legend" id="locale-legend"></div></section>
  <section class="wide"><h2>Total per window (lighter: not final yet)</h2><svg id="total-chart" role="img" aria-label="total logins"></svg></section>
</main>
<script>
const CONFIG = ${config};
const COLORS = ["#3b82f6","#f97316","#10b981","#a855f7","#ef4444","#14b8a6","#eab308","#64748b","#ec4899"];
const NS = "http://www.w3.org/2000/svg";
function el(name, attrs, parent) { const e = document.createElementNS(NS, name); for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v)); parent && parent.appendChild(e); return e; }
function windowsOf(rows) {
  const by = new Map();
  for (const r of rows) {
    let w = by.get(r.window_start);
    if (!w) by.set(r.window_start, (w = { start: r.window_start, final: r.final, total: 0, device_type: {}, locale: {} }));
    if (r.record_type === "total") w.total = r.count; else w[r.record_type][r.value] = r.count;
  }
  return [...by.values()];
}
function stacked(svgId, windows, type, top) {
  const svg = document.getElementById(svgId); svg.innerHTML = "";
  const totals = {};
  for (const w of windows) for (const [v, c] of Object.entries(w[type])) totals[v] = (totals[v] || 0) + c;
  const keys = Object.keys(totals).sort((a, b) => totals[b] - totals[a] || (a < b ? -1 : 1));
  const shown = keys.slice(0, top), rest = new Set(keys.slice(top));
  const series = rest.size ? [...shown, "other (rest)"] : shown;
  const W = svg.clientWidth || 600, H = 220, pad = 28, n = Math.max(windows.length, 1);
  const max = Math.max(1, ...windows.map((w) => Object.values(w[type]).reduce((s, c) => s + c, 0)));
  const bw = (W - pad * 2) / n;
  windows.forEach((w, i) => {
    let y = H - pad;
    series.forEach((key, k) => {
      const count = key === "other (rest)" ? [...rest].reduce((s, v) => s + (w[type][v] || 0), 0) : (w[type][key] || 0);
      if (!count) return;
      const h = (count / max) * (H - pad * 2);
      y -= h;
      el("rect", { x: pad + i * bw + 2, y, width: Math.max(1, bw - 4), height: h, fill: COLORS[k % COLORS.length], opacity: w.final ? 1 : 0.45, "data-window": w.start, "data-value": key, "data-count": count }, svg);
    });
    if (i % Math.ceil(n / 6) === 0) el("text", { x: pad + i * bw, y: H - 8, class: "axis" }, svg).textContent = w.start.slice(11, 19);
  });
  el("text", { x: 0, y: pad - 10, class: "axis" }, svg).textContent = String(max);
  const legend = document.getElementById(svgId + "-legend"); legend.innerHTML = "";
  series.forEach((key, k) => { const s = document.createElement("span"); s.innerHTML = '<i style="background:' + COLORS[k % COLORS.length] + '"></i>'; s.append(key); legend.appendChild(s); });
}
function line(windows) {
  const svg = document.getElementById("total-chart"); svg.innerHTML = "";
  const W = svg.clientWidth || 1200, H = 220, pad = 28, n = Math.max(windows.length, 1);
  const max = Math.max(1, ...windows.map((w) => w.total));
  const x = (i) => pad + (n === 1 ? (W - pad * 2) / 2 : (i * (W - pad * 2)) / (n - 1));
  const y = (c) => H - pad - (c / max) * (H - pad * 2);
  if (windows.length > 1) el("polyline", { points: windows.map((w, i) => x(i) + "," + y(w.total)).join(" "), fill: "none", stroke: "#3b82f6", "stroke-width": 2 }, svg);
  windows.forEach((w, i) => {
    el("circle", { cx: x(i), cy: y(w.total), r: 4, fill: w.final ? "#3b82f6" : "#bfdbfe", "data-window": w.start, "data-value": "total", "data-count": w.total }, svg);
    if (i % Math.ceil(n / 8) === 0) el("text", { x: x(i) - 20, y: H - 8, class: "axis" }, svg).textContent = w.start.slice(11, 19);
  });
  el("text", { x: 0, y: pad - 10, class: "axis" }, svg).textContent = String(max);
}
async function refresh() {
  const status = document.getElementById("status");
  try {
    const res = await fetch("/analytics/logins?last=" + CONFIG.windows, { cache: "no-store" });
    if (!res.ok) throw new Error(res.status + " " + (await res.text()).slice(0, 120));
    const windows = windowsOf(await res.json());
    stacked("device_type", windows, "device_type", 8);
    stacked("locale", windows, "locale", 8);
    line(windows);
    const latest = windows[windows.length - 1];
    document.getElementById("latest").textContent = latest ? latest.start.replace("T", " ").replace("Z", " UTC") : "none yet";
    document.getElementById("total").textContent = String(windows.reduce((s, w) => s + w.total, 0));
    document.getElementById("finals").textContent = windows.filter((w) => w.final).length + " / " + windows.length;
    status.className = ""; status.textContent = "updated " + new Date().toLocaleTimeString();
    document.body.dataset.loaded = "true";
  } catch (e) {
    status.className = "error"; status.textContent = "cannot read /analytics/logins: " + e.message;
  }
}
refresh(); setInterval(refresh, CONFIG.refreshMs);
</script>
</body></html>
`;
}

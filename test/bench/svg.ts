// Hand-written SVG for the discovery curve: log-log, two labeled series, readable on light and dark backgrounds.
import type { DiscoveryResult } from "./scale.ts";
import { fmtInt } from "./util.ts";

const W = 800;
const H = 500;
const M = { left: 92, right: 40, top: 92, bottom: 96 };

function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function msLabel(ms: number): string {
  if (ms >= 1000) return `${+(ms / 1000).toPrecision(3)} s`;
  if (ms >= 1) return `${+ms.toPrecision(3)} ms`;
  return `${+ms.toPrecision(2)} ms`;
}

function tickLabelMs(ms: number): string {
  if (ms >= 1000) return `${ms / 1000} s`;
  return `${ms} ms`;
}

function threadsLabel(n: number): string {
  return n >= 1000 && n % 1000 === 0 ? `${fmtInt(n / 1000)}k` : fmtInt(n);
}

export function discoverySvg(d: DiscoveryResult): string {
  const pts = d.points;
  if (pts.length === 0) throw new Error("no points to plot");
  const xs = pts.map((p) => p.threads);
  const ys = pts.flatMap((p) => [p.inbox_query_ms, p.official_scan_ms]).filter((v) => v > 0);
  const x0 = Math.log10(Math.min(...xs)) - 0.2;
  const x1 = Math.log10(Math.max(...xs)) + 0.2;
  // Padded, not snapped to decades, so labels below the lowest and above the highest point stay inside.
  const y0 = Math.log10(Math.min(...ys)) - 0.45;
  const y1 = Math.log10(Math.max(...ys)) + 0.35;
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const sx = (v: number): number => M.left + ((Math.log10(v) - x0) / (x1 - x0)) * pw;
  const sy = (v: number): number => M.top + ph - ((Math.log10(v) - y0) / (y1 - y0)) * ph;
  const f = (n: number): string => n.toFixed(1);

  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="title desc" font-family="-apple-system, BlinkMacSystemFont, 'Segoe UI', Helvetica, Arial, sans-serif">`);
  out.push(`<title id="title">Time to find the first page of pending interrupts vs number of threads</title>`);
  out.push(
    `<desc id="desc">${esc(pts.map((p) => `${fmtInt(p.threads)} threads: ours ${msLabel(p.inbox_query_ms)}, official ${msLabel(p.official_scan_ms)}`).join("; "))}</desc>`,
  );
  out.push(`<style>
  .bg { fill: #ffffff; }
  .fg { fill: #1f2328; }
  .muted { fill: #59636e; }
  .axis { stroke: #59636e; stroke-width: 1; }
  .grid { stroke: #d1d9e0; stroke-width: 1; }
  .grid-minor { stroke: #eef1f4; stroke-width: 1; }
  .ours-line { stroke: #0f8a6f; fill: none; }
  .official-line { stroke: #d1490b; fill: none; }
  .ours-dot { fill: #0f8a6f; }
  .official-dot { fill: #d1490b; }
  .ours-text { fill: #0b7a62; }
  .official-text { fill: #bf3f05; }
  .halo { stroke: #ffffff; stroke-width: 4px; stroke-linejoin: round; paint-order: stroke; }
  @media (prefers-color-scheme: dark) {
    .bg { fill: #0d1117; }
    .fg { fill: #e6edf3; }
    .muted { fill: #9198a1; }
    .axis { stroke: #9198a1; }
    .grid { stroke: #30363d; }
    .grid-minor { stroke: #1c2128; }
    .ours-line { stroke: #3fcf9f; }
    .official-line { stroke: #ff8a4c; }
    .ours-dot { fill: #3fcf9f; }
    .official-dot { fill: #ff8a4c; }
    .ours-text { fill: #56d8ab; }
    .official-text { fill: #ff9a62; }
    .halo { stroke: #0d1117; }
  }
</style>`);
  out.push(`<rect class="bg" x="0" y="0" width="${W}" height="${H}" rx="8"/>`);
  out.push(`<text class="fg" x="${M.left}" y="30" font-size="18" font-weight="600">Finding the first page of 50 pending interrupts</text>`);
  out.push(`<text class="muted" x="${M.left}" y="52" font-size="12.5">log-log axes · 10% of threads pending · lower is better</text>`);
  out.push(
    `<text class="muted" x="${M.left}" y="70" font-size="12.5">ours = ${esc(d.meta.ours_impl)}.pendingInterrupts({ limit: 50 }) · official = list({}) + getState per thread, sorted</text>`,
  );

  // grid + ticks: a labeled line per decade, minor lines at 2..9
  for (let e = Math.floor(y0); e <= Math.ceil(y1); e++) {
    for (let m = 2; m <= 9; m++) {
      const v = Math.log10(m * 10 ** e);
      if (v <= y0 || v >= y1) continue;
      const y = sy(m * 10 ** e);
      out.push(`<line class="grid-minor" x1="${M.left}" x2="${M.left + pw}" y1="${f(y)}" y2="${f(y)}"/>`);
    }
    if (e < y0 || e > y1) continue;
    const y = sy(10 ** e);
    out.push(`<line class="grid" x1="${M.left}" x2="${M.left + pw}" y1="${f(y)}" y2="${f(y)}"/>`);
    out.push(`<text class="muted" x="${M.left - 8}" y="${f(y + 4)}" font-size="12" text-anchor="end">${tickLabelMs(+(10 ** e).toPrecision(1))}</text>`);
  }
  for (let e = Math.ceil(x0); e <= Math.floor(x1); e++) {
    const x = sx(10 ** e);
    out.push(`<line class="grid" x1="${f(x)}" x2="${f(x)}" y1="${M.top}" y2="${M.top + ph}"/>`);
    out.push(`<text class="muted" x="${f(x)}" y="${M.top + ph + 18}" font-size="12" text-anchor="middle">${threadsLabel(10 ** e)}</text>`);
  }
  for (const p of pts) {
    if (Number.isInteger(Math.log10(p.threads))) continue;
    const x = sx(p.threads);
    out.push(`<text class="muted" x="${f(x)}" y="${M.top + ph + 18}" font-size="12" text-anchor="middle">${threadsLabel(p.threads)}</text>`);
  }
  out.push(`<line class="axis" x1="${M.left}" x2="${M.left + pw}" y1="${M.top + ph}" y2="${M.top + ph}"/>`);
  out.push(`<line class="axis" x1="${M.left}" x2="${M.left}" y1="${M.top}" y2="${M.top + ph}"/>`);
  out.push(`<text class="fg" x="${M.left + pw / 2}" y="${M.top + ph + 42}" font-size="13" text-anchor="middle">threads in the database (log scale)</text>`);
  out.push(`<text class="fg" transform="translate(24 ${M.top + ph / 2}) rotate(-90)" font-size="13" text-anchor="middle">time to first page (log scale)</text>`);

  // series
  const series = [
    { key: "official", name: "official API: list() + getState per thread", get: (p: (typeof pts)[number]) => p.official_scan_ms },
    { key: "ours", name: "ours: pendingInterrupts({ limit: 50 })", get: (p: (typeof pts)[number]) => p.inbox_query_ms },
  ] as const;
  for (const s of series) {
    const path = pts.map((p, i) => `${i === 0 ? "M" : "L"}${f(sx(p.threads))},${f(sy(s.get(p)))}`).join(" ");
    out.push(`<path class="${s.key}-line" d="${path}" fill="none" stroke-width="2.5" stroke-linejoin="round"/>`);
    pts.forEach((p, i) => {
      const x = sx(p.threads);
      const y = sy(s.get(p));
      out.push(`<circle class="${s.key}-dot" cx="${f(x)}" cy="${f(y)}" r="4.5"/>`);
      // The official line rises to the right: its labels sit above-left of a point (below-right for the first),
      // which keeps them off the line. Ours stays low and flat: labels go right below the point.
      let lx = x;
      let ly = y + 20;
      let anchor = "middle";
      let label = msLabel(p.inbox_query_ms);
      if (s.key === "official") {
        label = `${msLabel(p.official_scan_ms)} (${fmtInt(p.speedup)}× ours)`;
        [lx, ly, anchor] = i === 0 ? [x + 10, y + 18, "start"] : [x - 10, y - 9, "end"];
      }
      out.push(`<text class="${s.key}-text halo" x="${f(lx)}" y="${f(ly)}" font-size="12" font-weight="600" text-anchor="${anchor}">${esc(label)}</text>`);
    });
  }

  // legend: in the empty band between the two series (log-midpoint of the gap), right-aligned; top-left if they overlap
  const oursMax = Math.max(...pts.map((p) => p.inbox_query_ms));
  const officialMin = Math.min(...pts.map((p) => p.official_scan_ms));
  const gapMid = sy(Math.sqrt(oursMax * officialMin));
  const roomy = sy(oursMax) - sy(officialMin) > 110;
  const legX = roomy ? M.left + pw - 310 : M.left + 16;
  const legY = roomy ? gapMid - 11 : M.top + 14;
  out.push(`<rect class="bg" x="${legX - 8}" y="${legY - 12}" width="300" height="50" rx="4" opacity="0.9"/>`);
  series.forEach((s, i) => {
    const y = legY + i * 22;
    out.push(`<line class="${s.key}-line" x1="${legX}" x2="${legX + 26}" y1="${y}" y2="${y}" stroke-width="2.5"/><circle class="${s.key}-dot" cx="${legX + 13}" cy="${y}" r="4"/>`);
    out.push(`<text class="fg" x="${legX + 34}" y="${y + 4}" font-size="12.5">${esc(s.name)}</text>`);
  });

  out.push(
    `<text class="muted" x="${M.left}" y="${H - 24}" font-size="11">${esc(`First ${fmtInt(d.meta.real_threads)} threads run through the real graph; larger sizes cloned from them with SQL INSERT…SELECT (both savers).`)}</text>`,
  );
  out.push(
    `<text class="muted" x="${M.left}" y="${H - 9}" font-size="11">${esc(`Node ${d.meta.node}, ${d.meta.cpus} CPUs, ${d.meta.generated_at.slice(0, 10)}. Timings vary ±30% between runs; compare the two series within this run.`)}</text>`,
  );
  out.push("</svg>");
  return `${out.join("\n")}\n`;
}

/**
 * Client: the cost / quality / latency chart, an inline SVG: pass rate
 * (up) against cost per 1,000 cases (right), each point's p95 latency as its
 * size and label, the Pareto front ringed. A column whose cost is unknown is
 * drawn in its own lane at the right, never at $0, and is not ranked.
 * Points on the same spot are drawn side by side (in column order, a fixed
 * offset) and each one's tooltip and the caption name the others; when every
 * known cost is $0 the axis says so instead of running to $1.00.
 */
export const paretoJs = String.raw`
const SVG_NS = 'http://www.w3.org/2000/svg';

function svgEl(tag, attrs) {
  const node = document.createElementNS(SVG_NS, tag);
  Object.keys(attrs || {}).forEach((k) => node.setAttribute(k, String(attrs[k])));
  return node;
}

function svgText(x, y, text, attrs) {
  const t = svgEl('text', Object.assign({ x: x, y: y }, attrs || {}));
  t.textContent = shownText(text);
  return t;
}

/** About n round ticks from 0 to max (1, 2 or 5 times a power of ten apart). */
function niceTicks(max, n) {
  if (!(max > 0)) return [0];
  const raw = max / n;
  const p = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw);
  const ticks = [];
  for (let v = 0; v <= max + step * 1e-9; v += step) ticks.push(Math.round(v / step) * step);
  if (ticks[ticks.length - 1] < max) ticks.push(ticks[ticks.length - 1] + step);
  return ticks;
}

function renderPareto(section, points) {
  const card = cardEl('Cost, quality and latency', 'pass rate vs USD per 1,000 cases; size: E2E p95');
  card.id = 'pareto';
  const W = 760;
  const H = 360;
  const m = { left: 52, right: 20, top: 16, bottom: 44 };
  const priced = points.filter((p) => isNum(p.costPer1k) && isNum(p.passRate));
  const unpriced = points.filter((p) => !isNum(p.costPer1k) && isNum(p.passRate));
  const lane = unpriced.length ? 110 : 0;
  const plotW = W - m.left - m.right - lane;
  const plotH = H - m.top - m.bottom;
  const xMax = priced.reduce((t, p) => Math.max(t, p.costPer1k), 0);
  // every known cost $0 (free, local or replayed): one tick in the middle, not an axis to $1.00
  const allFree = priced.length > 0 && xMax === 0;
  const xTicks = allFree ? [0] : niceTicks(xMax || 1, 5);
  const xTop = xTicks[xTicks.length - 1];
  const x = (v) => (allFree ? m.left + plotW / 2 : m.left + (v / xTop) * plotW);
  const y = (r) => m.top + (1 - r) * plotH;
  const p95s = points.map((p) => p.p95Ms).filter(isNum);
  const p95Max = p95s.length ? Math.max.apply(null, p95s) : 0;
  const radius = (p) => (isNum(p.p95Ms) && p95Max > 0 ? 8 + 8 * Math.sqrt(p.p95Ms / p95Max) : 8);
  const svg = svgEl('svg', { viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-label': 'Pass rate against cost per 1,000 cases, Pareto front marked', class: 'pareto-svg', 'data-x-axis': allFree ? 'all-free' : 'usd' });
  const grid = svgEl('g', { class: 'pareto-grid' });
  [0, 0.25, 0.5, 0.75, 1].forEach((r) => {
    grid.appendChild(svgEl('line', { x1: m.left, x2: m.left + plotW, y1: y(r), y2: y(r) }));
    grid.appendChild(svgText(m.left - 8, y(r) + 4, fmtPct(r), { 'text-anchor': 'end', class: 'tick' }));
  });
  xTicks.forEach((v) => {
    grid.appendChild(svgEl('line', { x1: x(v), x2: x(v), y1: m.top, y2: m.top + plotH }));
    grid.appendChild(svgText(x(v), m.top + plotH + 16, fmtUsd(v), { 'text-anchor': 'middle', class: 'tick' }));
  });
  grid.appendChild(svgText(m.left + plotW / 2, H - 6, allFree ? 'USD per 1,000 cases: all $0 (free or unpriced)' : 'USD per 1,000 cases', { 'text-anchor': 'middle', class: 'axis-title' }));
  if (lane) {
    grid.appendChild(svgEl('rect', { x: m.left + plotW + 10, y: m.top, width: lane - 10, height: plotH, class: 'pareto-lane' }));
    grid.appendChild(svgText(m.left + plotW + 10 + (lane - 10) / 2, m.top + plotH + 16, 'cost unknown', { 'text-anchor': 'middle', class: 'tick' }));
  }
  svg.appendChild(grid);
  const dots = svgEl('g', {});
  const place = (p, i, cx, same) => {
    const color = paletteColor(i);
    const g = svgEl('g', { class: 'pareto-point' + (p.front ? ' front' : ''), 'data-label': shownText(p.label), 'data-front': String(p.front), 'data-cx': cx.toFixed(1) });
    if (same.length) g.setAttribute('data-same-spot', same.map((j) => j + 1).join(','));
    const cy = y(p.passRate);
    if (p.front) g.appendChild(svgEl('circle', { cx: cx, cy: cy, r: radius(p) + 4, class: 'front-ring' }));
    g.appendChild(svgEl('circle', { cx: cx, cy: cy, r: radius(p), fill: color, 'fill-opacity': p.front ? 0.9 : 0.45, stroke: color }));
    // a number, not the name: names of nearby points would overlap (the table below names each number)
    g.appendChild(svgText(cx, cy + 4, String(i + 1), { 'text-anchor': 'middle', class: 'pareto-num' }));
    const tip = svgEl('title', {});
    tip.textContent = shownText(p.label + ': ' + fmtPct(p.passRate) + ' passed, ' + (isNum(p.costPer1k) ? fmtUsd(p.costPer1k) + ' per 1,000 cases' : 'cost unknown (' + plural(p.unpriced, 'record') + ' unpriced)') + ', E2E p95 ' + fmtMs(p.p95Ms) + (p.front ? ', on the Pareto front' : '') + (same.length ? '; same spot as ' + same.map((j) => '#' + (j + 1)).join(', ') + ' (drawn side by side)' : ''));
    g.appendChild(tip);
    dots.appendChild(g);
  };
  // points on the same spot (to the pixel): side by side in column order, so none hides another
  const spots = new Map();
  points.forEach((p, i) => {
    if (!isNum(p.passRate) || !isNum(p.costPer1k)) return;
    const key = Math.round(x(p.costPer1k)) + ',' + Math.round(y(p.passRate));
    (spots.get(key) || spots.set(key, []).get(key)).push(i);
  });
  const shared = [];
  const offset = new Map();
  spots.forEach((list) => {
    if (list.length < 2) return;
    shared.push(list);
    list.forEach((i, j) => offset.set(i, { dx: (j - (list.length - 1) / 2) * 18, same: list.filter((o) => o !== i) }));
  });
  let k = 0;
  points.forEach((p, i) => {
    if (!isNum(p.passRate)) return;
    if (isNum(p.costPer1k)) {
      const o = offset.get(i) || { dx: 0, same: [] };
      place(p, i, x(p.costPer1k) + o.dx, o.same);
    }
    // side by side in the lane, so equal pass rates do not hide each other
    else place(p, i, m.left + plotW + 10 + (lane - 10) / 2 + (k++ - (unpriced.length - 1) / 2) * Math.min(30, (lane - 20) / Math.max(1, unpriced.length)), []);
  });
  svg.appendChild(dots);
  add(card, add(el('div', 'pareto-box'), svg));
  add(card, tableEl(
    [{ label: '#', num: true }, { label: 'Column' }, { label: 'Pass rate', num: true }, { label: 'USD / 1k cases', num: true }, { label: 'E2E p95', num: true }, { label: 'Pareto front' }],
    points.map((p, i) => {
      const name = el('span', 'clip', p.label);
      name.title = shownText(p.label);
      return [add(el('span'), providerDot(i), String(i + 1)), name, fmtPct(p.passRate), isNum(p.costPer1k) ? fmtUsd(p.costPer1k) : 'unknown (' + plural(p.unpriced, 'record') + ' unpriced)', fmtMs(p.p95Ms),
        p.front ? badgeEl('on the front', 'pass') : isNum(p.costPer1k) && isNum(p.p95Ms) && isNum(p.passRate) ? el('span', 'muted', 'dominated') : el('span', 'muted', 'not ranked: ' + (isNum(p.costPer1k) ? 'no timings' : 'cost unknown'))];
    }),
    'pareto-table',
  ));
  if (shared.length) add(card, el('p', 'caption pareto-same', 'Same spot, drawn side by side: ' + shared.map((list) => list.map((i) => '#' + (i + 1)).join(' and ')).join('; ') + '.'));
  add(card, el('p', 'caption', 'On the front: no other column is at least as good on pass rate, cost and p95 latency and better on one. A column with an unknown price is not ranked (its cost is not $0).'));
  add(section, card);
}
`

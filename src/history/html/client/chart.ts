/**
 * Client: one trend chart, drawn as SVG nodes (no chart library: 60 charts of
 * 1,000 points stay light). The line breaks where a run has no value; an
 * interval band (pass rate) is drawn behind it; up to 120 points get a dot
 * with a native title. Hovering anywhere shows the nearest run in the shared
 * tooltip (run, date, commit, value); a click opens that run's report.html.
 */
export const chartJs = String.raw`
const SVG_NS = 'http://www.w3.org/2000/svg';
const CHART_W = 360, CHART_H = 170;
const PAD = { l: 52, r: 12, t: 10, b: 26 };
const DOT_LIMIT = 120;

function svgEl(tag, attrs, cls) {
  const node = document.createElementNS(SVG_NS, tag);
  if (cls) node.setAttribute('class', cls);
  for (const key of Object.keys(attrs || {})) node.setAttribute(key, String(attrs[key]));
  return node;
}

function svgText(x, y, text, cls, anchor) {
  const node = svgEl('text', { x: x, y: y, 'text-anchor': anchor || 'start' }, cls);
  node.textContent = shownText(text);
  return node;
}

/** The smallest 1, 2, 2.5 or 5 × 10^k at or above v (an axis top whose half is a round number too). */
function niceCeil(v) {
  const pow = Math.pow(10, Math.floor(Math.log10(v)));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * pow >= v) return step * pow;
  return 10 * pow;
}

/** Runs of consecutive indexes whose value is a number. */
function segmentsOf(n, ok) {
  const out = [];
  let cur = null;
  for (let i = 0; i < n; i++) {
    if (ok(i)) { if (!cur) { cur = []; out.push(cur); } cur.push(i); } else cur = null;
  }
  return out;
}

/** A run's short commit, or a dash when unknown. */
function shortCommit(run) {
  return run.commit ? run.commit.slice(0, 12) + (run.dirty ? ' (dirty)' : '') : DASH;
}

/** One line per fact for the tooltip and the dots' titles. */
function pointLines(run, point, metric) {
  const lines = [run.id, fmtTime(Date.parse(run.startedAt)), 'commit ' + shortCommit(run) + (run.branch ? ' on ' + run.branch : '')];
  let value = metric.label + ': ' + metric.fmt(metric.value(point));
  if (metric.lower && isNum(metric.lower(point))) value += ' [' + metric.fmt(metric.lower(point)) + ' \u2013 ' + metric.fmt(metric.upper(point)) + ']';
  lines.push(value, plural(point.cases, 'case'));
  if (run.report) lines.push('click: open its report.html');
  return lines;
}

function trendChart(series, metric, runs) {
  const pts = series.points;
  const n = pts.length;
  const plotW = CHART_W - PAD.l - PAD.r, plotH = CHART_H - PAD.t - PAD.b;
  let max = metric.max || 0;
  if (!max) {
    for (const p of pts) {
      const v = metric.value(p);
      if (isNum(v) && v > max) max = v;
    }
    max = max > 0 ? niceCeil(max * 1.05) : 1;
  }
  const x = (i) => PAD.l + (n === 1 ? plotW / 2 : (i * plotW) / (n - 1));
  const y = (v) => PAD.t + plotH * (1 - Math.max(0, Math.min(v, max)) / max);
  // rounding by arithmetic: toFixed on 100,000 coordinates was a chart's largest cost
  const xy = (i, v) => Math.round(x(i) * 10) / 10 + ',' + Math.round(y(v) * 10) / 10;
  const svg = svgEl('svg', { viewBox: '0 0 ' + CHART_W + ' ' + CHART_H, role: 'img', 'aria-label': shownText(metric.label + ' over ' + plural(n, 'run') + ': ' + seriesLabel(series)), 'data-metric': metric.key }, 'trend-chart');
  const hasData = pts.some((p) => isNum(metric.value(p)));
  for (const f of [0, 0.5, 1]) {
    const gy = PAD.t + plotH * (1 - f);
    svg.appendChild(svgEl('line', { x1: PAD.l, x2: CHART_W - PAD.r, y1: gy, y2: gy }, 'grid'));
    if (hasData) svg.appendChild(svgText(PAD.l - 6, gy + 4, metric.fmt(max * f), 'tick', 'end'));
  }
  if (n > 0) {
    const first = runs[pts[0].r], last = runs[pts[n - 1].r];
    svg.appendChild(svgText(PAD.l, CHART_H - 8, first.startedAt.slice(0, 10), 'tick', 'start'));
    if (n > 1) svg.appendChild(svgText(CHART_W - PAD.r, CHART_H - 8, last.startedAt.slice(0, 10), 'tick', 'end'));
  }
  if (metric.lower) {
    for (const seg of segmentsOf(n, (i) => isNum(metric.lower(pts[i])) && isNum(metric.upper(pts[i])))) {
      const upper = seg.map((i) => xy(i, metric.upper(pts[i])));
      const lower = seg.slice().reverse().map((i) => xy(i, metric.lower(pts[i])));
      if (seg.length === 1) {
        const i = seg[0];
        svg.appendChild(svgEl('line', { x1: x(i), x2: x(i), y1: y(metric.upper(pts[i])), y2: y(metric.lower(pts[i])) }, 'errbar'));
      } else svg.appendChild(svgEl('path', { d: 'M' + upper.join('L') + 'L' + lower.join('L') + 'Z' }, 'band'));
    }
  }
  for (const seg of segmentsOf(n, (i) => isNum(metric.value(pts[i])))) {
    if (seg.length > 1) svg.appendChild(svgEl('path', { d: 'M' + seg.map((i) => xy(i, metric.value(pts[i]))).join('L') }, 'line ' + metric.key));
  }
  if (n <= DOT_LIMIT) {
    pts.forEach((p, i) => {
      const v = metric.value(p);
      if (!isNum(v)) return;
      const dot = svgEl('circle', { cx: x(i).toFixed(1), cy: y(v).toFixed(1), r: 2.6, 'data-run': runs[p.r].id }, 'dot ' + metric.key);
      const title = svgEl('title');
      title.textContent = shownText(pointLines(runs[p.r], p, metric).join(' \u00b7 '));
      dot.appendChild(title);
      svg.appendChild(dot);
    });
  }
  if (!hasData) svg.appendChild(svgText(PAD.l + plotW / 2, PAD.t + plotH / 2, metric.none || 'no data', 'none', 'middle'));
  const guide = svgEl('line', { x1: 0, x2: 0, y1: PAD.t, y2: PAD.t + plotH, visibility: 'hidden' }, 'guide');
  svg.appendChild(guide);
  const nearest = (event) => {
    const rect = svg.getBoundingClientRect();
    const sx = ((event.clientX - rect.left) * CHART_W) / rect.width;
    if (n === 0) return -1;
    return n === 1 ? 0 : Math.max(0, Math.min(n - 1, Math.round(((sx - PAD.l) * (n - 1)) / plotW)));
  };
  svg.addEventListener('mousemove', (event) => {
    const i = nearest(event);
    if (i < 0) return;
    const run = runs[pts[i].r];
    guide.setAttribute('x1', x(i));
    guide.setAttribute('x2', x(i));
    guide.setAttribute('visibility', 'visible');
    svg.classList.toggle('linked', Boolean(safeHref(run.report)));
    showTip(event.clientX, event.clientY, pointLines(run, pts[i], metric));
  });
  svg.addEventListener('mouseleave', () => {
    guide.setAttribute('visibility', 'hidden');
    hideTip();
  });
  svg.addEventListener('click', (event) => {
    const i = nearest(event);
    const href = i < 0 ? null : safeHref(runs[pts[i].r].report);
    if (href) window.location.href = href;
  });
  return svg;
}
`

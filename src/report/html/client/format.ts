/** Client: number, time and money formatting (en-US, tabular). */
export const formatJs = String.raw`
const DASH = '\u2013';
function isNum(v) { return typeof v === 'number' && isFinite(v); }
/** 12,345: by hand, not toLocaleString (a large page draws thousands, and each toLocaleString call builds a formatter). */
function fmtInt(v) { return isNum(v) ? groupDigits(String(Math.round(v) || 0)) : DASH; }
function groupDigits(digits) { return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ','); }
// one formatter per number of fraction digits, made when first used
const NUMBER_FORMATS = new Map();
function fmtNum(v, digits) {
  if (!isNum(v)) return DASH;
  const d = digits === undefined ? 1 : digits;
  let f = NUMBER_FORMATS.get(d);
  if (!f) NUMBER_FORMATS.set(d, (f = new Intl.NumberFormat('en-US', { maximumFractionDigits: d })));
  return f.format(v);
}

/** Milliseconds as ms, s or min, with about three significant digits. */
function fmtMs(v) {
  if (!isNum(v)) return DASH;
  const a = Math.abs(v);
  if (a >= 60000) return (v / 60000).toFixed(1) + ' min';
  if (a >= 10000) return (v / 1000).toFixed(1) + ' s';
  if (a >= 1000) return (v / 1000).toFixed(2) + ' s';
  if (a >= 100) return Math.round(v) + ' ms';
  if (a >= 10) return v.toFixed(1) + ' ms';
  if (v === 0) return '0 ms';
  return v.toFixed(2) + ' ms';
}

function fmtDuration(ms) {
  if (!isNum(ms)) return DASH;
  if (ms < 60000) return fmtMs(ms);
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return (h > 0 ? h + ' h ' : '') + m + ' min ' + (s % 60) + ' s';
}

/** A ratio 0..1 as a percentage. */
function fmtPct(r) {
  if (!isNum(r)) return DASH;
  return (r * 100).toFixed(r === 1 || r === 0 ? 0 : 1) + '%';
}

function fmtUsd(v) {
  if (!isNum(v)) return 'unknown';
  if (v === 0) return '$0';
  const a = Math.abs(v);
  if (a >= 100) return '$' + fmtNum(v, 0);
  if (a >= 1) return '$' + v.toFixed(2);
  if (a >= 0.01) return '$' + v.toFixed(4);
  return '$' + v.toPrecision(2);
}

/** Token counts short: 950, 12.3k, 4.56M. */
function fmtCount(v) {
  if (!isNum(v)) return DASH;
  const a = Math.abs(v);
  if (a >= 1e9) return (v / 1e9).toFixed(2) + 'B';
  if (a >= 1e6) return (v / 1e6).toFixed(2) + 'M';
  if (a >= 1e4) return (v / 1e3).toFixed(1) + 'k';
  return fmtInt(v);
}

function fmtMiB(v) {
  if (!isNum(v)) return DASH;
  return v >= 1024 ? (v / 1024).toFixed(1) + ' GiB' : Math.round(v) + ' MiB';
}

function fmtGiB(v) { return isNum(v) ? v.toFixed(1) + ' GiB' : DASH; }
function fmtPctValue(v) { return isNum(v) ? Math.round(v) + '%' : DASH; }
function fmtScore(v) { return isNum(v) ? v.toFixed(2) : DASH; }

function fmtTime(epochMs) {
  if (!isNum(epochMs)) return DASH;
  return new Date(epochMs).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}

/** Seconds on a timeline as m:ss (or h:mm:ss); with digits, the seconds' fraction too (m:ss.s on a short run's axis). */
function fmtClock(seconds, digits) {
  const d = digits || 0;
  const scale = Math.pow(10, d);
  const total = Math.max(0, Math.round(seconds * scale) / scale);
  const whole = Math.floor(total);
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const sec = total - h * 3600 - m * 60;
  const ss = (d ? sec.toFixed(d) : String(Math.round(sec))).padStart(d ? 3 + d : 2, '0');
  return h > 0 ? h + ':' + String(m).padStart(2, '0') + ':' + ss : m + ':' + ss;
}

/** Decimal places that tell a scale's ticks apart: none for a step of 1 or more, else as many as the step has. */
function tickDigits(ticks) {
  if (!ticks || ticks.length < 2) return 0;
  const step = Math.abs(ticks[1].value - ticks[0].value);
  if (!(step > 0) || step >= 1) return 0;
  let d = Math.max(0, Math.ceil(-Math.log10(step) - 1e-9));
  while (d < 6 && Math.abs(Math.round(step * Math.pow(10, d)) - step * Math.pow(10, d)) > 1e-6) d++;
  return d;
}

/**
 * A Chart.js tick callback that never repeats a label ("1 GiB, 1 GiB",
 * "0:01, 0:01" on a short run): format(value, digits) gets the decimals the
 * step needs, and a label equal to the one before it is left out.
 */
function distinctTicks(format) {
  return function (value, index, ticks) {
    const digits = tickDigits(ticks);
    const label = format(value, digits);
    if (index > 0 && ticks[index - 1] && format(ticks[index - 1].value, digits) === label) return null;
    return label;
  };
}

/** A provider name for a chart axis: "type:model@server" as two short lines, the server address cut off. */
function axisLabel(label) {
  const cut = (s) => (s.length > 22 ? s.slice(0, 21) + '\u2026' : s);
  const at = label.indexOf('@');
  const base = at > 0 ? label.slice(0, at) + '@\u2026' : label;
  const colon = base.indexOf(':');
  return colon > 0 ? [cut(base.slice(0, colon)), cut(base.slice(colon + 1))] : cut(base);
}

function plural(n, word, many) { return fmtInt(n) + ' ' + (n === 1 ? word : many || word + 's'); }
`

/**
 * Client: building DOM nodes. Text always goes in as text nodes (never
 * markup), so untrusted strings show as written; and every string drawn goes
 * through `shownNode`, which writes invisible format characters out (a
 * bidirectional override as `\u202E` in a marked span), so that an id
 * `\u202Etxt.exe` can never display as `exe.txt`. Attributes, titles and
 * chart labels take `shownText`, the same rule as plain text.
 */
export const domJs = String.raw`
/**
 * Invisible characters that change how the text around them displays, or hide
 * text: bidi embeddings, overrides, isolates and marks (U+202A-202E,
 * U+2066-2069, U+200E/200F, U+061C), zero-width space and word joiner
 * (U+200B, U+2060), invisible operators (U+2061-2064), the Mongolian vowel
 * separator (U+180E), a byte-order mark inside text (U+FEFF) and Unicode tag
 * characters (U+E0000-E007F: invisible ASCII that can smuggle instructions).
 * ZWJ and ZWNJ (U+200C/200D) are left alone: emoji and several scripts need them.
 */
const INVISIBLE = /[\u061C\u180E\u200B\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\u{E0000}-\u{E007F}]/gu;

/** The character written out: \u202E, or \u{E0041} above the BMP. */
function charCode(ch) {
  const cp = ch.codePointAt(0);
  const hex = cp.toString(16).toUpperCase();
  return '\\u' + (cp > 0xffff ? '{' + hex + '}' : hex.padStart(4, '0'));
}

/** Text for an attribute, a title or a chart label: each invisible character written out. */
function shownText(text) {
  return String(text).replace(INVISIBLE, charCode);
}

/**
 * The one way untrusted text reaches the page: a text node; or, when the text
 * holds invisible format characters, text nodes with each such character
 * written out in a span.invisible-char (its code point in the title).
 */
function shownNode(text) {
  const s = String(text);
  // search, not test: a global regex's test would leave a lastIndex that matchAll starts from
  if (s.search(INVISIBLE) < 0) return document.createTextNode(s);
  const fragment = document.createDocumentFragment();
  let from = 0;
  for (const m of s.matchAll(INVISIBLE)) {
    if (m.index > from) fragment.appendChild(document.createTextNode(s.slice(from, m.index)));
    const mark = document.createElement('span');
    mark.className = 'invisible-char';
    mark.textContent = charCode(m[0]);
    mark.title = 'invisible format character U+' + mark.textContent.replace(/^\\u\{?|\}$/g, '');
    fragment.appendChild(mark);
    from = m.index + m[0].length;
  }
  if (from < s.length) fragment.appendChild(document.createTextNode(s.slice(from)));
  return fragment;
}

/** Replaces a node's content with the text, as shownNode shows it. */
function setText(node, text) {
  clear(node);
  node.appendChild(shownNode(text));
  return node;
}

function el(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined && text !== null) node.appendChild(shownNode(text));
  return node;
}

/** Appends children (nodes, or strings shown by shownNode; null skipped) and returns the parent. */
function add(parent) {
  for (let i = 1; i < arguments.length; i++) {
    const child = arguments[i];
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' ? shownNode(child) : child);
  }
  return parent;
}

/** fn in a task of its own once the browser has drawn its next frame (or after 250 ms, in a tab not shown, which draws none). */
function afterFrame(fn) {
  let done = false;
  const go = () => { if (!done) { done = true; setTimeout(fn, 0); } };
  requestAnimationFrame(go);
  setTimeout(go, 250);
}

function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
}

function sectionEl(parent, id, title, subtitle) {
  const section = el('section', 'section');
  section.id = id;
  const head = add(el('div', 'section-head'), el('h2', null, title));
  if (subtitle) add(head, el('p', 'muted', subtitle));
  add(parent, add(section, head));
  return section;
}

function cardEl(title, note) {
  const card = el('div', 'card');
  if (title) {
    const head = add(el('div', 'card-title'), el('h3', null, title));
    if (note) add(head, el('span', null, note));
    add(card, head);
  }
  return card;
}

/** A table: columns [{ label, num }], rows of cells (a node or text). */
function tableEl(columns, rows, cls) {
  const table = el('table', 'data' + (cls ? ' ' + cls : ''));
  const headRow = el('tr');
  columns.forEach((c) => add(headRow, el('th', c.num ? 'num' : null, c.label)));
  add(table, add(el('thead'), headRow));
  const body = el('tbody');
  rows.forEach((cells) => {
    const tr = el('tr');
    cells.forEach((cell, i) => {
      const td = el('td', columns[i] && columns[i].num ? 'num' : columns[i] && columns[i].cls ? columns[i].cls : null);
      if (cell instanceof Node) td.appendChild(cell);
      else if (cell !== null && cell !== undefined) setText(td, cell);
      add(tr, td);
    });
    add(body, tr);
  });
  return add(el('div', 'table-wrap'), add(table, body));
}

/** A definition list from [label, value] pairs (value: text or node; null pairs skipped). */
function factsEl(pairs) {
  const dl = el('dl', 'facts');
  pairs.forEach((p) => {
    if (!p) return;
    add(dl, el('dt', null, p[0]));
    const dd = el('dd');
    if (p[1] instanceof Node) dd.appendChild(p[1]);
    else setText(dd, p[1]);
    add(dl, dd);
  });
  return dl;
}

function badgeEl(text, kind) {
  return el('span', 'badge ' + kind, text);
}
`

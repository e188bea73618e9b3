/**
 * Client: building DOM nodes. Text always goes in through `textContent`
 * (never markup), so untrusted strings show as written.
 */
export const domJs = String.raw`
function el(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

/** Appends children (nodes, or strings as text nodes; null skipped) and returns the parent. */
function add(parent) {
  for (let i = 1; i < arguments.length; i++) {
    const child = arguments[i];
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return parent;
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
      else td.textContent = cell === null || cell === undefined ? '' : String(cell);
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
    else dd.textContent = String(p[1]);
    add(dl, dd);
  });
  return dl;
}

function badgeEl(text, kind) {
  return el('span', 'badge ' + kind, text);
}
`

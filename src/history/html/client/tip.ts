/** Client: the one tooltip the charts share, and relative links checked before use. */
export const tipJs = String.raw`
let tipNode = null;

function showTip(clientX, clientY, lines) {
  if (!tipNode) {
    tipNode = el('div', 'tip');
    tipNode.id = 'tip';
    tipNode.setAttribute('role', 'tooltip');
    document.body.appendChild(tipNode);
  }
  clear(tipNode);
  lines.forEach((line, i) => add(tipNode, el('div', i === 0 ? 'tip-head' : null, line)));
  tipNode.style.display = 'block';
  const w = tipNode.offsetWidth, h = tipNode.offsetHeight;
  const left = clientX + 14 + w > window.innerWidth ? Math.max(4, clientX - 14 - w) : clientX + 14;
  const top = clientY + 14 + h > window.innerHeight ? Math.max(4, clientY - 14 - h) : clientY + 14;
  tipNode.style.left = left + 'px';
  tipNode.style.top = top + 'px';
}

function hideTip() {
  if (tipNode) tipNode.style.display = 'none';
}

/**
 * A run's report link, only when it is a plain relative path: URI-encoded
 * segments joined by '/', no scheme, no leading '/', nothing that could make
 * it a javascript: or data: URL. Anything else gives null (no link).
 */
const SAFE_HREF = /^(?:[A-Za-z0-9._~!'()*-]|%[0-9A-Fa-f]{2})+(?:\/(?:[A-Za-z0-9._~!'()*-]|%[0-9A-Fa-f]{2})+)*$/;
function safeHref(href) {
  return typeof href === 'string' && SAFE_HREF.test(href) ? href : null;
}

/** A link to a run's report.html, or the text alone when it has none. */
function runLink(run, text) {
  const href = safeHref(run.report);
  if (!href) return el('span', 'mono', text);
  const a = el('a', 'mono run-link', text);
  a.setAttribute('href', href);
  a.title = shownText('open ' + run.id + '/report.html');
  return a;
}
`

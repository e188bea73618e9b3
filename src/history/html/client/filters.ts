/** Client: the dataset and provider filters; they hide trend cards, model rows and runs that do not match. */
export const filtersJs = String.raw`
function selectEl(id, label, allText, values) {
  const select = el('select');
  select.id = id;
  select.setAttribute('aria-label', label);
  const all = el('option', null, allText);
  all.value = '';
  add(select, all);
  values.forEach((v, i) => {
    const option = el('option', null, v);
    option.value = String(i);
    add(select, option);
  });
  return select;
}

function uniqueSorted(values) {
  return Array.from(new Set(values)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function renderFilters(parent, data, views) {
  const datasets = uniqueSorted(data.series.map((s) => s.dataset));
  const providers = uniqueSorted(data.series.map((s) => s.provider).concat(data.models.map((m) => m.provider)));
  const dataset = selectEl('filter-dataset', 'Dataset', 'All datasets', datasets);
  const provider = selectEl('filter-provider', 'Provider', 'All providers', providers);
  const count = el('span', 'muted');
  count.id = 'filter-count';
  add(parent, add(el('div', 'filters'), dataset, provider, count));
  const apply = () => {
    const d = dataset.value === '' ? null : datasets[Number(dataset.value)];
    const p = provider.value === '' ? null : providers[Number(provider.value)];
    const runsShown = new Set();
    let shown = 0;
    for (const card of views.cards) {
      const ok = (d === null || card.series.dataset === d) && (p === null || card.series.provider === p);
      card.node.hidden = !ok;
      if (ok) { shown++; card.series.points.forEach((pt) => runsShown.add(pt.r)); }
    }
    for (const row of views.models) row.node.hidden = !((p === null || row.model.provider === p) && (d === null || row.model.datasets.indexOf(d) >= 0));
    const filtering = d !== null || p !== null;
    for (const row of views.runs.rows) row.node.hidden = filtering && !runsShown.has(row.r);
    count.setAttribute('data-count', String(shown));
    setText(count, plural(shown, 'series', 'series') + ' shown');
  };
  views.runs.onMore = apply;
  dataset.addEventListener('change', apply);
  provider.addEventListener('change', apply);
  apply();
}
`

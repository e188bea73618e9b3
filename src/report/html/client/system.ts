/** Client: GPU and host timelines from the sampled system report. */
export const systemJs = String.raw`
function seriesLabel(system, s) {
  return (system.hosts.length > 1 ? s.host + ' \u00b7 ' : '') + 'GPU ' + s.gpu + (s.name ? ' \u00b7 ' + s.name : '');
}

function points(t, values) {
  const out = new Array(t.length);
  for (let i = 0; i < t.length; i++) out[i] = { x: t[i], y: values[i] };
  return out;
}

function timelineChart(datasets, yTick, yMax, tooltipValue) {
  const y = { beginAtZero: true, ticks: { callback: distinctTicks(yTick) } };
  if (isNum(yMax)) y.max = yMax;
  return {
    type: 'line',
    data: { datasets: datasets },
    options: {
      parsing: false,
      normalized: true,
      spanGaps: false,
      interaction: { mode: 'nearest', axis: 'x', intersect: false },
      scales: { x: { type: 'linear', ticks: { callback: distinctTicks(fmtClock), maxTicksLimit: 10 }, title: { display: true, text: 'time since start' } }, y: y },
      plugins: {
        legend: { display: datasets.length > 1, position: 'top', align: 'end' },
        tooltip: { callbacks: { title: (items) => (items.length ? fmtClock(items[0].raw.x) : ''), label: (ctx) => ctx.dataset.label + ': ' + tooltipValue(ctx.raw.y) } },
      },
    },
  };
}

function lineDataset(label, t, values, i, fill) {
  const c = paletteColor(i);
  return { label: shownText(label), data: points(t, values), borderColor: c, backgroundColor: withAlpha(c, fill ? 0.14 : 0.8), fill: !!fill, tension: 0.25 };
}

function renderSystem(parent, data) {
  const system = data.system;
  const section = sectionEl(parent, 'system', 'System', system ? 'Sampled on ' + system.hosts.join(', ') + ' while the run was in flight.' : null);
  if (!system) {
    add(section, add(el('div', 'alert info'), el('span', 'alert-icon', 'i'), el('div', null, 'No system samples in these results.')));
    return;
  }
  if (system.gpuUnavailable) {
    const line = el('div', null, system.gpuUnavailable);
    line.id = 'gpu-unavailable';
    add(section, add(el('div', 'alert'), el('span', 'alert-icon', '!'), line));
  }
  const grid = add(section, el('div', 'grid-charts')).lastChild;
  grid.id = 'system-charts';
  if (!system.gpuUnavailable && system.gpuSeries.length) {
    const gpus = system.gpuSeries;
    const totalGiB = gpus.reduce((m, s) => Math.max(m, isNum(s.memoryTotalMiB) ? s.memoryTotalMiB / 1024 : 0), 0);
    chartCard(grid, 'GPU utilization', '%', null,
      () => timelineChart(gpus.map((s, i) => lineDataset(seriesLabel(system, s), s.t, s.utilizationPct, i, gpus.length === 1)), (v) => v + '%', 100, fmtPctValue), true);
    chartCard(grid, 'GPU memory used', totalGiB ? 'of ' + fmtGiB(totalGiB) : 'GiB', null,
      () => timelineChart(gpus.map((s, i) => lineDataset(seriesLabel(system, s), s.t, s.memoryUsedMiB.map((v) => (isNum(v) ? v / 1024 : null)), i, gpus.length === 1)), (v, d) => fmtNum(v, d) + ' GiB', totalGiB || null, fmtGiB), true);
  }
  if (system.hostSeries.length) {
    chartCard(grid, 'Host CPU', 'all cores, %', null,
      () => timelineChart(system.hostSeries.map((s, i) => lineDataset(s.host, s.t, s.cpuPct, i + 3, system.hostSeries.length === 1)), (v) => v + '%', 100, fmtPctValue), true);
    chartCard(grid, 'Host memory used', 'GiB', null,
      () => timelineChart(system.hostSeries.map((s, i) => lineDataset(s.host, s.t, s.memoryUsedGiB, i + 5, system.hostSeries.length === 1)), (v, d) => fmtNum(v, d) + ' GiB', null, fmtGiB), true);
  }
  const providers = Object.keys(system.byProvider).sort();
  if (providers.length) {
    add(section, el('h3', null, 'While each provider ran')).lastChild.style.margin = '18px 0 10px';
    add(section, tableEl(
      [{ label: 'Provider' }, { label: 'GPU util avg', num: true }, { label: 'GPU util peak', num: true }, { label: 'GPU memory peak', num: true }, { label: 'GPU power avg', num: true }, { label: 'CPU avg', num: true }, { label: 'CPU peak', num: true }],
      providers.map((p) => {
        const b = system.byProvider[p];
        return [p, fmtPctValue(b.gpu.utilizationPct.avg), fmtPctValue(b.gpu.utilizationPct.peak), fmtMiB(b.gpu.memoryUsedMiB.peak),
          isNum(b.gpu.powerW.avg) ? Math.round(b.gpu.powerW.avg) + ' W' : DASH, fmtPctValue(b.host.cpuPct.avg), fmtPctValue(b.host.cpuPct.peak)];
      }),
    ));
  }
}
`

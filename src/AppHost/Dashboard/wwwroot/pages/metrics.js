import { h, replaceChildren, formatMs } from '../dom.js';
import { getJson } from '../api.js';
import { refreshing } from './refresh.js';

const windows = [['60', 'Last minute'], ['300', 'Last 5 minutes'], ['900', 'Last 15 minutes'], ['3600', 'Last hour'], ['0', 'Everything kept']];

// The latency histograms with p50/p95/p99 computed from their buckets over the chosen window.
export function metricsPage(view, query) {
  const status = h('div', { role: 'status' });
  const windowSelect = h('select', { id: 'metrics-window', name: 'window' }, windows.map(([value, label]) => h('option', { value, selected: value === (query.get('window') ?? '300') }, label)));
  const latencyOnly = h('input', { id: 'metrics-latency', type: 'checkbox', checked: true });
  const body = h('tbody');
  const charts = h('div', { class: 'charts' });
  replaceChildren(view,
    h('h2', {}, 'Metrics'),
    h('form', { class: 'filters', onsubmit: (event) => { event.preventDefault(); poll.now(); } },
      h('label', { for: 'metrics-window' }, 'Window'), windowSelect,
      h('span', { class: 'check' }, latencyOnly, h('label', { for: 'metrics-latency' }, 'Platform latencies only'))),
    status,
    h('table', { class: 'grid', 'aria-label': 'Histograms' },
      h('thead', {}, h('tr', {}, ['Service', 'Histogram', 'Count', 'p50', 'p95', 'p99', 'Mean'].map((title) => h('th', { scope: 'col' }, title)))),
      body),
    charts);

  const poll = refreshing(async () => {
    const all = await getJson('/api/metrics/histograms', { window: windowSelect.value });
    const shown = all.filter((histogram) => !latencyOnly.checked || (histogram.name.startsWith('platform.') && histogram.unit === 'ms'));
    const figure = (value) => (histogram) => (histogram.unit === 'ms' ? formatMs(value(histogram)) : (value(histogram)?.toFixed(2) ?? '–'));
    replaceChildren(body, shown.map((histogram) => h('tr', { dataset: { metric: histogram.name, service: histogram.service } },
      h('td', {}, histogram.service),
      h('th', { scope: 'row', title: histogram.description }, histogram.name),
      h('td', { dataset: { field: 'count' } }, histogram.count),
      h('td', { dataset: { field: 'p50', value: histogram.p50 ?? '' } }, figure((x) => x.p50)(histogram)),
      h('td', { dataset: { field: 'p95', value: histogram.p95 ?? '' } }, figure((x) => x.p95)(histogram)),
      h('td', { dataset: { field: 'p99', value: histogram.p99 ?? '' } }, figure((x) => x.p99)(histogram)),
      h('td', {}, histogram.count > 0 ? figure((x) => x.sum / x.count)(histogram) : '–'))));
    replaceChildren(charts, shown.filter((histogram) => histogram.count > 0).map(chart));
  }, 5000, status);
  windowSelect.addEventListener('change', () => poll.now());
  latencyOnly.addEventListener('change', () => poll.now());
  return poll;
}

function chart(histogram) {
  const most = Math.max(...histogram.bucketCounts, 1);
  const label = (index) => (index < histogram.bounds.length ? `≤ ${histogram.bounds[index]}` : `> ${histogram.bounds.at(-1) ?? 0}`);
  return h('figure', { class: 'chart' },
    h('figcaption', {}, `${histogram.service} · ${histogram.name} (${histogram.unit})`),
    h('ol', { class: 'buckets' }, histogram.bucketCounts.map((count, index) => {
      const bar = h('span', { class: 'buckets__bar' });
      bar.style.height = `${(count / most) * 100}%`;
      return h('li', { title: `${label(index)}: ${count}` }, bar, h('span', { class: 'buckets__label' }, label(index)), h('span', { class: 'visually-hidden' }, `: ${count}`));
    })));
}

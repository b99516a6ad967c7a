import { h, replaceChildren, formatTime, formatValue } from '../dom.js';
import { getJson } from '../api.js';
import { refreshing } from './refresh.js';

const severities = [['0', 'Any'], ['5', 'Debug'], ['9', 'Information'], ['13', 'Warning'], ['17', 'Error']];

export function logsPage(view, query) {
  const status = h('div', { role: 'status' });
  const service = h('input', { id: 'logs-service', name: 'service', placeholder: 'gateway, llm, stt, tts…', autocomplete: 'off' });
  const severity = h('select', { id: 'logs-severity', name: 'minSeverity' }, severities.map(([value, label]) => h('option', { value }, label)));
  const text = h('input', { id: 'logs-text', name: 'text', type: 'search', autocomplete: 'off' });
  const trace = query.get('trace') ?? '';
  const body = h('tbody');
  replaceChildren(view,
    h('h2', {}, trace ? `Structured logs of trace ${trace}` : 'Structured logs'),
    trace ? h('p', {}, h('a', { href: `#/traces/${trace}` }, 'Open the trace'), ' · ', h('a', { href: '#/logs' }, 'All logs')) : null,
    h('form', { class: 'filters', role: 'search', onsubmit: (event) => { event.preventDefault(); poll.now(); } },
      h('label', { for: 'logs-service' }, 'Service'), service,
      h('label', { for: 'logs-severity' }, 'At least'), severity,
      h('label', { for: 'logs-text' }, 'Containing'), text),
    status,
    h('table', { class: 'grid', 'aria-label': 'Structured logs' },
      h('thead', {}, h('tr', {}, ['Time', 'Service', 'Level', 'Category', 'Message', 'Trace'].map((title) => h('th', { scope: 'col' }, title)))),
      body));

  const poll = refreshing(async () => {
    const list = await getJson('/api/logs', { service: service.value, minSeverity: severity.value, text: text.value, traceId: trace });
    replaceChildren(body, list.records.map((record) => h('tr', { class: record.severityNumber >= 17 ? 'error' : undefined },
      h('td', {}, h('time', { datetime: record.at }, formatTime(record.at))),
      h('td', {}, record.service),
      h('td', {}, record.severity),
      h('td', {}, record.category),
      h('td', {}, h('details', {},
        h('summary', {}, record.message),
        h('dl', { class: 'attributes' }, record.attributes.flatMap((pair) => [h('dt', {}, pair.key), h('dd', {}, formatValue(pair.value))])))),
      h('td', {}, record.traceId ? h('a', { href: `#/traces/${record.traceId}` }, record.traceId.slice(0, 8)) : '–'))));
  }, 3000, status);
  for (const input of [service, severity, text]) input.addEventListener('input', () => poll.now());
  return poll;
}

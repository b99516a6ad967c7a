import { h, replaceChildren, formatTime, formatMs } from '../dom.js';
import { getJson } from '../api.js';
import { refreshing } from './refresh.js';

export function tracesPage(view) {
  const status = h('div', { role: 'status' });
  const service = h('select', { id: 'traces-service', name: 'service' }, h('option', { value: '' }, 'Any'));
  const name = h('input', { id: 'traces-name', name: 'name', type: 'search', list: 'traces-names', autocomplete: 'off', placeholder: 'turn, llm.generate…' });
  const names = h('datalist', { id: 'traces-names' });
  const minMs = h('input', { id: 'traces-min', name: 'minMs', type: 'number', min: '0', step: 'any', inputmode: 'decimal' });
  const errors = h('input', { id: 'traces-errors', name: 'errors', type: 'checkbox' });
  const summary = h('p', { class: 'muted' });
  const body = h('tbody');
  replaceChildren(view,
    h('h2', {}, 'Traces'),
    h('form', { class: 'filters', role: 'search', onsubmit: (event) => { event.preventDefault(); poll.now(); } },
      h('label', { for: 'traces-service' }, 'Service'), service,
      h('label', { for: 'traces-name' }, 'Span name'), name, names,
      h('label', { for: 'traces-min' }, 'At least (ms)'), minMs,
      h('span', { class: 'check' }, errors, h('label', { for: 'traces-errors' }, 'Errors only'))),
    status,
    summary,
    h('table', { class: 'grid', 'aria-label': 'Traces' },
      h('thead', {}, h('tr', {}, ['Started', 'Trace', 'Services', 'Spans', 'Duration', 'Status'].map((title) => h('th', { scope: 'col' }, title)))),
      body));

  let known = '';
  const poll = refreshing(async () => {
    const list = await getJson('/api/traces', { service: service.value, name: name.value, minMs: minMs.value, errors: errors.checked });
    const catalogue = JSON.stringify([list.services, list.names]);
    if (catalogue !== known) {
      known = catalogue;
      const chosen = service.value;
      replaceChildren(service, h('option', { value: '' }, 'Any'), list.services.map((item) => h('option', { value: item, selected: item === chosen }, item)));
      replaceChildren(names, list.names.map((item) => h('option', { value: item })));
    }
    summary.textContent = `${list.traces.length} traces shown; ${list.spansKept} of at most ${list.maxSpans} spans kept.`;
    replaceChildren(body, list.traces.map((trace) => h('tr', { dataset: { trace: trace.traceId }, class: trace.hasError ? 'error' : undefined },
      h('td', {}, h('time', { datetime: trace.start }, formatTime(trace.start))),
      h('th', { scope: 'row' }, h('a', { href: `#/traces/${trace.traceId}` }, `${trace.service}: ${trace.name}`)),
      h('td', {}, trace.services.join(', ')),
      h('td', {}, trace.spanCount),
      h('td', {}, formatMs(trace.durationMs)),
      h('td', {}, trace.hasError ? 'Error' : 'OK'))));
  }, 3000, status);
  for (const input of [service, name, minMs, errors]) input.addEventListener('input', () => poll.now());
  return poll;
}

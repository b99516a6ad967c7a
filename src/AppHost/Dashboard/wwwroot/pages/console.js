import { h, replaceChildren, formatTime } from '../dom.js';
import { getJson } from '../api.js';
import { refreshing } from './refresh.js';

export function consolePage(view, chosen) {
  const status = h('div', { role: 'status' });
  const resource = h('select', { id: 'console-resource', name: 'resource' });
  const filter = h('input', { id: 'console-filter', name: 'filter', type: 'search', placeholder: 'Only lines containing…', autocomplete: 'off' });
  const lines = h('ol', { class: 'console', 'aria-label': 'Console output' });
  replaceChildren(view,
    h('h2', {}, 'Console logs'),
    h('form', { class: 'filters', role: 'search', onsubmit: (event) => { event.preventDefault(); poll.now(); } },
      h('label', { for: 'console-resource' }, 'Resource'), resource,
      h('label', { for: 'console-filter' }, 'Filter'), filter),
    status,
    lines);

  let names = [];
  const poll = refreshing(async () => {
    if (names.length === 0) {
      names = (await getJson('/api/resources')).resources.map((known) => known.name);
      replaceChildren(resource, names.map((name) => h('option', { value: name, selected: name === chosen }, name)));
    }
    const log = await getJson(`/api/console/${encodeURIComponent(resource.value)}`, { filter: filter.value });
    const following = lines.scrollTop + lines.clientHeight >= lines.scrollHeight - 4;
    replaceChildren(lines, log.lines.map((line) => h('li', { class: line.isError ? 'stderr' : undefined },
      h('time', { datetime: line.at }, formatTime(line.at)), ' ', line.text)));
    if (following) lines.scrollTop = lines.scrollHeight;
  }, 2000, status);
  resource.addEventListener('change', () => {
    history.replaceState(null, '', `#/console/${encodeURIComponent(resource.value)}`);
    poll.now();
  });
  filter.addEventListener('input', () => poll.now());
  return poll;
}

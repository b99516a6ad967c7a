import { h, replaceChildren, formatMs, formatValue } from '../dom.js';
import { getJson } from '../api.js';

// One trace as a waterfall: each span nested inside its parent, its bar placed by its offset from the trace's start.
export function tracePage(view, traceId) {
  const status = h('div', { role: 'status' }, 'Loading…');
  replaceChildren(view, h('p', {}, h('a', { href: '#/traces' }, '← All traces')), h('h2', {}, `Trace ${traceId}`), status);
  load(view, traceId, status).catch((error) => {
    status.replaceChildren(h('span', { class: 'error' }, `Could not load: ${error.message}`));
  });
  return null;
}

async function load(view, traceId, status) {
  const trace = await getJson(`/api/traces/${encodeURIComponent(traceId)}`);
  const ids = new Set(trace.spans.map((span) => span.spanId));
  const children = new Map();
  for (const span of trace.spans) {
    const parent = ids.has(span.parentSpanId) ? span.parentSpanId : '';
    if (!children.has(parent)) children.set(parent, []);
    children.get(parent).push(span);
  }
  const services = [...new Set(trace.spans.map((span) => span.service))];
  status.replaceChildren();
  view.append(
    h('p', {}, `${trace.spans.length} spans across ${services.join(', ')}; ${formatMs(trace.durationMs)} in all. `,
      h('a', { href: `#/logs?trace=${traceId}` }, 'Logs of this trace')),
    h('div', { class: 'waterfall__scale', 'aria-hidden': 'true' }, h('span', {}, '0'), h('span', {}, formatMs(trace.durationMs))),
    h('ul', { class: 'waterfall', 'aria-label': 'Spans, each inside its parent' }, spanItems('', children, trace.durationMs, 0, services)));
}

function spanItems(parentId, children, total, depth, services) {
  return (children.get(parentId) ?? []).map((span) => {
    const bar = h('span', { class: `bar service-${services.indexOf(span.service) % 6}${span.status === 'error' ? ' bar--error' : ''}` });
    bar.style.left = `${total > 0 ? (span.offsetMs / total) * 100 : 0}%`;
    bar.style.width = `${Math.max(total > 0 ? (span.durationMs / total) * 100 : 100, 0.3)}%`;
    const nested = spanItems(span.spanId, children, total, depth + 1, services);
    const name = h('span', { class: 'span-row__name' }, h('span', { class: 'badge' }, span.service), ' ', span.name, ' ', h('span', { class: 'muted' }, span.kind));
    name.style.setProperty('--depth', String(depth));
    return h('li', { dataset: { span: span.name, service: span.service, kind: span.kind, spanId: span.spanId, parentSpanId: span.parentSpanId } },
      h('details', {},
        h('summary', { class: 'span-row' },
          name,
          h('span', { class: 'span-row__duration' }, formatMs(span.durationMs)),
          h('span', { class: 'span-row__track' }, bar)),
        h('div', { class: 'span-detail' },
          h('p', {}, `Starts ${formatMs(span.offsetMs)} into the trace · status ${span.status}${span.statusMessage ? `: ${span.statusMessage}` : ''} · scope ${span.scope || '–'}`),
          h('h3', {}, 'Attributes'),
          h('dl', { class: 'attributes' }, span.attributes.flatMap((pair) => [h('dt', {}, pair.key), h('dd', { dataset: { attribute: pair.key } }, formatValue(pair.value))])),
          span.events.length > 0 ? [h('h3', {}, 'Events'), h('ul', { class: 'events' }, span.events.map((event) => h('li', { dataset: { event: event.name } },
            `${formatMs(event.offsetMs)}: ${event.name}`,
            event.attributes.length > 0 ? ` (${event.attributes.map((pair) => `${pair.key}=${formatValue(pair.value)}`).join(', ')})` : '')))] : null,
          span.links.length > 0 ? [h('h3', {}, 'Links'), h('ul', {}, span.links.map((link) => h('li', {}, h('a', { href: `#/traces/${link.traceId}` }, `trace ${link.traceId}`), ` span ${link.spanId}`)))] : null)),
      nested.length > 0 ? h('ul', {}, nested) : null);
  });
}

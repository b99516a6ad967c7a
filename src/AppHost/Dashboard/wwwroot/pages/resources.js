import { h, replaceChildren, formatTime, formatMs } from '../dom.js';
import { getJson } from '../api.js';
import { refreshing } from './refresh.js';

export function resourcesPage(view) {
  const status = h('div', { role: 'status' });
  const body = h('tbody');
  const models = h('div');
  replaceChildren(view,
    h('h2', {}, 'Resources'),
    status,
    h('table', { class: 'grid', 'aria-label': 'Resources' },
      h('thead', {}, h('tr', {}, ['Name', 'Type', 'State', 'PID', 'Restarts', 'Since', 'Endpoints', 'Health', 'Logs'].map((title) => h('th', { scope: 'col' }, title)))),
      body),
    h('h2', {}, 'Models'),
    models);

  return refreshing(async () => {
    const list = await getJson('/api/resources');
    replaceChildren(body, list.resources.map((resource) => h('tr', { dataset: { resource: resource.name } },
      h('th', { scope: 'row' }, resource.name),
      h('td', {}, resource.type),
      h('td', {}, h('span', { class: `state state--${resource.state.toLowerCase()}` }, resource.state)),
      h('td', {}, resource.processId ?? '–'),
      h('td', {}, resource.restarts),
      h('td', {}, resource.since ? formatTime(resource.since) : '–'),
      h('td', {}, resource.endpoints.map((endpoint) => h('div', {}, endpoint.startsWith('http') ? h('a', { href: endpoint }, endpoint) : endpoint))),
      h('td', {}, health(resource)),
      h('td', {}, h('a', { href: `#/console/${encodeURIComponent(resource.name)}` }, 'Console')))));
    replaceChildren(models, modelTable(list.models));
  }, 5000, status);
}

function health(resource) {
  if (resource.healthStatus === null || resource.healthStatus === undefined) return '–';
  const overall = resource.health?.status ?? String(resource.healthStatus);
  const checks = Object.entries(resource.health?.checks ?? {});
  return h('details', {},
    h('summary', { class: resource.healthStatus === 200 ? 'ok' : 'error' }, `${overall} (${resource.healthStatus})`),
    h('ul', {}, checks.map(([name, check]) => h('li', {}, `${name}: ${check.status}${check.description ? ` – ${check.description}` : ''}`))));
}

function modelTable(models) {
  if (!models?.services) return h('p', {}, 'The Gateway has not answered GET /api/health/models yet.');
  return h('table', { class: 'grid', 'aria-label': 'Models' },
    h('thead', {}, h('tr', {}, ['Service', 'State', 'Model', 'Provider', 'Model state', 'Load', 'Warm-up', 'Description'].map((title) => h('th', { scope: 'col' }, title)))),
    h('tbody', {}, models.services.flatMap((service) => (service.models.length > 0 ? service.models : [null]).map((model) => h('tr', {},
      h('th', { scope: 'row' }, service.service),
      h('td', {}, service.error ? `${service.state}: ${service.error}` : service.state),
      h('td', {}, model?.id ?? '–'),
      h('td', {}, model?.provider ?? '–'),
      h('td', {}, model?.state ?? '–'),
      h('td', {}, model ? formatMs(model.loadMs) : '–'),
      h('td', {}, model ? formatMs(model.warmupMs) : '–'),
      h('td', {}, model?.description ?? ''))))));
}

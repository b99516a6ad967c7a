import { h, replaceChildren } from './dom.js';
import { resourcesPage } from './pages/resources.js';
import { consolePage } from './pages/console.js';
import { logsPage } from './pages/logs.js';
import { tracesPage } from './pages/traces.js';
import { tracePage } from './pages/trace.js';
import { metricsPage } from './pages/metrics.js';

// Routes: #/resources, #/console/<resource>, #/logs?trace=<id>, #/traces, #/traces/<traceId>, #/metrics.
const view = document.getElementById('view');
let current = null;

function route() {
  const [path, queryText] = (location.hash.slice(1) || '/resources').split('?');
  const [, page, argument] = path.split('/');
  const query = new URLSearchParams(queryText ?? '');
  current?.stop?.();
  for (const link of document.querySelectorAll('.tabs a')) {
    if (link.dataset.page === page) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  const pages = {
    resources: () => resourcesPage(view),
    console: () => consolePage(view, argument ? decodeURIComponent(argument) : null),
    logs: () => logsPage(view, query),
    traces: () => (argument ? tracePage(view, argument) : tracesPage(view)),
    metrics: () => metricsPage(view, query),
  };
  current = (pages[page] ?? (() => {
    replaceChildren(view, h('p', {}, 'No such page. '), h('a', { href: '#/resources' }, 'Go to resources'));
    return null;
  }))();
}

window.addEventListener('hashchange', route);
route();

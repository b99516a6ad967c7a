import { h } from '../dom.js';

// Runs load() now and every intervalMs until stopped; a failed load shows its reason in place of the data.
export function refreshing(load, intervalMs, status) {
  let stopped = false;
  let running = false;
  let pending = false;
  let timer = null;
  async function tick() {
    if (running) {
      pending = true;
      return;
    }
    running = true;
    clearTimeout(timer);
    try {
      await load();
      status.replaceChildren();
    } catch (error) {
      status.replaceChildren(h('span', { class: 'error' }, `Could not load: ${error.message}`));
    } finally {
      running = false;
    }
    if (stopped) return;
    if (pending) {
      pending = false;
      tick();
    } else {
      timer = setTimeout(tick, intervalMs);
    }
  }
  tick();
  return {
    now: tick,
    stop: () => { stopped = true; clearTimeout(timer); },
  };
}

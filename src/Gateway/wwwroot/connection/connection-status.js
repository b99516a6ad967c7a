const LABELS = {
  idle: () => 'Not connected',
  connecting: () => 'Connecting…',
  open: () => 'Connected',
  reconnecting: ({ attempt, of }) => `Reconnecting (attempt ${attempt} of ${of})…`,
  sse: () => 'Connected over HTTP streaming',
  json: () => 'Connected without streaming',
  offline: () => 'Offline',
};

const DESCRIPTIONS = {
  open: 'Live connection (WebSocket).',
  sse: 'The live connection failed; replies still stream over HTTP.',
  json: 'Streaming is unavailable; each reply appears when it is complete.',
  offline: 'The server cannot be reached.',
};

/** The connection's state, always visible, with a way to try the live connection again after a fallback. */
export class ConnectionStatus {
  #element;
  #text;
  #retry;
  #notice;

  constructor(element, { onReconnect }) {
    this.#element = element;
    this.#text = element.querySelector('[data-part="text"]');
    this.#retry = element.querySelector('[data-part="retry"]');
    this.#notice = element.querySelector('[data-part="notice"]');
    this.#retry.addEventListener('click', () => onReconnect());
    this.show('idle');
  }

  show(state, detail = {}) {
    this.#element.dataset.state = state;
    this.#text.textContent = LABELS[state](detail);
    this.#element.title = DESCRIPTIONS[state] ?? '';
    this.#retry.hidden = !['sse', 'json', 'offline'].includes(state);
    this.#notice.textContent = '';
  }

  notice(text) {
    this.#notice.textContent = text;
  }
}

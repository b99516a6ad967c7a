import { renderMarkdown } from '../markdown/markdown.js';

const STATUS_LABELS = { cancelled: 'Stopped', failed: 'Failed' };

/**
 * One assistant message: typing dots until its first token, then the reply rendered as Markdown as it grows,
 * behind a blinking cursor, then its status, time to first token and, for a spoken reply, time to first audio.
 * data-status on the element says where it is: waiting, streaming, complete, cancelled or failed.
 */
export class AssistantReply {
  #element;
  #body;
  #meta;
  #text = '';

  /** `character`: the role-play character who speaks, named on the reply; null for the assistant. */
  constructor(doc, turnId, character = null) {
    this.#element = doc.createElement('article');
    this.#element.className = 'message message--assistant';
    this.#element.dataset.role = 'assistant';
    this.#element.dataset.status = 'waiting';
    this.#element.setAttribute('aria-label', character ?? 'Assistant');
    if (character) {
      const name = doc.createElement('header');
      name.className = 'message__author';
      name.textContent = character;
      this.#element.append(name);
    }
    this.#body = doc.createElement('div');
    this.#body.className = 'message__body';
    this.#body.dir = 'auto';
    this.#body.setAttribute('aria-busy', 'true');
    this.#body.append(typingIndicator(doc));
    this.#meta = doc.createElement('footer');
    this.#meta.className = 'message__meta';
    this.#element.append(this.#body, this.#meta);
    this.turnId = turnId;
  }

  get element() {
    return this.#element;
  }

  set turnId(turnId) {
    if (turnId) {
      this.#element.dataset.turnId = turnId;
    }
  }

  setModel(model) {
    if (model) {
      this.#element.dataset.model = model;
    }
  }

  append(text) {
    this.#text += text;
    this.#element.dataset.status = 'streaming';
    this.#render(true);
  }

  markStopping() {
    this.#setMeta([note(this.#element.ownerDocument, 'message__status', 'Stopping…')]);
  }

  /** The turn's end: `text` is the whole reply as stored, so whatever streamed is replaced by it. */
  complete({ text, status, timings }) {
    this.#text = text ?? this.#text;
    this.#finish(status ?? 'complete', timings ?? {});
  }

  fail(message) {
    this.#finish('failed', {});
    const doc = this.#element.ownerDocument;
    this.#body.append(note(doc, 'message__error', message));
  }

  #finish(status, { ttftMs, firstAudioMs }) {
    this.#element.dataset.status = status;
    this.#render(false);
    this.#body.setAttribute('aria-busy', 'false');
    const doc = this.#element.ownerDocument;
    const parts = [];
    if (STATUS_LABELS[status]) {
      parts.push(note(doc, 'message__status', STATUS_LABELS[status]));
    }
    if (typeof ttftMs === 'number') {
      const ttft = note(doc, 'message__ttft', `TTFT ${formatDuration(ttftMs)}`);
      ttft.title = 'Time to first token';
      parts.push(ttft);
    }
    if (typeof firstAudioMs === 'number') {
      const firstAudio = note(doc, 'message__first-audio', `First audio ${formatDuration(firstAudioMs)}`);
      firstAudio.title = 'Time to the first audio of the spoken reply';
      parts.push(firstAudio);
    }
    this.#setMeta(parts);
  }

  #render(streaming) {
    const doc = this.#element.ownerDocument;
    this.#body.replaceChildren(renderMarkdown(this.#text, doc));
    if (streaming) {
      const cursor = doc.createElement('span');
      cursor.className = 'cursor';
      cursor.setAttribute('aria-hidden', 'true');
      lastTextContainer(this.#body).append(cursor);
    }
  }

  #setMeta(parts) {
    this.#meta.replaceChildren(...parts);
  }
}

function typingIndicator(doc) {
  const dots = doc.createElement('span');
  dots.className = 'typing';
  dots.setAttribute('role', 'img');
  dots.setAttribute('aria-label', 'The assistant is typing');
  for (let i = 0; i < 3; i++) {
    dots.append(doc.createElement('span'));
  }
  return dots;
}

function note(doc, className, text) {
  const span = doc.createElement('span');
  span.className = className;
  span.textContent = text;
  return span;
}

function lastTextContainer(body) {
  let container = body.lastElementChild ?? body;
  while (container.lastElementChild && ['UL', 'OL', 'LI', 'PRE', 'CODE'].includes(container.lastElementChild.tagName)) {
    container = container.lastElementChild;
  }
  return container;
}

function formatDuration(ms) {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/**
 * What the user said in a voice turn, as the recognizer hears it: partial transcripts while it decodes, then the
 * final one, which stays as the user's message. The element is a polite live region, so screen readers hear it.
 */
export class LiveTranscript {
  #element;
  #text;

  constructor(doc) {
    this.#element = doc.createElement('article');
    this.#element.className = 'message message--user message--voice';
    this.#element.dataset.role = 'user';
    this.#element.dataset.transcript = 'listening';
    this.#element.setAttribute('aria-label', 'You (spoken)');
    this.#text = doc.createElement('p');
    this.#text.className = 'message__text';
    this.#text.setAttribute('aria-live', 'polite');
    this.#text.textContent = 'Listening…';
    this.#element.append(this.#text);
  }

  get element() {
    return this.#element;
  }

  set turnId(turnId) {
    if (turnId) {
      this.#element.dataset.turnId = turnId;
    }
  }

  /** The audio is sent; the transcript follows. */
  markSent() {
    if (this.#element.dataset.transcript === 'listening') {
      this.#element.dataset.transcript = 'transcribing';
      this.#text.textContent = 'Transcribing…';
    }
  }

  show(text, isFinal) {
    this.#element.dataset.transcript = isFinal ? 'final' : 'partial';
    this.#text.textContent = text;
  }

  markNotSent() {
    this.#element.dataset.status = 'not-sent';
    const meta = this.#element.ownerDocument.createElement('footer');
    meta.className = 'message__meta';
    meta.textContent = 'Not sent';
    this.#element.append(meta);
  }
}

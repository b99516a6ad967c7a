/** One message of the user's, shown exactly as typed: plain text, never markup. */
export class UserMessage {
  #element;

  constructor(doc, content, turnId) {
    this.#element = doc.createElement('article');
    this.#element.className = 'message message--user';
    this.#element.dataset.role = 'user';
    this.#element.setAttribute('aria-label', 'You');
    const text = doc.createElement('p');
    text.className = 'message__text';
    text.dir = 'auto';
    text.textContent = content;
    this.#element.append(text);
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

  markNotSent() {
    this.#element.dataset.status = 'not-sent';
    const meta = this.#element.ownerDocument.createElement('footer');
    meta.className = 'message__meta';
    meta.textContent = 'Not sent';
    this.#element.append(meta);
  }
}

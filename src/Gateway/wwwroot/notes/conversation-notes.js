/**
 * The summary and vocabulary panels. Each stays hidden until the server has something for it: the Gateway stores
 * them when background jobs produce them, and pushes 'summary' and 'vocabulary' frames that refresh them.
 */
export class ConversationNotes {
  #summary;
  #vocabulary;

  constructor(summary, vocabulary) {
    this.#summary = summary;
    this.#vocabulary = vocabulary;
  }

  clear() {
    this.#summary.hidden = true;
    this.#vocabulary.hidden = true;
  }

  show({ summary, vocabulary }) {
    const doc = this.#summary.ownerDocument;
    this.#summary.hidden = !summary?.content;
    this.#summary.querySelector('[data-part="content"]').textContent = summary?.content ?? '';

    const items = vocabulary ?? [];
    this.#vocabulary.hidden = items.length === 0;
    this.#vocabulary.querySelector('[data-part="content"]').replaceChildren(...items.map((item) => {
      const term = doc.createElement('dt');
      term.textContent = item.cefrLevel ? `${item.term} (${item.cefrLevel})` : item.term;
      const definition = doc.createElement('dd');
      definition.textContent = item.example ? `${item.definition} — “${item.example}”` : item.definition;
      return [term, definition];
    }).flat());
  }
}

import { ApiError, createConversation } from '../api/platform-api.js';

/** Starts a conversation with a language, a CEFR level and a scenario; the Gateway's validation messages show by the fields. */
export class NewConversationForm {
  #form;
  #error;

  constructor(form, { onCreated }) {
    this.#form = form;
    this.#error = form.querySelector('[data-part="error"]');
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const conversation = await this.#create();
      if (conversation) {
        onCreated(conversation);
      }
    });
  }

  async #create() {
    const fields = this.#form.elements;
    const submit = this.#form.querySelector('button[type="submit"]');
    this.#showError('');
    submit.disabled = true;
    try {
      return await createConversation({
        language: fields.namedItem('language').value.trim(),
        level: fields.namedItem('level').value,
        scenario: fields.namedItem('scenario').value.trim(),
      });
    } catch (error) {
      const messages = error instanceof ApiError ? Object.values(error.errors).flat() : [];
      this.#showError(messages.length > 0 ? messages.join(' ') : error.message);
      return null;
    } finally {
      submit.disabled = false;
    }
  }

  #showError(message) {
    this.#error.textContent = message;
    this.#error.hidden = message === '';
  }
}

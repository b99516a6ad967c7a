import { ApiError, createConversation } from '../api/platform-api.js';

/**
 * Starts a conversation: a role-play from the catalog, or a language, a CEFR level and a free scenario. The Gateway's
 * validation messages show by the fields. The page also starts one with these settings when the first message is
 * typed before any conversation was started.
 */
export class NewConversationForm {
  #form;
  #error;

  constructor(form, { onCreated }) {
    this.#form = form;
    this.#error = form.querySelector('[data-part="error"]');
    const rolePlay = form.elements.namedItem('scenarioId');
    rolePlay.addEventListener('change', () => this.#showFreeSettings(rolePlay.value === ''));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const conversation = await this.#create();
      if (conversation) {
        onCreated(conversation);
      }
    });
  }

  /** Offers the catalog's scenarios as role-plays. */
  setScenarios(scenarios) {
    const rolePlay = this.#form.elements.namedItem('scenarioId');
    const doc = this.#form.ownerDocument;
    rolePlay.replaceChildren(rolePlay.options[0], ...scenarios.map((scenario) => {
      const option = doc.createElement('option');
      option.value = scenario.id;
      option.textContent = `${scenario.title} (${scenario.character}, ${scenario.language} ${scenario.level})`;
      return option;
    }));
  }

  /** What a new conversation is started with: the chosen role-play, or the free settings. */
  settings() {
    const fields = this.#form.elements;
    const scenarioId = fields.namedItem('scenarioId').value;
    return scenarioId
      ? { scenarioId }
      : {
        language: fields.namedItem('language').value.trim(),
        level: fields.namedItem('level').value,
        scenario: fields.namedItem('scenario').value.trim(),
      };
  }

  async #create() {
    const submit = this.#form.querySelector('button[type="submit"]');
    this.#showError('');
    submit.disabled = true;
    try {
      return await createConversation(this.settings());
    } catch (error) {
      const messages = error instanceof ApiError ? Object.values(error.errors).flat() : [];
      this.#showError(messages.length > 0 ? messages.join(' ') : error.message);
      return null;
    } finally {
      submit.disabled = false;
    }
  }

  #showFreeSettings(shown) {
    for (const field of this.#form.querySelectorAll('[data-part="free-settings"]')) {
      field.hidden = !shown;
    }
  }

  #showError(message) {
    this.#error.textContent = message;
    this.#error.hidden = message === '';
  }
}

/** The user's conversations, newest activity first, each a link that opens it. */
export class ConversationList {
  #list;
  #selectedId = null;

  constructor(list) {
    this.#list = list;
  }

  render(conversations) {
    const doc = this.#list.ownerDocument;
    if (conversations.length === 0) {
      const empty = doc.createElement('li');
      empty.className = 'conversation-list__empty';
      empty.textContent = 'No conversations yet.';
      this.#list.replaceChildren(empty);
      return;
    }
    this.#list.replaceChildren(...conversations.map((conversation) => this.#item(doc, conversation)));
    this.select(this.#selectedId);
  }

  select(conversationId) {
    this.#selectedId = conversationId;
    for (const link of this.#list.querySelectorAll('a')) {
      if (link.dataset.conversationId === conversationId) {
        link.setAttribute('aria-current', 'page');
      } else {
        link.removeAttribute('aria-current');
      }
    }
  }

  #item(doc, conversation) {
    const item = doc.createElement('li');
    const link = doc.createElement('a');
    link.href = `#/conversations/${conversation.id}`;
    link.dataset.conversationId = conversation.id;
    const title = doc.createElement('span');
    title.className = 'conversation-list__title';
    title.dir = 'auto';
    title.textContent = conversation.title || 'New conversation';
    const settings = doc.createElement('span');
    settings.className = 'conversation-list__settings';
    settings.textContent = describeSettings(conversation);
    link.append(title, settings);
    item.append(link);
    return item;
  }
}

/** "es-MX · B1 · At the market": the settings a conversation was started with. */
export function describeSettings({ language, level, scenario }) {
  return [language, level, scenario].filter((part) => part).join(' · ');
}

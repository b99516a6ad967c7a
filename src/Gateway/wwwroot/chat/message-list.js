import { AssistantReply } from './assistant-reply.js';
import { UserMessage } from './user-message.js';
import { LiveTranscript } from '../voice/live-transcript.js';

/** The conversation's messages, stored ones and the ones of this visit, in the order they happened. */
export class MessageList {
  #log;
  #follower;
  #character = null;

  constructor(log, follower) {
    this.#log = log;
    this.#follower = follower;
  }

  /** Names the replies that follow (and the stored ones shown next) after a role-play's character; null for the assistant. */
  setCharacter(name) {
    this.#character = name;
  }

  showStored(messages) {
    this.#log.replaceChildren();
    for (const message of messages) {
      if (message.role === 'user') {
        this.addUser(message.content, message.turnId);
      } else if (message.role === 'assistant') {
        this.addReply(message.turnId).complete({ text: message.content, status: message.status, timings: { ttftMs: message.ttftMs } });
      }
    }
    this.#follower.reset();
  }

  addUser(content, turnId) {
    const message = new UserMessage(this.#log.ownerDocument, content, turnId);
    this.#log.append(message.element);
    this.#follower.reset();
    return message;
  }

  /** A spoken message, shown as its transcript arrives. */
  addTranscript() {
    const transcript = new LiveTranscript(this.#log.ownerDocument);
    this.#log.append(transcript.element);
    this.#follower.reset();
    return transcript;
  }

  addReply(turnId) {
    const reply = new AssistantReply(this.#log.ownerDocument, turnId, this.#character);
    this.#log.append(reply.element);
    this.#follower.contentChanged();
    return reply;
  }

  contentChanged() {
    this.#follower.contentChanged();
  }
}

// A turn keeps running on the server when its client goes away, and the user's message is stored before the reply
// starts. So a conversation whose last stored message is the user's has a turn that may still be answering.

// The Gateway abandons a generation after 5 minutes (Gateway:GenerationTimeout). An older unanswered message
// belongs to a turn that died with its Gateway process, whose events would never end.
const STILL_RUNNING_MS = 5 * 60_000;

/** The turn of the conversation's last message when that is the user's, recent and not yet answered; else null. */
export function unansweredTurn(details, now = Date.now()) {
  const last = details.messages.at(-1);
  if (!last || last.role !== 'user' || !last.turnId) {
    return null;
  }
  if (now - Date.parse(last.createdAt) > STILL_RUNNING_MS) {
    return null;
  }
  return { turnId: last.turnId, content: last.content };
}

/** The stored reply of a turn, or undefined while none is stored. */
export function storedReply(details, turnId) {
  return details.messages.find((message) => message.role === 'assistant' && message.turnId === turnId);
}

/**
 * The turn this tab is waiting for, in sessionStorage, so that a reload picks it up again: its id once known, and
 * the last event seen.
 */
export class InFlightTurnRecord {
  #key;

  constructor(conversationId) {
    this.#key = `platform.turn-in-flight.${conversationId}`;
  }

  load() {
    try {
      return JSON.parse(sessionStorage.getItem(this.#key));
    } catch {
      return null;
    }
  }

  save(turnId, lastSeq) {
    try {
      sessionStorage.setItem(this.#key, JSON.stringify({ turnId, lastSeq }));
    } catch {
      // Storage may be full or disabled; the turn is then still found from the stored messages after a reload.
    }
  }

  clear() {
    try {
      sessionStorage.removeItem(this.#key);
    } catch {
      // As above: nothing to clear where storage is unavailable.
    }
  }
}

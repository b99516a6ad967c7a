// Within this distance of the end, the reader counts as following the conversation.
const NEAR_END_PX = 48;

/**
 * Keeps the message log scrolled to its end while text arrives, except while the reader has scrolled up; then a
 * button offers the way back down.
 */
export class ScrollFollower {
  #log;
  #jump;
  #following = true;
  #pinnedTop = 0;

  constructor(log, jump) {
    this.#log = log;
    this.#jump = jump;
    log.addEventListener('scroll', () => this.#onScroll(), { passive: true });
    jump.addEventListener('click', () => this.reset());
  }

  contentChanged() {
    // A reader's scroll may not have fired its event yet; a log above where it was last pinned was moved by the reader.
    if (this.#following && this.#log.scrollTop + 1 < this.#pinnedTop) {
      this.#following = false;
    }

    if (this.#following) {
      this.#toEnd();
    } else {
      this.#jump.hidden = false;
    }
  }

  reset() {
    this.#following = true;
    this.#jump.hidden = true;
    this.#toEnd();
  }

  #onScroll() {
    const log = this.#log;
    this.#following = log.scrollHeight - log.scrollTop - log.clientHeight <= NEAR_END_PX;
    if (this.#following) {
      this.#jump.hidden = true;
    }
  }

  #toEnd() {
    this.#log.scrollTop = this.#log.scrollHeight;
    this.#pinnedTop = this.#log.scrollTop;
  }
}

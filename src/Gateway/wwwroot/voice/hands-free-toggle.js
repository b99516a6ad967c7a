/**
 * The hands-free switch beside the microphone button: on, the microphone stays open and every utterance the
 * server's endpointer closes is sent as a message; speaking over a reply stops it. It is available exactly when
 * push-to-talk is, and says why not otherwise. aria-pressed says whether it is on.
 */
export class HandsFreeToggle {
  #button;
  #onStart;
  #onStop;
  #on = false;

  constructor(button, { onStart, onStop }) {
    this.#button = button;
    this.#onStart = onStart;
    this.#onStop = onStop;
    button.addEventListener('click', (event) => {
      event.preventDefault();
      if (this.#on) {
        this.turnOff();
      } else if (!button.disabled) {
        this.#on = true;
        this.#show();
        if (!this.#onStart()) {
          this.turnOff();
        }
      }
    });
  }

  /** Why voice cannot be used now ('' when it can); turning unavailable turns hands-free off. */
  setAvailability(reason) {
    this.#button.disabled = reason !== '';
    this.#button.title = reason || 'Hands-free: keep the microphone open; each thing you say is sent when you pause';
    if (reason) {
      this.turnOff();
    }
  }

  turnOff() {
    if (!this.#on) {
      return;
    }
    this.#on = false;
    this.#show();
    this.#onStop();
  }

  #show() {
    this.#button.setAttribute('aria-pressed', String(this.#on));
    this.#button.dataset.state = this.#on ? 'listening' : 'off';
  }
}

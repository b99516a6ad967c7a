/**
 * The microphone button: held (pointer, or Space/Enter while focused) it records; released, it sends. It is enabled
 * only when the server offers voice and the page has its WebSocket; otherwise it says why not. data-state says what
 * it is doing: unavailable, ready or recording.
 */
export class PushToTalkButton {
  #button;
  #explanation;
  #onPress;
  #onRelease;
  #held = false;
  #offered = false;
  #offeredReason = 'Checking whether this server offers voice…';
  #connected = false;

  #onAvailability;

  constructor(button, explanation, { onPress, onRelease, onAvailability }) {
    this.#onAvailability = onAvailability;
    this.#button = button;
    this.#explanation = explanation;
    this.#onPress = onPress;
    this.#onRelease = onRelease;
    button.addEventListener('pointerdown', (event) => {
      if (event.button === 0) {
        // Keeps pointerup coming here even when the pointer leaves the button while held.
        button.setPointerCapture?.(event.pointerId);
        this.#press();
      }
    });
    button.addEventListener('pointerup', () => this.#release());
    button.addEventListener('pointercancel', () => this.#release());
    button.addEventListener('keydown', (event) => {
      if ((event.key === ' ' || event.key === 'Enter') && !event.repeat) {
        event.preventDefault();
        this.#press();
      }
    });
    button.addEventListener('keyup', (event) => {
      if (event.key === ' ' || event.key === 'Enter') {
        event.preventDefault();
        this.#release();
      }
    });
    button.addEventListener('blur', () => this.#release());
    // The button works by holding, not clicking; a click (from a screen reader, say) must not submit the form.
    button.addEventListener('click', (event) => event.preventDefault());
    this.#update();
  }

  /** Whether the Gateway offers voice, and if not why. */
  setOffered(offered, reason) {
    this.#offered = offered;
    this.#offeredReason = reason;
    this.#update();
  }

  /** Whether the page's WebSocket is open: voice goes only over it. */
  setConnected(connected) {
    this.#connected = connected;
    if (!connected) {
      this.#release();
    }
    this.#update();
  }

  #press() {
    if (this.#held || this.#button.disabled) {
      return;
    }
    this.#held = true;
    this.#button.dataset.state = 'recording';
    this.#button.setAttribute('aria-pressed', 'true');
    this.#onPress();
  }

  #release() {
    if (!this.#held) {
      return;
    }
    this.#held = false;
    this.#update();
    this.#onRelease();
  }

  #update() {
    let reason = '';
    if (!this.#offered) {
      reason = this.#offeredReason;
    } else if (!navigator.mediaDevices?.getUserMedia) {
      reason = 'This browser cannot record from a microphone here (it needs a secure page).';
    } else if (!this.#connected) {
      reason = 'Voice needs the live connection (WebSocket); it is not available on the fallback connection.';
    }
    this.#button.disabled = reason !== '';
    this.#button.setAttribute('aria-pressed', String(this.#held));
    if (!this.#held) {
      this.#button.dataset.state = reason ? 'unavailable' : 'ready';
    }
    this.#button.title = reason || 'Hold to speak (or hold Space); release to send';
    this.#explanation.textContent = reason || 'Hold to speak; release to send. Speaking over a reply stops it.';
    this.#onAvailability?.(reason);
  }
}

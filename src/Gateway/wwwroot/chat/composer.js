/**
 * The message box and its buttons. Enter sends, Shift+Enter starts a new line; while a reply runs, Stop takes the
 * place of Send.
 */
export class Composer {
  #form;
  #input;
  #send;
  #stop;
  #busy = false;
  #connected = false;

  constructor(form, { onSend, onStop }) {
    this.#form = form;
    this.#input = form.elements.namedItem('message');
    this.#send = form.querySelector('[data-action="send"]');
    this.#stop = form.querySelector('[data-action="stop"]');
    this.#input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.#form.requestSubmit();
      }
    });
    this.#input.addEventListener('input', () => this.#update());
    this.#form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (this.#canSend() && onSend(this.#input.value)) {
        this.#input.value = '';
        this.#update();
      }
    });
    this.#stop.addEventListener('click', () => {
      onStop();
      this.#input.focus();
    });
    this.#update();
  }

  setBusy(busy) {
    this.#busy = busy;
    this.#update();
  }

  setConnected(connected) {
    this.#connected = connected;
    this.#update();
  }

  focus() {
    this.#input.focus();
  }

  #canSend() {
    return !this.#busy && this.#connected && this.#input.value.trim().length > 0;
  }

  #update() {
    this.#send.hidden = this.#busy;
    this.#stop.hidden = !this.#busy;
    this.#send.disabled = !this.#canSend();
    this.#input.style.height = 'auto';
    this.#input.style.height = `${Math.min(this.#input.scrollHeight, 200)}px`;
  }
}

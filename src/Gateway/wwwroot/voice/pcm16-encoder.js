/**
 * Turns microphone samples at the capture rate (often 48 kHz) into PCM16 little-endian mono at 16 kHz, in frames of
 * `frameMs` milliseconds: the shape the Gateway's WebSocket takes between audio.start and audio.end. Each output
 * sample is the mean of the input samples it covers, which is enough of a low-pass for speech recognition.
 */
export class Pcm16Encoder {
  #ratio;
  #frameSamples;
  #frame;
  #filled = 0;
  #position = 0;
  #sum = 0;
  #count = 0;
  #onFrame;

  constructor(inputRate, { outputRate = 16_000, frameMs = 100, onFrame }) {
    this.#ratio = inputRate / outputRate;
    this.#frameSamples = Math.round((outputRate * frameMs) / 1000);
    this.#frame = new Int16Array(this.#frameSamples);
    this.#onFrame = onFrame;
  }

  /** Takes Float32 samples in [-1, 1]. */
  push(samples) {
    for (let i = 0; i < samples.length; i++) {
      this.#sum += samples[i];
      this.#count++;
      this.#position++;
      if (this.#position >= this.#ratio) {
        this.#position -= this.#ratio;
        this.#emitSample(this.#sum / this.#count);
        this.#sum = 0;
        this.#count = 0;
      }
    }
  }

  /** Sends what is left as a last, shorter frame. */
  flush() {
    if (this.#filled > 0) {
      this.#onFrame(this.#frame.slice(0, this.#filled).buffer);
      this.#filled = 0;
    }
  }

  #emitSample(value) {
    const clamped = Math.max(-1, Math.min(1, value));
    this.#frame[this.#filled++] = clamped < 0 ? clamped * 0x8000 : clamped * 0x7fff;
    if (this.#filled === this.#frameSamples) {
      // Int16Array is in the platform's byte order; every browser this page runs on is little-endian.
      this.#onFrame(this.#frame.slice().buffer);
      this.#filled = 0;
    }
  }
}

/**
 * Plays a spoken reply as its chunks arrive, through one gapless Web Audio queue: each chunk is scheduled at the
 * running end time of the ones before it, so consecutive chunks join with no gap. playedMs is how much has actually
 * sounded (each scheduled chunk counts up to where the clock is); stop() silences everything at once and freezes it.
 * The numbers are published on window.__platformAudio and on the reply's data-played-ms, for people and tests.
 */
export class ReplyAudioPlayer {
  #context = null;
  #scheduled = [];
  #endTime = 0;
  #frozenMs = 0;
  #timer = 0;
  #element = null;

  constructor() {
    window.__platformAudio = { playedMs: 0, playing: false, stopped: false };
  }

  get playing() {
    return this.#scheduled.length > 0 && this.#context !== null && this.#context.currentTime < this.#endTime;
  }

  /**
   * Creates or resumes the audio output. Called from a press of the microphone button, a user gesture, so the
   * browser's autoplay policy lets the reply play later.
   */
  unlock() {
    if (!this.#context) {
      this.#context = new AudioContext();
    }
    this.#context.resume().catch(() => {});
  }

  /** Begins a new reply, shown on `element`; whatever still played of the last one is stopped. */
  begin(element) {
    this.stop();
    this.#scheduled = [];
    this.#frozenMs = 0;
    this.#element = element;
    window.__platformAudio = { playedMs: 0, playing: false, stopped: false };
    this.#publish();
  }

  /** Queues one chunk: {sampleRate, format: 'pcm16'} with PCM16 LE mono as `pcm` (WebSocket) or base64 `data` (SSE). */
  enqueue({ sampleRate, data, pcm }) {
    this.unlock();
    const samples = decodePcm16(pcm ?? Uint8Array.from(atob(data), (c) => c.charCodeAt(0)).buffer);
    if (samples.length === 0) {
      return;
    }
    const buffer = this.#context.createBuffer(1, samples.length, sampleRate);
    buffer.copyToChannel(samples, 0);
    const source = this.#context.createBufferSource();
    source.buffer = buffer;
    source.connect(this.#context.destination);
    // A chunk that arrives after the queue ran dry starts a little ahead, so it is never scheduled in the past.
    const start = Math.max(this.#endTime, this.#context.currentTime + 0.05);
    source.start(start);
    this.#endTime = start + buffer.duration;
    this.#scheduled.push({ source, start, duration: buffer.duration });
    window.__platformAudio.stopped = false;
    this.#watch();
  }

  /** Silences the reply now (barge-in, Stop); playedMs stays where it was. */
  stop() {
    if (this.#scheduled.length === 0) {
      return;
    }
    this.#frozenMs = this.#playedMs();
    for (const { source } of this.#scheduled) {
      try {
        source.stop();
      } catch {
        // Already ended.
      }
    }
    this.#scheduled = [];
    this.#endTime = 0;
    clearInterval(this.#timer);
    this.#timer = 0;
    window.__platformAudio.stopped = true;
    this.#publish();
  }

  #playedMs() {
    if (!this.#context) {
      return this.#frozenMs;
    }
    const now = this.#context.currentTime;
    let seconds = 0;
    for (const { start, duration } of this.#scheduled) {
      seconds += Math.min(Math.max(now - start, 0), duration);
    }
    return this.#frozenMs + seconds * 1000;
  }

  #watch() {
    if (!this.#timer) {
      this.#timer = setInterval(() => this.#publish(), 100);
    }
  }

  #publish() {
    const playedMs = Math.round(this.#playedMs());
    const playing = this.playing;
    window.__platformAudio.playedMs = playedMs;
    window.__platformAudio.playing = playing;
    if (this.#element) {
      this.#element.dataset.playedMs = String(playedMs);
      this.#element.dataset.audio = playing ? 'playing' : (window.__platformAudio.stopped ? 'stopped' : 'idle');
    }
    if (!playing && this.#timer && this.#scheduled.length > 0 && this.#context.currentTime >= this.#endTime) {
      clearInterval(this.#timer);
      this.#timer = 0;
    }
  }
}

function decodePcm16(buffer) {
  const view = new DataView(buffer);
  const samples = new Float32Array(Math.floor(buffer.byteLength / 2));
  for (let i = 0; i < samples.length; i++) {
    samples[i] = view.getInt16(i * 2, true) / 0x8000;
  }
  return samples;
}

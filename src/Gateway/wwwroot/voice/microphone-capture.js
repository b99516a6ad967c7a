import { Pcm16Encoder } from './pcm16-encoder.js';

const FRAME_MS = 100;
const SCRIPT_PROCESSOR_BLOCK = 4096;

/**
 * The microphone while the push-to-talk button is held: getUserMedia, then an AudioWorklet (or, where there is
 * none, a ScriptProcessor) feeding a PCM16 16 kHz encoder that hands out ~100 ms frames. recordedMs counts the
 * audio sent so far.
 */
export class MicrophoneCapture {
  #stream = null;
  #context = null;
  #encoder = null;
  #stopped = false;
  recordedMs = 0;

  /** Opens the microphone; each frame of PCM16 goes to onFrame(ArrayBuffer) until stop(). */
  async start(onFrame) {
    this.#stream = await navigator.mediaDevices.getUserMedia({
      audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true, autoGainControl: true },
    });
    if (this.#stopped) {
      this.#release();
      return;
    }
    this.#context = new AudioContext();
    this.#encoder = new Pcm16Encoder(this.#context.sampleRate, {
      frameMs: FRAME_MS,
      onFrame: (frame) => {
        this.recordedMs += (frame.byteLength / 2 / 16_000) * 1000;
        onFrame(frame);
      },
    });
    const source = this.#context.createMediaStreamSource(this.#stream);
    if (this.#context.audioWorklet) {
      await this.#context.audioWorklet.addModule(new URL('./pcm-capture-worklet.js', import.meta.url));
      const node = new AudioWorkletNode(this.#context, 'pcm-capture', { numberOfInputs: 1, numberOfOutputs: 0, channelCount: 1, channelCountMode: 'explicit' });
      node.port.onmessage = (event) => this.#take(event.data);
      source.connect(node);
    } else {
      const node = this.#context.createScriptProcessor(SCRIPT_PROCESSOR_BLOCK, 1, 1);
      node.onaudioprocess = (event) => this.#take(event.inputBuffer.getChannelData(0));
      source.connect(node);
      // A ScriptProcessor only runs while connected to an output; it writes nothing to it.
      node.connect(this.#context.destination);
    }
    await this.#context.resume();
  }

  /** Sends the last partial frame and closes the microphone. */
  stop() {
    if (this.#stopped) {
      return;
    }
    this.#stopped = true;
    this.#encoder?.flush();
    this.#release();
  }

  #take(samples) {
    if (!this.#stopped) {
      this.#encoder.push(samples);
    }
  }

  #release() {
    this.#stream?.getTracks().forEach((track) => track.stop());
    this.#context?.close().catch(() => {});
    this.#stream = null;
    this.#context = null;
  }
}

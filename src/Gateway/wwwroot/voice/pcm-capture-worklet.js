// Runs on the audio rendering thread: hands each block of microphone samples (mono, the context's own rate) to the
// page, which downsamples and frames them. Kept this small so the audio thread never waits on the page.
class PcmCaptureProcessor extends AudioWorkletProcessor {
  process(inputs) {
    const channel = inputs[0]?.[0];
    if (channel) {
      this.port.postMessage(channel.slice(0));
    }
    return true;
  }
}

registerProcessor('pcm-capture', PcmCaptureProcessor);

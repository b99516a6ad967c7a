// The npm `openai` package against the Gateway's /v1 audio: speech to a WAV file, then that file transcribed.
// Usage: node audio.cjs BASE_URL API_KEY TEXT WAV_PATH; prints {"bytes": n, "text": ...}.
const fs = require("fs");
const OpenAI = require("openai");

async function main() {
  const [baseURL, apiKey, input, path] = process.argv.slice(2);
  const client = new OpenAI({ baseURL, apiKey, maxRetries: 0 });

  const speech = await client.audio.speech.create({ model: "tts-1", voice: "alloy", input, response_format: "wav" });
  const audio = Buffer.from(await speech.arrayBuffer());
  fs.writeFileSync(path, audio);

  const transcription = await client.audio.transcriptions.create({ model: "whisper-1", file: fs.createReadStream(path) });
  console.log(JSON.stringify({ bytes: audio.length, text: transcription.text }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

// The npm `openai` package against the Gateway's /v1 API: the models, one non-streamed and one streamed completion.
// Usage: node chat.cjs BASE_URL API_KEY PROMPT; prints {"models": [...], "plain": ..., "streamed": ..., "chunks": n, "usage": {...}}.
const OpenAI = require("openai");

async function main() {
  const [baseURL, apiKey, prompt] = process.argv.slice(2);
  const client = new OpenAI({ baseURL, apiKey, maxRetries: 0 });
  const request = { model: "default", messages: [{ role: "user", content: prompt }], temperature: 0, max_tokens: 64 };

  const models = [];
  for await (const model of client.models.list()) {
    models.push(model.id);
  }

  const plain = await client.chat.completions.create(request);
  let streamed = "";
  let chunks = 0;
  const stream = await client.chat.completions.create({ ...request, stream: true });
  for await (const chunk of stream) {
    const delta = chunk.choices[0]?.delta?.content;
    if (delta) {
      streamed += delta;
      chunks++;
    }
  }

  console.log(JSON.stringify({ models, plain: plain.choices[0].message.content, streamed, chunks, usage: plain.usage }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

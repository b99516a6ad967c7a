// Server-Sent Events read from a fetch response body. EventSource cannot POST a message or set Last-Event-ID
// itself, so the page parses the stream as it arrives.

const FRAME_TYPES = { metadata: 'metadata', 'turn.started': 'start', token: 'chunk', 'turn.completed': 'complete', error: 'error' };

/**
 * Yields each event of `response` as the frame shape the WebSocket uses: {type, turnId, seq, data}. Events without
 * an id (a lagging reader's error) belong to `turnId`.
 */
export async function* readTurnFrames(response, turnId) {
  for await (const event of readEvents(response)) {
    const type = FRAME_TYPES[event.type];
    if (!type) {
      continue;
    }
    const data = JSON.parse(event.data);
    const [id, seq] = parseEventId(event.id);
    yield { type, turnId: id ?? turnId, seq, data };
  }
}

function parseEventId(id) {
  const separator = id ? id.lastIndexOf(':') : -1;
  return separator > 0 ? [id.slice(0, separator), Number(id.slice(separator + 1))] : [null, null];
}

async function* readEvents(response) {
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let event = { id: null, type: 'message', data: [] };
  try {
    while (true) {
      const { value: text, done } = await reader.read();
      if (done) {
        return;
      }
      buffer += text;
      let newline;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, newline).replace(/\r$/, '');
        buffer = buffer.slice(newline + 1);
        if (line === '') {
          if (event.data.length > 0) {
            yield { id: event.id, type: event.type, data: event.data.join('\n') };
          }
          event = { id: null, type: 'message', data: [] };
          continue;
        }
        if (line.startsWith(':')) {
          continue;
        }
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const fieldValue = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'id') {
          event.id = fieldValue;
        } else if (field === 'event') {
          event.type = fieldValue;
        } else if (field === 'data') {
          event.data.push(fieldValue);
        }
      }
    }
  } finally {
    reader.cancel().catch(() => {});
  }
}

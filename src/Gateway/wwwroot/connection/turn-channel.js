import { ApiError, cancelTurn, getConversation, openTurnEvents, runTurn, startStreamingTurn } from '../api/platform-api.js';
import { storedReply, unansweredTurn } from '../conversations/unanswered-turn.js';
import { readTurnFrames } from './server-sent-events.js';

const MAX_RECONNECT_ATTEMPTS = 5;
const FIRST_RETRY_DELAY_MS = 500;
const HEARTBEAT_INTERVAL_MS = 15_000;
const PONG_TIMEOUT_MS = 5_000;
const REPLY_POLL_INTERVAL_MS = 1_000;
const UPGRADE_PROBE_MS = 30_000;
const FALLBACK_STATES = ['sse', 'json', 'offline'];

/**
 * The page's connection to one conversation. Its states:
 *
 *   connecting ──open──▶ open (WebSocket, ping at once and every 15 s; no answer within 5 s counts as a lost socket)
 *   open / connecting ──socket lost──▶ reconnecting (attempt n of 5, after 0.5, 1, 2, 4, 8 s) ──open──▶ open
 *   reconnecting ──5th attempt failed──▶ sse (each message is a POST answered with an event stream)
 *   sse ──a stream cannot be opened──▶ json (each message is a POST answered once, whole)
 *   json ──the server cannot be reached──▶ offline
 *   sse / json / offline ──reconnect()──▶ connecting
 *   sse / json / offline ──a WebSocket tried quietly every 30 s answers──▶ open
 *
 * Whatever the transport, what happens reaches onFrame in the WebSocket's shape: {type, turnId, seq, data}, where
 * type is start | chunk | complete | error | pong, transcription and audio (voice turns), or accepted (the HTTP transports name a turn before it starts).
 * onReady is called each time a transport is ready after a change, so that a turn in flight can be resumed on it.
 */
export class TurnChannel {
  #conversationId;
  #handlers;
  #state = 'idle';
  #socket = null;
  #attempt = 0;
  #retryTimer = 0;
  #probeTimer = 0;
  #heartbeatTimer = 0;
  #pongTimer = 0;
  #requests = new Set();
  #closed = false;

  constructor(conversationId, { onFrame, onState, onReady }) {
    this.#conversationId = conversationId;
    this.#handlers = { onFrame, onState, onReady };
  }

  get canSend() {
    return this.#state === 'open' || this.#state === 'sse' || this.#state === 'json';
  }

  /** Voice goes only over the WebSocket: the HTTP fallbacks have no way to stream microphone audio. */
  get canSpeak() {
    return this.#state === 'open';
  }

  /** Begins a spoken message; PCM16 16 kHz mono frames follow through sendAudio, then endAudio. */
  startAudio({ language, voice, mode } = {}) {
    this.#requireSocket().send(JSON.stringify({ type: 'audio.start', ...(language ? { language } : {}), ...(voice ? { voice } : {}), ...(mode ? { mode } : {}) }));
  }

  /** A spoken reply was stopped after `audioMs` of it had played: the server keeps only what was heard. */
  reportPlayed(turnId, audioMs) {
    this.#requireSocket().send(JSON.stringify({ type: 'played', turnId, audioMs: Math.round(audioMs) }));
  }

  sendAudio(pcm16) {
    this.#requireSocket().send(pcm16);
  }

  /** Ends the spoken message; the Gateway answers accepted, then the turn's frames. */
  endAudio() {
    this.#requireSocket().send(JSON.stringify({ type: 'audio.end' }));
  }

  #requireSocket() {
    if (this.#state !== 'open' || this.#socket?.readyState !== WebSocket.OPEN) {
      throw new Error('Voice needs the live connection, which is not open.');
    }
    return this.#socket;
  }

  start() {
    this.#connectSocket();
  }

  /** Starts over with the WebSocket, after a fallback or going offline. */
  reconnect() {
    if (this.#closed || this.#state === 'open' || this.#state === 'connecting') {
      return;
    }
    this.#attempt = 0;
    this.#connectSocket();
  }

  close() {
    this.#closed = true;
    clearTimeout(this.#retryTimer);
    clearTimeout(this.#probeTimer);
    this.#stopHeartbeat();
    this.#dropSocket(1000, 'Conversation closed');
    for (const request of this.#requests) {
      request.abort();
    }
    this.#requests.clear();
  }

  /** Sends a user message; its turn's frames follow through onFrame. */
  async send(content) {
    switch (this.#state) {
      case 'open':
        this.#socket.send(JSON.stringify({ type: 'message', content }));
        return;
      case 'sse':
        await this.#sendOverEventStream(content);
        return;
      case 'json':
        await this.#sendOverJson(content);
        return;
      default:
        throw new Error(`Cannot send while ${this.#state}.`);
    }
  }

  /** Stops a turn; without its id (not known yet), the conversation's running turn. */
  async cancel(turnId) {
    if (this.#state === 'open') {
      this.#socket.send(JSON.stringify(turnId ? { type: 'cancel', turnId } : { type: 'cancel' }));
      return;
    }
    const id = turnId ?? unansweredTurn(await getConversation(this.#conversationId))?.turnId;
    if (id) {
      await cancelTurn(id);
    }
  }

  /** Follows a turn again from after `lastSeq`; frames up to `lastSeq` may come again and are the caller's to skip. */
  resume(turnId, lastSeq) {
    switch (this.#state) {
      case 'open':
        this.#socket.send(JSON.stringify({ type: 'resume', turnId, lastSeq }));
        break;
      case 'sse':
        this.#followEventStream(turnId, lastSeq, 0);
        break;
      case 'json':
        this.#pollForReply(turnId);
        break;
      default:
        break;
    }
  }

  #setState(state, detail = {}) {
    this.#state = state;
    this.#handlers.onState(state, detail);
  }

  #socketUrl() {
    const url = new URL(`/ws/conversations/${encodeURIComponent(this.#conversationId)}`, window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    return url;
  }

  #connectSocket() {
    clearTimeout(this.#retryTimer);
    clearTimeout(this.#probeTimer);
    if (this.#attempt === 0) {
      this.#setState('connecting');
    }
    const socket = new WebSocket(this.#socketUrl());
    this.#socket = socket;
    socket.onopen = () => {
      if (socket === this.#socket) {
        this.#socketOpened();
      }
    };
    this.#listen(socket);
  }

  #socketOpened() {
    this.#setState('open');
    this.#startHeartbeat();
    this.#ping();
    this.#handlers.onReady();
  }

  #listen(socket) {
    socket.binaryType = 'arraybuffer';
    let audioHeader = null;
    socket.onmessage = (event) => {
      if (socket !== this.#socket) {
        return;
      }
      // Only a socket the Gateway answers on counts as reconnected: one that opens and drops at once (a proxy
      // accepting then closing) must use up the attempts and lead to the fallback.
      this.#attempt = 0;
      this.#heardFromServer();
      if (event.data instanceof ArrayBuffer) {
        // Reply audio: the PCM of the audio header just before it.
        if (audioHeader) {
          const header = audioHeader;
          audioHeader = null;
          this.#handlers.onFrame({ ...header, data: { ...header.data, pcm: event.data } });
        }
        return;
      }
      let frame;
      try {
        frame = JSON.parse(event.data);
      } catch {
        return;
      }
      if (frame.type === 'audio' && !frame.data?.data) {
        audioHeader = frame;
        return;
      }
      this.#handlers.onFrame(frame);
    };
    socket.onclose = () => {
      if (socket === this.#socket) {
        this.#socket = null;
        this.#socketLost();
      }
    };
  }

  #socketLost() {
    this.#stopHeartbeat();
    if (this.#closed) {
      return;
    }
    if (this.#attempt >= MAX_RECONNECT_ATTEMPTS) {
      this.#fallBack('sse');
      this.#handlers.onReady();
      return;
    }
    this.#attempt++;
    const delayMs = FIRST_RETRY_DELAY_MS * 2 ** (this.#attempt - 1);
    this.#setState('reconnecting', { attempt: this.#attempt, of: MAX_RECONNECT_ATTEMPTS, delayMs });
    this.#retryTimer = setTimeout(() => this.#connectSocket(), delayMs);
  }

  #fallBack(state) {
    this.#setState(state);
    this.#scheduleProbe();
  }

  // While on a fallback, a WebSocket is tried quietly now and then; one the Gateway answers takes over again.
  #scheduleProbe() {
    clearTimeout(this.#probeTimer);
    this.#probeTimer = setTimeout(() => this.#probe(), UPGRADE_PROBE_MS);
  }

  #probe() {
    if (this.#closed || !FALLBACK_STATES.includes(this.#state)) {
      return;
    }
    const socket = new WebSocket(this.#socketUrl());
    socket.onopen = () => socket.send(JSON.stringify({ type: 'ping' }));
    socket.onmessage = () => {
      if (this.#closed || !FALLBACK_STATES.includes(this.#state)) {
        socket.close(1000, 'Not needed');
        return;
      }
      this.#socket = socket;
      this.#attempt = 0;
      this.#listen(socket);
      this.#socketOpened();
    };
    socket.onclose = () => this.#scheduleProbe();
  }

  #dropSocket(code, reason) {
    const socket = this.#socket;
    this.#socket = null;
    if (socket && socket.readyState <= WebSocket.OPEN) {
      socket.close(code, reason);
    }
  }

  #startHeartbeat() {
    this.#stopHeartbeat();
    this.#heartbeatTimer = setInterval(() => this.#ping(), HEARTBEAT_INTERVAL_MS);
  }

  #ping() {
    if (this.#socket?.readyState !== WebSocket.OPEN) {
      return;
    }
    this.#socket.send(JSON.stringify({ type: 'ping' }));
    if (!this.#pongTimer) {
      this.#pongTimer = setTimeout(() => this.#heartbeatMissed(), PONG_TIMEOUT_MS);
    }
  }

  #stopHeartbeat() {
    clearInterval(this.#heartbeatTimer);
    clearTimeout(this.#pongTimer);
    this.#heartbeatTimer = 0;
    this.#pongTimer = 0;
  }

  #heardFromServer() {
    clearTimeout(this.#pongTimer);
    this.#pongTimer = 0;
  }

  // A socket whose peer vanished without closing (a dropped network) never fires close by itself.
  #heartbeatMissed() {
    this.#dropSocket(4000, 'No answer to ping');
    this.#socketLost();
  }

  #track() {
    const request = new AbortController();
    this.#requests.add(request);
    return request;
  }

  #untrack(request) {
    this.#requests.delete(request);
  }

  #emit(frame) {
    this.#handlers.onFrame(frame);
  }

  #emitError(turnId, code, message, retryable) {
    this.#emit({ type: 'error', turnId, seq: null, data: { code, message, retryable } });
  }

  #emitRefusal(error) {
    this.#emitError(error.turnId, error.code ?? `http_${error.status}`, error.message, error.retryable);
  }

  async #sendOverEventStream(content) {
    const request = this.#track();
    let response;
    try {
      response = await startStreamingTurn(this.#conversationId, content, request.signal);
    } catch (error) {
      this.#untrack(request);
      if (error instanceof ApiError) {
        this.#emitRefusal(error);
      } else if (!request.signal.aborted) {
        await this.#eventStreamFailed(content);
      }
      return;
    }
    const turnId = response.headers.get('X-Turn-Id');
    this.#emit({ type: 'accepted', turnId, seq: null, data: { turnId } });
    await this.#readEventStream(turnId, response, request, 0, 0);
  }

  // No answer to an event-stream request: either the server is gone, or something between drops event streams
  // (perhaps after the Gateway took the turn, so it is looked for before the message is sent again).
  async #eventStreamFailed(content) {
    let details;
    try {
      details = await getConversation(this.#conversationId);
    } catch {
      this.#fallBack('offline');
      this.#emitError(null, 'offline', 'The server cannot be reached, so the message was not sent.', true);
      return;
    }
    this.#fallBack('json');
    const taken = unansweredTurn(details);
    if (taken && taken.content === content.trim()) {
      this.#emit({ type: 'accepted', turnId: taken.turnId, seq: null, data: { turnId: taken.turnId } });
      this.#pollForReply(taken.turnId);
    } else {
      await this.#sendOverJson(content);
    }
  }

  async #followEventStream(turnId, lastSeq, failures) {
    if (failures > MAX_RECONNECT_ATTEMPTS) {
      this.#emitError(turnId, 'connection_lost', 'The connection to this reply was lost.', true);
      return;
    }
    const request = this.#track();
    if (failures > 0 && !(await pause(FIRST_RETRY_DELAY_MS * 2 ** (failures - 1), request.signal))) {
      this.#untrack(request);
      return;
    }
    let response;
    try {
      response = await openTurnEvents(turnId, lastSeq, request.signal);
    } catch (error) {
      this.#untrack(request);
      if (error instanceof ApiError) {
        this.#emitError(turnId, error.status === 404 ? 'turn_not_found' : (error.code ?? `http_${error.status}`), error.message, false);
      } else if (!request.signal.aborted) {
        await this.#followEventStream(turnId, lastSeq, failures + 1);
      }
      return;
    }
    await this.#readEventStream(turnId, response, request, lastSeq, failures);
  }

  async #readEventStream(turnId, response, request, lastSeq, failures) {
    let seq = lastSeq;
    let received = false;
    try {
      for await (const frame of readTurnFrames(response, turnId)) {
        received = true;
        seq = frame.seq ?? seq;
        this.#emit(frame);
        if (frame.type === 'complete' || frame.type === 'error') {
          return;
        }
      }
    } catch {
      if (request.signal.aborted) {
        return;
      }
    } finally {
      this.#untrack(request);
    }
    // The stream broke before the turn ended: pick it up where it stopped.
    await this.#followEventStream(turnId, seq, received ? 1 : failures + 1);
  }

  async #sendOverJson(content) {
    const request = this.#track();
    try {
      const answer = await runTurn(this.#conversationId, content, request.signal);
      this.#emit({ type: 'complete', turnId: answer.turnId, seq: null, data: answer });
    } catch (error) {
      if (error instanceof ApiError) {
        this.#emitRefusal(error);
      } else if (!request.signal.aborted) {
        this.#fallBack('offline');
        this.#emitError(null, 'offline', 'The server cannot be reached; the reply may arrive when you reconnect.', true);
      }
    } finally {
      this.#untrack(request);
    }
  }

  // Without a stream, a turn's end is seen as its stored reply.
  async #pollForReply(turnId) {
    const request = this.#track();
    try {
      while (!request.signal.aborted) {
        let details = null;
        try {
          details = await getConversation(this.#conversationId);
        } catch (error) {
          if (error instanceof ApiError && error.status === 404) {
            this.#emitError(turnId, 'turn_not_found', error.message, false);
            return;
          }
        }
        const reply = details && storedReply(details, turnId);
        if (reply) {
          this.#emit({
            type: 'complete',
            turnId,
            seq: null,
            data: { turnId, text: reply.content, status: reply.status, timings: { ttftMs: reply.ttftMs, totalMs: reply.totalMs } },
          });
          return;
        }
        await pause(REPLY_POLL_INTERVAL_MS, request.signal);
      }
    } finally {
      this.#untrack(request);
    }
  }
}

/** Resolves true after `ms`, or false as soon as `signal` aborts. */
function pause(ms, signal) {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve(false);
      return;
    }
    const timer = setTimeout(() => resolve(true), ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve(false);
    }, { once: true });
  });
}

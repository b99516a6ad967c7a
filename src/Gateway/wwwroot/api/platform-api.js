// The Gateway's public HTTP API as this page uses it. Requests are same-origin, so the browser sends the
// anonymous identity cookie the Gateway gave it; the page never sees or handles a credential.

/** A refusal or failure the Gateway answered with problem details (RFC 7807). */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `The server answered ${status}.`);
    this.name = 'ApiError';
    this.status = status;
    this.code = problem.code ?? null;
    this.errors = problem.errors ?? {};
    this.turnId = problem.turnId ?? null;
    this.retryable = problem.retryable ?? status >= 500;
  }

  static async from(response) {
    let problem = {};
    try {
      problem = await response.json();
    } catch {
      // A body that is not JSON (a proxy's error page): the status says enough.
    }
    return new ApiError(response.status, problem);
  }
}

let startingSession = null;
let firstSession = null;

/** Asks the Gateway for this browser's anonymous identity cookie; concurrent callers share one request. */
function startSession() {
  startingSession ??= fetch('/api/session', { method: 'POST', credentials: 'same-origin' })
    .finally(() => { startingSession = null; });
  return startingSession;
}

/**
 * The page asks for its identity once before its first request (the Gateway answers 204 when the cookie it has is
 * still good), so that a new visitor's first requests are not refused first.
 */
function sessionBeforeFirstRequest() {
  firstSession ??= startSession().catch(() => null);
  return firstSession;
}

async function send(path, { method = 'GET', body, headers = {}, signal } = {}) {
  await sessionBeforeFirstRequest();
  const init = { method, headers: { Accept: 'application/json', ...headers }, credentials: 'same-origin', signal };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response = await fetch(path, init);
  if (response.status === 401) {
    // No identity yet, or it expired: the Gateway gives one only when the page asks for it.
    const session = await startSession();
    if (session.ok) {
      response = await fetch(path, init);
    }
  }
  if (!response.ok) {
    throw await ApiError.from(response);
  }
  return response;
}

/** What this Gateway offers beyond text: {voice, voiceInput: {webSocketFormat, sampleRate, channels, ...} | null}. */
export async function getCapabilities() {
  return (await send('/api/capabilities')).json();
}

/** Each service's models: {services: [{service, status, models: [{id, provider, state, description}]}]}. */
export async function getModels() {
  return (await send('/api/health/models')).json();
}

/** The role-play scenarios: [{id, title, language, level, character, openingLine, objectives: [{id, description, points, judge}]}]. */
export async function listScenarios() {
  return (await send('/api/scenarios')).json();
}

export async function listConversations() {
  return (await send('/api/conversations')).json();
}

export async function createConversation(settings) {
  return (await send('/api/conversations', { method: 'POST', body: settings })).json();
}

export async function getConversation(conversationId) {
  return (await send(`/api/conversations/${encodeURIComponent(conversationId)}`)).json();
}

/** Stops a turn wherever it runs. A turn that has already ended is not an error: its result is what it is. */
export async function cancelTurn(turnId) {
  try {
    await send(`/api/turns/${encodeURIComponent(turnId)}/cancel`, { method: 'POST' });
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 409)) {
      throw error;
    }
  }
}

/** Starts a turn and answers with the open event stream; the X-Turn-Id header names the turn. */
export function startStreamingTurn(conversationId, content, signal) {
  return send(`/api/conversations/${encodeURIComponent(conversationId)}/turns`, {
    method: 'POST',
    body: { content },
    headers: { Accept: 'text/event-stream' },
    signal,
  });
}

/** Starts a turn and answers once, when it has ended: the non-streaming fallback. */
export async function runTurn(conversationId, content, signal) {
  return (await send(`/api/conversations/${encodeURIComponent(conversationId)}/turns`, { method: 'POST', body: { content }, signal })).json();
}

/** The events of a turn after `lastSeq`, replayed then followed while it runs. */
export function openTurnEvents(turnId, lastSeq, signal) {
  return send(`/api/turns/${encodeURIComponent(turnId)}/events`, {
    headers: { Accept: 'text/event-stream', 'Last-Event-ID': `${turnId}:${lastSeq}` },
    signal,
  });
}

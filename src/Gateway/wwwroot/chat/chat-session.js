import { getConversation } from '../api/platform-api.js';
import { TurnChannel } from '../connection/turn-channel.js';
import { storedReply, unansweredTurn } from '../conversations/unanswered-turn.js';
import { InFlightTurnRecord } from './in-flight-turn-record.js';

/**
 * One open conversation: its stored messages, its connection, and the turn in flight if there is one. Each frame of
 * a turn carries a sequence number; frames at or below the last one seen are skipped, so a replay after a
 * reconnect or a reload never shows anything twice.
 *
 * A spoken message (push-to-talk) goes over the WebSocket as audio; its turn brings the transcript, then the reply
 * as text and as audio, which the player speaks as it arrives. Speaking while a reply runs stops it (barge-in).
 *
 * In a role-play, each turn's `metadata` event (before its reply) and the judge's later pushes update the objectives
 * checklist and the score; the character's name is on its replies.
 */
export class ChatSession {
  #conversationId;
  #messages;
  #composer;
  #status;
  #notes;
  #progress;
  #firstMessage;
  #onTurnEnded;
  #onVoiceAvailability;
  #player;
  #record;
  #speech = null;
  #handsFree = null;
  // Turns this page gave up on (a barged-in reply whose end had not come yet): their late frames are not the new turn's.
  #abandoned = new Set();
  #channel = null;
  #turn = null;
  #closed = false;

  /** `firstMessage`: typed before the conversation existed; sent as soon as the connection can take it. */
  constructor({ conversationId, messages, composer, status, notes, progress, onTurnEnded, player, onVoiceAvailability = () => {}, firstMessage = null }) {
    this.#progress = progress;
    this.#firstMessage = firstMessage;
    this.#player = player;
    this.#onVoiceAvailability = onVoiceAvailability;
    this.#conversationId = conversationId;
    this.#messages = messages;
    this.#composer = composer;
    this.#status = status;
    this.#notes = notes;
    this.#onTurnEnded = onTurnEnded;
    this.#record = new InFlightTurnRecord(conversationId);
  }

  get conversationId() {
    return this.#conversationId;
  }

  async open() {
    const details = await getConversation(this.#conversationId);
    if (this.#closed) {
      return details;
    }
    const scenario = this.#progress.show(details);
    this.#messages.setCharacter(scenario?.character ?? null);
    this.#messages.showStored(details.messages);
    this.#notes.show(details);
    this.#pickUpTurnInFlight(details);
    this.#channel = new TurnChannel(this.#conversationId, {
      onFrame: (frame) => this.#onFrame(frame),
      onState: (state, detail) => this.#onState(state, detail),
      onReady: () => this.#onReady(),
    });
    this.#channel.start();
    return details;
  }

  close() {
    this.#closed = true;
    this.#player?.stop();
    this.#channel?.close();
  }

  /**
   * Push-to-talk pressed: a reply still running or speaking is stopped at once (barge-in), and a spoken message
   * begins. Its audio.start goes out with the first frame of audio, so a microphone that never opens sends nothing.
   */
  startSpeaking() {
    this.#player?.stop();
    if (this.#turn) {
      this.stop();
    }
    if (this.#speech || !this.#channel?.canSpeak) {
      return false;
    }
    this.#speech = { transcript: this.#messages.addTranscript(), started: false, failed: false };
    return true;
  }

  /** One frame of PCM16 16 kHz mono microphone audio, while the button is held. */
  sendSpeech(pcm16) {
    const speech = this.#speech;
    if (!speech || speech.failed) {
      return;
    }
    try {
      if (!speech.started) {
        this.#channel.startAudio();
        speech.started = true;
      }
      this.#channel.sendAudio(pcm16);
    } catch (error) {
      speech.failed = true;
      speech.error = error.message;
    }
  }

  /** Push-to-talk released: the spoken message is sent and its turn followed; `problem` says why there is none. */
  finishSpeaking(problem) {
    const speech = this.#speech;
    this.#speech = null;
    if (!speech) {
      return;
    }
    if (!speech.started || speech.failed || problem) {
      speech.transcript.markNotSent();
      this.#status.notice(problem ?? speech.error ?? 'No audio was recorded, so nothing was sent.');
      return;
    }
    const interrupted = this.#turn;
    if (interrupted) {
      // Its cancel went out at the press; its end is not waited for, and frames still coming for it are dropped.
      this.#abandoned.add(interrupted.turnId);
      if (this.#end(interrupted)) {
        interrupted.reply.complete({ status: 'cancelled' });
      }
    }
    try {
      this.#channel.endAudio();
    } catch (error) {
      speech.transcript.markNotSent();
      this.#status.notice(error.message);
      return;
    }
    speech.transcript.markSent();
    const reply = this.#messages.addReply(null);
    this.#player?.begin(reply.element);
    this.#begin({ turnId: null, lastSeq: 0, user: speech.transcript, reply, stopping: false, voice: true });
  }

  /** Hands-free on: the microphone stays open, and each utterance the server's endpointer closes becomes a turn. */
  startHandsFree() {
    if (this.#handsFree || this.#speech || !this.#channel?.canSpeak) {
      return false;
    }
    try {
      this.#channel.startAudio({ mode: 'hands-free' });
    } catch (error) {
      this.#status.notice(error.message);
      return false;
    }
    this.#handsFree = { transcript: null, spokenTurnId: null };
    window.__platformVoice = null;
    return true;
  }

  sendHandsFree(pcm16) {
    if (!this.#handsFree) {
      return;
    }
    try {
      this.#channel.sendAudio(pcm16);
    } catch (error) {
      this.#status.notice(error.message);
    }
  }

  stopHandsFree() {
    if (!this.#handsFree) {
      return;
    }
    this.#handsFree.transcript?.markNotSent();
    this.#handsFree = null;
    try {
      this.#channel.endAudio();
    } catch {
      // The connection is gone, and the microphone's call with it.
    }
  }

  noticeVoiceProblem(message) {
    this.#status.notice(message);
  }

  reconnect() {
    this.#channel?.reconnect();
  }

  /** Sends a message; false when it cannot go now (empty, a reply still running, or no connection). */
  send(content) {
    const text = content.trim();
    if (!text || this.#turn || !this.#channel?.canSend) {
      return false;
    }
    const user = this.#messages.addUser(text);
    const reply = this.#messages.addReply(null);
    const turn = { turnId: null, lastSeq: 0, user, reply, stopping: false };
    this.#begin(turn);
    this.#channel.send(text).catch((error) => this.#failTurn(turn, error.message));
    return true;
  }

  async stop() {
    const turn = this.#turn;
    if (!turn || turn.stopping) {
      return;
    }
    turn.stopping = true;
    turn.reply.markStopping();
    this.#player?.stop();
    try {
      await this.#channel.cancel(turn.turnId);
    } catch (error) {
      turn.stopping = false;
      this.#status.notice(`Could not stop the reply: ${error.message}`);
    }
  }

  // After a reload the turn this tab was waiting for is rebuilt from its first event (the stored messages hold only
  // finished replies); a turn started elsewhere that is still answering is picked up the same way.
  #pickUpTurnInFlight(details) {
    const recorded = this.#record.load();
    const turnId = recorded?.turnId ?? unansweredTurn(details)?.turnId;
    if (!turnId || storedReply(details, turnId)) {
      this.#record.clear();
      return;
    }
    const reply = this.#messages.addReply(turnId);
    this.#begin({ turnId, lastSeq: 0, user: null, reply, stopping: false });
  }

  // The person spoke over the reply (hands-free): it falls silent at once, the server (which heard the same speech)
  // stops generating it, and is told how much was played so it keeps only what was heard.
  #bargeIn() {
    const spoken = this.#handsFree?.spokenTurnId;
    if (!this.#handsFree || !(this.#player?.playing || this.#turn)) {
      return;
    }
    this.#player?.stop();
    voiceRecord().bargedInAt = performance.now();
    this.#turn?.reply.markStopping?.();
    if (spoken) {
      try {
        this.#channel.reportPlayed(spoken, window.__platformAudio.playedMs);
      } catch {
        // Without the connection the reply stays stored as it was sent.
      }
    }
  }

  // A hands-free utterance became a turn: its transcript is the message, and its reply follows as for push-to-talk.
  #beginHeardTurn(turnId) {
    const previous = this.#turn;
    if (previous) {
      this.#abandoned.add(previous.turnId);
      if (this.#end(previous)) {
        previous.reply.complete({ status: 'cancelled' });
      }
    }
    const user = this.#handsFree.transcript ?? this.#messages.addTranscript();
    this.#handsFree.transcript = null;
    this.#handsFree.spokenTurnId = turnId;
    user.markSent();
    const reply = this.#messages.addReply(null);
    this.#player?.begin(reply.element);
    const turn = { turnId: null, lastSeq: 0, user, reply, stopping: false, voice: true };
    this.#begin(turn);
    this.#bind(turn, turnId);
  }

  #begin(turn) {
    this.#turn = turn;
    this.#record.save(turn.turnId, turn.lastSeq);
    this.#composer.setBusy(true);
  }

  #end(turn) {
    if (this.#turn !== turn) {
      return false;
    }
    this.#turn = null;
    this.#record.clear();
    this.#composer.setBusy(false);
    this.#onTurnEnded();
    if (!turn.scored) {
      // The JSON fallback carries no events: the stored progress says what this turn scored.
      this.#refreshNotes();
    }
    return true;
  }

  #bind(turn, turnId) {
    turn.turnId = turnId;
    turn.reply.turnId = turnId;
    if (turn.user) {
      turn.user.turnId = turnId;
    }
    this.#record.save(turnId, turn.lastSeq);
  }

  #onState(state, detail) {
    this.#status.show(state, detail);
    this.#composer.setConnected(this.#channel?.canSend ?? false);
    this.#onVoiceAvailability(this.#channel?.canSpeak ?? false);
    if (this.#firstMessage && this.#channel?.canSend) {
      const text = this.#firstMessage;
      this.#firstMessage = null;
      // After the transport's onReady, which runs right after this state change: sent before it, the message would
      // look like one that went out on a connection that then dropped.
      queueMicrotask(() => this.send(text));
    }
  }

  async #onReady() {
    const turn = this.#turn;
    if (!turn) {
      return;
    }
    if (turn.turnId) {
      this.#channel.resume(turn.turnId, turn.lastSeq);
      return;
    }
    // The message went out but the connection dropped before its turn was named: the conversation says whether
    // the Gateway took it.
    let details;
    try {
      details = await getConversation(this.#conversationId);
    } catch (error) {
      this.#failTurn(turn, error.message);
      return;
    }
    if (this.#turn !== turn || turn.turnId) {
      return;
    }
    const taken = unansweredTurn(details);
    if (taken) {
      this.#bind(turn, taken.turnId);
      this.#channel.resume(taken.turnId, 0);
    } else if (turn.user) {
      turn.user.markNotSent();
      this.#failTurn(turn, 'The connection dropped before the message arrived; send it again.');
    }
  }

  #onFrame(frame) {
    if (frame.type === 'summary' || frame.type === 'vocabulary') {
      this.#refreshNotes();
      return;
    }
    if (frame.type === 'metadata' && typeof frame.seq !== 'number') {
      // A judge's verdict, pushed long after its turn.
      this.#progress.apply(frame.data);
      return;
    }
    if (frame.type === 'transcription' && !frame.turnId) {
      // What is being said, recognised while it is said: the turn exists only once the utterance has ended.
      if (this.#handsFree && !this.#speech) {
        this.#handsFree.transcript ??= this.#messages.addTranscript();
        this.#handsFree.transcript.show(frame.data.text, false);
      } else {
        (this.#speech?.transcript ?? this.#turn?.user)?.show?.(frame.data.text, false);
      }
      this.#messages.contentChanged();
      return;
    }
    if (frame.type === 'speech') {
      if (frame.data.event === 'started') {
        voiceRecord().speechStartedAt = performance.now();
        this.#bargeIn();
      }
      return;
    }
    if (frame.type === 'truncated') {
      voiceRecord().truncated.push(frame.turnId);
      return;
    }
    if (frame.type === 'accepted' && this.#handsFree && !this.#speech && this.#turn?.turnId !== frame.turnId) {
      this.#beginHeardTurn(frame.turnId);
      return;
    }
    const turn = this.#turn;
    if (!turn || frame.type === 'pong') {
      return;
    }
    if (frame.type === 'error' && !frame.turnId) {
      // Errors that name no turn refuse the message just sent (busy, too long, rate limited).
      if (!turn.turnId) {
        turn.user?.markNotSent();
        this.#failTurn(turn, frame.data.message);
      }
      return;
    }
    if (this.#abandoned.has(frame.turnId)) {
      return;
    }
    if (!turn.turnId && frame.turnId && (!turn.voice || frame.type === 'accepted')) {
      // One turn runs at a time in a conversation, so the first turn named after sending is this message's.
      this.#bind(turn, frame.turnId);
    }
    if (frame.turnId !== turn.turnId || frame.type === 'accepted') {
      return;
    }
    if (typeof frame.seq === 'number') {
      if (frame.seq <= turn.lastSeq) {
        return;
      }
      turn.lastSeq = frame.seq;
      this.#record.save(turn.turnId, turn.lastSeq);
    }
    switch (frame.type) {
      case 'metadata':
        turn.scored = true;
        this.#progress.apply(frame.data);
        break;
      case 'start':
        turn.reply.setModel(frame.data.model);
        break;
      case 'transcription':
        turn.user?.show?.(frame.data.text, frame.data.isFinal);
        this.#messages.contentChanged();
        break;
      case 'audio':
        if (!turn.stopping) {
          this.#player?.enqueue(frame.data);
        }
        break;
      case 'chunk':
        turn.reply.append(frame.data.text);
        this.#messages.contentChanged();
        break;
      case 'complete':
        if (this.#end(turn)) {
          if (frame.data.status === 'cancelled') {
            this.#player?.stop();
          }
          turn.reply.complete(frame.data);
          this.#messages.contentChanged();
        }
        break;
      case 'error':
        this.#onTurnError(turn, frame.data);
        break;
      default:
        break;
    }
  }

  async #onTurnError(turn, error) {
    if (error.code === 'reader_lagged') {
      this.#channel.resume(turn.turnId, turn.lastSeq);
      return;
    }
    if (error.code === 'turn_not_found') {
      // Its events are gone (expired); its stored reply, if any, is the whole story.
      try {
        const reply = storedReply(await getConversation(this.#conversationId), turn.turnId);
        if (reply && this.#end(turn)) {
          turn.reply.complete({ text: reply.content, status: reply.status, timings: { ttftMs: reply.ttftMs } });
          return;
        }
      } catch {
        // Fall through: the reply cannot be recovered now.
      }
      this.#failTurn(turn, 'This reply is no longer available.');
      return;
    }
    this.#failTurn(turn, error.message);
  }

  #failTurn(turn, message) {
    if (this.#end(turn)) {
      this.#player?.stop();
      turn.reply.fail(message);
      this.#messages.contentChanged();
    }
  }

  async #refreshNotes() {
    try {
      const details = await getConversation(this.#conversationId);
      this.#notes.show(details);
      this.#progress.show(details);
    } catch {
      // The panels keep what they showed; the next push or visit refreshes them.
    }
  }
}

// When speech was heard, when a reply fell silent for it, and which replies the Gateway truncated: for people and
// tests. Push-to-talk hears speech start too, so the record exists whatever the microphone's mode; a hands-free
// session starts a fresh one.
function voiceRecord() {
  window.__platformVoice ??= { speechStartedAt: null, bargedInAt: null, truncated: [] };
  return window.__platformVoice;
}

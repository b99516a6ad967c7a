import { createConversation, getCapabilities, getModels, listConversations, listScenarios } from './api/platform-api.js';
import { ChatSession } from './chat/chat-session.js';
import { Composer } from './chat/composer.js';
import { MessageList } from './chat/message-list.js';
import { ScrollFollower } from './chat/scroll-follower.js';
import { ConnectionStatus } from './connection/connection-status.js';
import { ConversationList, describeSettings } from './conversations/conversation-list.js';
import { NewConversationForm } from './conversations/new-conversation-form.js';
import { ConversationNotes } from './notes/conversation-notes.js';
import { ScenarioProgress } from './scenarios/scenario-progress.js';
import { MicrophoneCapture } from './voice/microphone-capture.js';
import { PushToTalkButton } from './voice/push-to-talk-button.js';
import { HandsFreeToggle } from './voice/hands-free-toggle.js';
import { ReplyAudioPlayer } from './voice/reply-audio-player.js';

const ROUTE = /^#\/conversations\/([0-9a-f-]{36})$/i;

const page = {
  sidebar: document.getElementById('sidebar'),
  sidebarToggle: document.getElementById('sidebar-toggle'),
  sidebarBackdrop: document.getElementById('sidebar-backdrop'),
  welcome: document.getElementById('welcome'),
  chat: document.getElementById('chat'),
  chatTitle: document.getElementById('chat-title'),
  chatSettings: document.getElementById('chat-settings'),
  log: document.getElementById('messages'),
  pageError: document.getElementById('page-error'),
};

let session = null;
let microphone = null;
// A message typed before any conversation existed: it starts one, and goes out once that conversation is open.
let firstMessage = null;

const status = new ConnectionStatus(document.getElementById('connection-status'), { onReconnect: () => session?.reconnect() });
const conversations = new ConversationList(document.getElementById('conversation-list'));
const notes = new ConversationNotes(document.getElementById('summary-panel'), document.getElementById('vocabulary-panel'));
const progress = new ScenarioProgress(document.getElementById('objectives-panel'));
const messages = new MessageList(page.log, new ScrollFollower(page.log, document.getElementById('jump-to-latest')));
const composer = new Composer(document.getElementById('composer'), {
  onSend: (text) => {
    if (!session) {
      startWithMessage(text);
      return true;
    }
    const sent = session.send(text);
    if (sent && page.log.querySelectorAll('[data-role="user"]').length === 1) {
      page.chatTitle.textContent = conversationTitle(text);
    }
    return sent;
  },
  onStop: () => session?.stop(),
});

const player = new ReplyAudioPlayer();
let listening = null;
const handsFree = new HandsFreeToggle(document.getElementById('hands-free-button'), {
  onStart: () => startListening(),
  onStop: () => stopListening(),
});
const pushToTalk = new PushToTalkButton(document.getElementById('voice-button'), document.getElementById('voice-explanation'), {
  onPress: () => startSpeaking(),
  onRelease: () => finishSpeaking(),
  onAvailability: (reason) => handsFree.setAvailability(reason),
});

// The toggle's click is a user gesture, so the reply's audio may play later; the microphone then stays open.
function startListening() {
  player.unlock();
  if (!session?.startHandsFree()) {
    return false;
  }
  const capture = new MicrophoneCapture();
  const hearing = session;
  listening = { capture, session: hearing };
  capture.start((frame) => hearing.sendHandsFree(frame)).catch((error) => {
    hearing.noticeVoiceProblem(`The microphone could not be opened: ${error.message}`);
    handsFree.turnOff();
  });
  return true;
}

function stopListening() {
  const current = listening;
  listening = null;
  current?.capture.stop();
  current?.session.stopHandsFree();
}

// The press is a user gesture: the audio output is unlocked here so the spoken reply may play when it comes.
function startSpeaking() {
  player.unlock();
  if (!session?.startSpeaking()) {
    return;
  }
  const capture = new MicrophoneCapture();
  const speaking = session;
  const button = document.getElementById('voice-button');
  button.dataset.recordedMs = '0';
  const opened = capture.start((frame) => {
    speaking.sendSpeech(frame);
    // How much has been sent while held, for people watching the button and for tests that hold it.
    button.dataset.recordedMs = String(Math.round(capture.recordedMs));
  });
  microphone = { capture, opened: opened.then(() => null, (error) => `The microphone could not be opened: ${error.message}`) };
}

async function finishSpeaking() {
  const current = microphone;
  microphone = null;
  if (!current) {
    return;
  }
  const speaking = session;
  const problem = await current.opened;
  current.capture.stop();
  speaking?.finishSpeaking(problem ?? undefined);
}

// A local model without a chat template (stories260K, the one a clone runs on) continues text rather than answering:
// the LLM service says which prompt format it uses, and only "the model's chat template" makes a chat model.
async function showModel() {
  const label = document.getElementById('model-name');
  try {
    const llm = (await getModels()).services.find((service) => service.service === 'llm');
    const model = llm?.models[0];
    if (!model) {
      label.textContent = 'Model: unavailable';
      return;
    }
    const storyModel = model.provider === 'local' && !model.description.includes("the model's chat template");
    label.textContent = storyModel
      ? `Model: ${model.id} (a story model, not a chat model: it continues your text and does not follow instructions)`
      : `Model: ${model.id}`;
    label.dataset.kind = storyModel ? 'story' : 'chat';
  } catch (error) {
    label.textContent = `Model: not known (${error.message})`;
  }
}

async function showVoiceOffer() {
  try {
    const capabilities = await getCapabilities();
    pushToTalk.setOffered(capabilities.voice === true, 'This server does not offer voice.');
  } catch (error) {
    pushToTalk.setOffered(false, `Whether this server offers voice is not known: ${error.message}`);
  }
}

const newConversation = new NewConversationForm(document.getElementById('new-conversation'), {
  onCreated: async (conversation) => {
    setSidebarOpen(false);
    window.location.hash = `#/conversations/${conversation.id}`;
    await refreshConversationList();
  },
});

document.addEventListener('keydown', (event) => {
  if (event.key !== 'Escape') {
    return;
  }
  if (page.sidebar.dataset.open === 'true') {
    setSidebarOpen(false);
    page.sidebarToggle.focus();
  } else {
    session?.stop();
  }
});

page.sidebarToggle.addEventListener('click', () => setSidebarOpen(page.sidebar.dataset.open !== 'true'));
page.sidebarBackdrop.addEventListener('click', () => setSidebarOpen(false));
page.sidebar.addEventListener('click', (event) => {
  if (event.target.closest('a')) {
    setSidebarOpen(false);
  }
});
window.addEventListener('hashchange', () => route());

async function startWithMessage(text) {
  composer.setBusy(true);
  try {
    const conversation = await createConversation(newConversation.settings());
    firstMessage = text;
    window.location.hash = `#/conversations/${conversation.id}`;
    await refreshConversationList();
  } catch (error) {
    composer.setBusy(false);
    showPageError(`The conversation could not be started, so "${text.slice(0, 80)}" was not sent: ${error.message}`);
  }
}

async function loadScenarios() {
  try {
    const scenarios = await listScenarios();
    progress.setCatalog(scenarios);
    newConversation.setScenarios(scenarios);
  } catch (error) {
    showPageError(`The role-plays could not be loaded: ${error.message}`);
  }
}

function setSidebarOpen(open) {
  page.sidebar.dataset.open = String(open);
  page.sidebarToggle.setAttribute('aria-expanded', String(open));
}

function conversationTitle(firstMessage) {
  return firstMessage?.trim().slice(0, 80) || 'New conversation';
}

function showPageError(message) {
  page.pageError.textContent = message;
  page.pageError.hidden = !message;
}

async function refreshConversationList() {
  try {
    conversations.render(await listConversations());
  } catch (error) {
    showPageError(`The conversation list could not be loaded: ${error.message}`);
  }
}

async function route() {
  const conversationId = ROUTE.exec(window.location.hash)?.[1]?.toLowerCase() ?? null;
  if (session?.conversationId === conversationId) {
    return;
  }
  session?.close();
  session = null;
  pushToTalk.setConnected(false);
  conversations.select(conversationId);
  notes.clear();
  progress.clear();
  status.show('idle');
  showPageError('');
  page.welcome.hidden = conversationId !== null;
  page.chat.hidden = false;
  if (!conversationId) {
    showDraft();
    return;
  }
  const typedFirst = firstMessage;
  firstMessage = null;

  const opening = new ChatSession({
    conversationId,
    messages,
    composer,
    status,
    notes,
    progress,
    firstMessage: typedFirst,
    onTurnEnded: () => refreshConversationList(),
    player,
    onVoiceAvailability: (canSpeak) => pushToTalk.setConnected(canSpeak),
  });
  session = opening;
  composer.setBusy(false);
  try {
    const details = await opening.open();
    page.chatTitle.textContent = conversationTitle(details.messages.find((message) => message.role === 'user')?.content ?? typedFirst);
    page.chatSettings.textContent = describeSettings(details);
    composer.focus();
  } catch (error) {
    if (session === opening) {
      page.chat.hidden = true;
      page.welcome.hidden = false;
      showPageError(`The conversation could not be opened: ${error.message}`);
    }
  }
}

// A fresh page takes a message at once: typing is all it needs, and the first message starts the conversation.
function showDraft() {
  page.chatTitle.textContent = 'New conversation';
  page.chatSettings.textContent = '';
  messages.setCharacter(null);
  messages.showStored([]);
  composer.setBusy(false);
  composer.setConnected(true);
  composer.focus();
}

// The first request gets this browser its anonymous identity cookie. Requests sent together before it has one
// would each be given a different identity, so everything else waits for this one.
await refreshConversationList();
await loadScenarios();
await Promise.all([route(), showVoiceOffer(), showModel()]);

const CUE_MS = 2_000;

/**
 * The objectives checklist and score of a role-play conversation, beside the messages. It shows what is stored when
 * the conversation opens, then applies each `metadata` event: the turn's own (before its reply streams) and the ones
 * a judge pushes later. Applying the same event twice changes nothing but the short "+points" cue.
 */
export class ScenarioProgress {
  #panel;
  #score;
  #cue;
  #list;
  #announcement;
  #catalog = [];
  #scenario = null;
  #cueTimer = null;

  constructor(panel) {
    this.#panel = panel;
    this.#score = panel.querySelector('[data-part="score"]');
    this.#cue = panel.querySelector('[data-part="cue"]');
    this.#list = panel.querySelector('[data-part="list"]');
    this.#announcement = panel.querySelector('[data-part="announcement"]');
  }

  /** The scenarios GET /api/scenarios lists. */
  setCatalog(scenarios) {
    this.#catalog = scenarios;
  }

  find(scenarioId) {
    return this.#catalog.find((scenario) => scenario.id === scenarioId) ?? null;
  }

  /** Shows the stored progress of `details` (a GET of the conversation); returns its scenario, or null for a free conversation. */
  show(details) {
    this.#scenario = details.scenarioId ? this.find(details.scenarioId) : null;
    this.#panel.hidden = this.#scenario === null;
    if (!this.#scenario) {
      return null;
    }
    const doc = this.#panel.ownerDocument;
    this.#list.replaceChildren(...this.#scenario.objectives.map((objective) => objectiveItem(doc, objective)));
    for (const completed of details.objectivesCompleted ?? []) {
      this.#tick(completed.id);
    }
    this.#setScore(details.score ?? 0);
    return this.#scenario;
  }

  clear() {
    this.#scenario = null;
    this.#panel.hidden = true;
  }

  /** A metadata event: {objectivesCompleted: [{id, points}], scoreChange, score, remaining}. */
  apply(metadata) {
    if (!this.#scenario) {
      return;
    }
    const ticked = (metadata.objectivesCompleted ?? []).filter((completed) => this.#tick(completed.id));
    this.#setScore(metadata.score);
    if (ticked.length > 0 && metadata.scoreChange > 0) {
      this.#showCue(metadata.scoreChange);
      const names = ticked.map((completed) => this.#scenario.objectives.find((o) => o.id === completed.id)?.description ?? completed.id);
      this.#announcement.textContent = `Objective completed: ${names.join(', ')}. +${metadata.scoreChange} points, score ${metadata.score}.`;
    }
  }

  /** Marks an objective done; false when it already was (or is not in the list). */
  #tick(objectiveId) {
    const item = [...this.#list.children].find((li) => li.dataset.objectiveId === objectiveId);
    if (!item || item.dataset.done === 'true') {
      return false;
    }
    item.dataset.done = 'true';
    item.querySelector('[data-part="state"]').textContent = 'Done: ';
    item.querySelector('[data-part="mark"]').textContent = '✓';
    return true;
  }

  #setScore(score) {
    this.#score.textContent = `Score: ${score}`;
    this.#panel.dataset.score = String(score);
  }

  #showCue(points) {
    this.#cue.textContent = `+${points}`;
    this.#cue.hidden = false;
    // Restart the animation when points come again before the last cue faded.
    this.#cue.classList.remove('objectives__cue--shown');
    void this.#cue.offsetWidth;
    this.#cue.classList.add('objectives__cue--shown');
    clearTimeout(this.#cueTimer);
    this.#cueTimer = setTimeout(() => { this.#cue.hidden = true; }, CUE_MS);
  }
}

function objectiveItem(doc, objective) {
  const item = doc.createElement('li');
  item.dataset.objectiveId = objective.id;
  item.dataset.done = 'false';
  const mark = doc.createElement('span');
  mark.className = 'objectives__mark';
  mark.dataset.part = 'mark';
  mark.setAttribute('aria-hidden', 'true');
  mark.textContent = '○';
  const state = doc.createElement('span');
  state.className = 'visually-hidden';
  state.dataset.part = 'state';
  state.textContent = 'To do: ';
  const description = doc.createElement('span');
  description.textContent = objective.description;
  const points = doc.createElement('span');
  points.className = 'objectives__points';
  points.textContent = objective.judge ? ` ${objective.points} pts, judged by the model` : ` ${objective.points} pts`;
  item.append(mark, state, description, points);
  return item;
}

import type { Gate, Outcome as OutcomeDef, Procedure } from '../definitions/definition.types.js';
import { evaluateConditions, type ConditionToEvaluate } from './conditions.js';
import { buildFacts, resolveAssignee, ruleApplies, ruleConditionId } from './command-context.js';
import { addDuration } from './durations.js';
import type {
  Actor, ApprovalDecisionUpdate, ApprovalRequest, ApprovalState, Directory, Effect, EventDraft, GateState, GateStates, RecordData, RecordState,
} from './engine.types.js';
import { cancelRound, levelConditionId, openRound, type LevelApplies } from './gates.js';

/** What a step adds to a command's outcome besides the record itself. */
export interface Produced {
  readonly events: EventDraft[];
  readonly requests: ApprovalRequest[];
  readonly updates: ApprovalDecisionUpdate[];
  readonly effects: Effect[];
}

export function emptyProduced(): Produced {
  return { events: [], requests: [], updates: [], effects: [] };
}

/**
 * Applies the outcomes that change the record around its data (assign, setDue, notify);
 * `block` and `requireApproval` are read by the caller, `setField` goes through the form.
 */
export function applySideOutcomes(
  outcomes: readonly OutcomeDef[],
  record: RecordState,
  source: { rule?: string; stage?: string },
  now: Date,
  directory: Directory,
  produced: Produced,
): RecordState {
  let next = record;
  for (const outcome of outcomes) {
    if (outcome.type === 'assign') {
      const assignee = resolveAssignee(outcome, next, directory);
      if (assignee !== null && assignee !== next.assignee) {
        produced.events.push({ type: 'assigned', actor: null, fromStage: null, toStage: null, changes: { assignee: { from: next.assignee, to: assignee } }, comment: null, data: { ...source } });
        next = { ...next, assignee };
      }
    } else if (outcome.type === 'setDue' && outcome.in !== undefined) {
      next = { ...next, dueAt: addDuration(now, outcome.in) };
    } else if (outcome.type === 'notify') {
      produced.effects.push({
        topic: 'notify',
        payload: { recordId: next.id, procedure: next.procedureKey, stage: next.stage, to: outcome.to ?? [], message: outcome.message ?? null, ...source },
      });
    }
  }
  return next;
}

/**
 * The conditions that decide which gates a stage needs and which levels apply: the `when` of
 * every level, and every rule that can require an approval. Evaluated in one run on final data.
 */
export async function evaluateGateConditions(
  procedure: Procedure,
  record: RecordState,
  previous: RecordData,
  actor: Actor,
  now: Date,
  directory: Directory,
): Promise<{ applies: LevelApplies; ruleHolds: (rule: string) => boolean }> {
  const conditions: ConditionToEvaluate[] = [];
  for (const gate of procedure.gates) {
    gate.levels.forEach((level, i) => {
      if (level.when) conditions.push({ id: levelConditionId(gate.key, i), condition: level.when });
    });
  }
  for (const rule of procedure.rules) {
    if (rule.then.some((o) => o.type === 'requireApproval')) conditions.push({ id: ruleConditionId(rule), condition: rule.when });
  }
  const results = await evaluateConditions(conditions, buildFacts(procedure, record, previous, actor, now, directory), now);
  return {
    applies: (gate, level) => results.get(levelConditionId(gate, level)) ?? true,
    ruleHolds: (rule) => results.get(`rule:${rule}`) ?? false,
  };
}

/** The gates that must be approved before some action out of `stage` can be taken. */
export function gatesNeededIn(procedure: Procedure, stage: string, ruleHolds: (rule: string) => boolean): Set<string> {
  const actions = procedure.actions.filter((a) => a.from.includes(stage));
  const needed = new Set(actions.flatMap((a) => a.requires));
  for (const rule of procedure.rules) {
    if (!actions.some((a) => ruleApplies(rule, 'transition', a.key)) || !ruleHolds(rule.key)) continue;
    for (const outcome of rule.then) if (outcome.type === 'requireApproval' && outcome.gate) needed.add(outcome.gate);
  }
  return needed;
}

/**
 * Opens the rounds the current stage needs. On entering a stage every needed gate that is not
 * approved (or already pending) gets a new round; while staying, only gates never opened or
 * cancelled by a change do: a rejection stands until the record comes back to the stage.
 */
export function syncGates(
  procedure: Procedure,
  record: RecordState,
  needed: ReadonlySet<string>,
  applies: LevelApplies,
  entering: boolean,
  produced: Produced,
): RecordState {
  let gates: GateStates = record.gates;
  for (const gate of procedure.gates) {
    if (!needed.has(gate.key)) continue;
    const state = gates[gate.key];
    const open = !state || state.status === 'cancelled' || (entering && (state.status === 'rejected' || reentered(gate, state, record.stage)));
    if (!open) continue;
    const opened = openRound(gate, state, record.data, record.createdBy, applies, record.stage);
    gates = { ...gates, [gate.key]: opened.state };
    produced.requests.push(...opened.requests);
    if (opened.state.status === 'approved') {
      produced.events.push({ type: 'gate-approved', actor: null, fromStage: null, toStage: null, changes: null, comment: null, data: { gate: gate.key, round: opened.state.round, reason: 'no level applies' } });
    }
  }
  return gates === record.gates ? record : { ...record, gates };
}

/**
 * A record that comes back to the stage a gate was approved in is approved anew: what was
 * approved may have changed while it was away. `keepOnReentry` keeps the approval.
 */
function reentered(gate: Gate, state: GateState, stage: string): boolean {
  return state.status === 'approved' && !gate.keepOnReentry && state.stage === stage;
}

/** Leaving a stage: the rounds still pending for gates the next stage does not need are cancelled. */
export function leaveStage(
  record: RecordState,
  approvals: readonly ApprovalState[],
  neededNext: ReadonlySet<string>,
  now: Date,
  produced: Produced,
): RecordState {
  let gates = record.gates;
  for (const [key, state] of Object.entries(record.gates)) {
    if (state.status !== 'pending' || neededNext.has(key)) continue;
    const cancelled = cancelRound(key, gates, approvals, now);
    gates = cancelled.gates;
    produced.updates.push(...cancelled.updates);
  }
  return gates === record.gates ? record : { ...record, gates };
}

/** Entering a stage: its due time, closing on a final stage, and its `onEnter` outcomes. */
export function enterStage(procedure: Procedure, record: RecordState, stageKey: string, now: Date, directory: Directory, produced: Produced): RecordState {
  const stage = procedure.stages.find((s) => s.key === stageKey)!;
  const entered: RecordState = {
    ...record,
    stage: stage.key,
    dueAt: stage.dueIn !== undefined && !stage.final ? addDuration(now, stage.dueIn) : null,
    closedAt: stage.final ? now : null,
  };
  return applySideOutcomes(stage.onEnter, entered, { stage: stage.key }, now, directory, produced);
}

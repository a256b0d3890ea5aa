import type { Field, Gate, Label, Outcome as OutcomeDef, Procedure, Rule } from '../definitions/definition.types.js';
import { DomainError, type LocalizedReason } from '../errors/domain-errors.js';
import { evaluateConditions, type ConditionToEvaluate } from './conditions.js';
import {
  actorFacts, approvalFacts, buildFacts, labelOf, mayAct, message, recordFacts, ruleApplies, ruleConditionId, whoContext,
} from './command-context.js';
import type { Actor, ApprovalState, Command, Directory, EngineInput, FieldChanges, Outcome, RecordData, RecordState } from './engine.types.js';
import { hasValue, numericData, prepareData } from './form-data.js';
import { cellsOf, checkReferences } from './forms/checks.js';
import { computeField } from './forms/computed.js';
import { cancelRound, decide, earlierApprovers } from './gates.js';
import { gateDependencies } from './gate-dependencies.js';
import {
  applySideOutcomes, emptyProduced, enterStage, evaluateGateConditions, gatesNeededIn, leaveStage, syncGates, type Produced,
} from './stage-flow.js';
import { actorMatches } from './who.js';

const GUARD = 'guard';

/**
 * The engine: `(definition, record, command, actor, now) → outcome`. Pure — it reads only its
 * input (the directory snapshot included) and returns the new record state, the history to
 * append, the approvals to open or decide and the effects to send. Refusals are thrown as
 * AppErrors (VALIDATION_FAILED, TRANSITION_BLOCKED, FORBIDDEN, NOT_FOUND, BAD_REQUEST).
 */
export async function runCommand(input: EngineInput): Promise<Outcome> {
  const { command } = input;
  switch (command.type) {
    case 'create':
      return create(input as EngineInput<typeof command>);
    case 'update':
      return update(input as EngineInput<typeof command>);
    case 'transition':
      return transition(input as EngineInput<typeof command>);
    case 'decide':
      return decideApproval(input as EngineInput<typeof command>);
    case 'comment':
      return comment(input as EngineInput<typeof command>);
  }
}

type Input<T extends Command['type']> = EngineInput<Extract<Command, { type: T }>>;

async function create(input: Input<'create'>): Promise<Outcome> {
  const { procedure, actor, now, directory, newRecord } = input;
  if (!newRecord) throw new TypeError('create needs newRecord');
  if (!actorMatches(procedure.start, actor, { createdBy: null, assignee: null, department: null, data: {} }, directory)) {
    throw DomainError.forbidden(`You may not start "${procedure.label.en}": ask an administrator for a role that may.`);
  }
  const initial = procedure.stages.find((s) => s.key === procedure.initialStage)!;
  let record = startingRecord(procedure, newRecord, actor, now);
  const writable = writableFields(procedure, record, actor, directory, true);
  const prepared = await prepare(input, record, {}, input.command.data, writable, true);
  record = { ...record, data: prepared.data };

  const produced = emptyProduced();
  const rules = await firingRules(input, record, {}, 'create');
  record = await applySetFields(input, record, rules.outcomes);
  record = enterStage(procedure, record, initial.key, now, directory, produced);
  // After entering, so that a rule's due time or assignee overrides the initial stage's.
  record = applySideOutcomes(rules.outcomes, record, { rule: rules.keys }, now, directory, produced);
  record = await sync(input, record, {}, true, produced);
  produced.events.unshift({ type: 'created', actor: actor.id, fromStage: null, toStage: initial.key, changes: prepared.changes, comment: null, data: null });
  return outcome(record, produced);
}

async function update(input: Input<'update'>): Promise<Outcome> {
  const { procedure, actor, now } = input;
  const before = openRecord(input);
  const prepared = await prepare(input, before, before.data, input.command.data, writableFields(procedure, before, actor, input.directory), false);
  if (Object.keys(prepared.changes).length === 0) return outcome(before, emptyProduced());

  const produced = emptyProduced();
  let record: RecordState = { ...before, data: prepared.data };
  const rules = await firingRules(input, record, before.data, 'update');
  record = await applySetFields(input, record, rules.outcomes);
  record = applySideOutcomes(rules.outcomes, record, { rule: rules.keys }, now, input.directory, produced);
  record = reopenGates(input, record, prepared.changes, produced);
  record = await sync(input, record, before.data, false, produced);
  produced.events.unshift({ type: 'updated', actor: actor.id, fromStage: null, toStage: null, changes: changesBetween(before.data, record.data), comment: null, data: null });
  return outcome(bump(record, now), produced);
}

async function transition(input: Input<'transition'>): Promise<Outcome> {
  const { procedure, actor, now, directory, command } = input;
  const before = openRecord(input);
  const action = procedure.actions.find((a) => a.key === command.action && a.from.includes(before.stage));
  if (!action) {
    const stage = procedure.stages.find((s) => s.key === before.stage)!;
    throw DomainError.transitionBlocked(command.action, [
      {
        kind: 'action',
        key: command.action,
        message: message(
          { en: 'There is no action "{action}" in the stage "{stage}".', 'zh-CN': '“{stage}”阶段没有“{action}”操作。' },
          { action: command.action, stage: stage.label },
        ),
      },
    ]);
  }
  const reasons: LocalizedReason[] = [];
  if (!mayAct(action.by, actor, before, directory)) {
    reasons.push({ kind: 'permission', key: action.key, message: message({ en: 'You may not take the action "{action}".', 'zh-CN': '您无权执行“{action}”。' }, { action: action.label }) });
  }
  if (action.comment === 'required' && !command.comment?.trim()) {
    reasons.push({ kind: 'comment', key: action.key, message: message({ en: '"{action}" needs a comment.', 'zh-CN': '“{action}”需要填写意见。' }, { action: action.label }) });
  }

  let record = before;
  let changes: FieldChanges = {};
  const produced = emptyProduced();
  if (command.data && Object.keys(command.data).length > 0) {
    const prepared = await prepare(input, before, before.data, command.data, writableFields(procedure, before, actor, input.directory), false);
    record = { ...record, data: prepared.data };
    changes = prepared.changes;
    // A change that an approval watches withdraws it before the gates are checked below.
    record = reopenGates(input, record, changes, produced);
  }
  const target = procedure.stages.find((s) => s.key === action.to)!;
  for (const key of target.requires) {
    if (!hasValue(record.data[key])) {
      const field = procedure.fields.find((f) => f.key === key)!;
      reasons.push({ kind: 'field', key, message: message({ en: '"{field}" must be filled in before "{stage}".', 'zh-CN': '进入“{stage}”之前必须填写“{field}”。' }, { field: labelOf(field.label, key), stage: target.label }) });
    }
  }

  reasons.push(...recheckReasons(procedure, action.recheck, record.data, directory));

  const rules = procedure.rules.filter((r) => ruleApplies(r, 'transition', action.key));
  const checks: ConditionToEvaluate[] = rules.map((r) => ({ id: ruleConditionId(r), condition: r.when }));
  if (action.when) checks.push({ id: GUARD, condition: action.when });
  const results = await evaluateConditions(checks, buildFacts(procedure, record, before.data, actor, now, directory), now);
  if (action.when && !results.get(GUARD)) {
    reasons.push({ kind: 'guard', key: action.key, message: message({ en: 'The condition for "{action}" is not met.', 'zh-CN': '不满足“{action}”的条件。' }, { action: action.label }) });
  }
  const firing = rules.filter((r) => results.get(ruleConditionId(r)));
  for (const rule of firing) {
    for (const o of rule.then) if (o.type === 'block') reasons.push({ kind: 'rule', key: rule.key, message: o.message ?? ruleMessage(rule) });
  }
  const neededGates = new Set([...action.requires, ...firing.flatMap((r) => r.then.flatMap((o) => (o.type === 'requireApproval' && o.gate ? [o.gate] : [])))]);
  for (const key of neededGates) {
    const gate = procedure.gates.find((g) => g.key === key)!;
    const state = record.gates[key];
    if (state?.status !== 'approved') reasons.push({ kind: 'gate', key, message: gateMessage(gate.label, state?.status) });
  }
  if (reasons.length > 0) throw DomainError.transitionBlocked(action.key, reasons);

  const outcomes = firing.flatMap((r) => r.then);
  record = await applySetFields(input, record, outcomes);
  record = await moveTo(input, record, before.data, action.to, produced);
  // After entering: a rule's due time or assignee overrides the stage's, and notices name the new stage.
  record = applySideOutcomes(outcomes, record, { rule: firing.map((r) => r.key).join(',') }, now, directory, produced);
  produced.events.unshift({
    type: 'transitioned',
    actor: actor.id,
    fromStage: before.stage,
    toStage: action.to,
    changes: Object.keys(changes).length > 0 ? changesBetween(before.data, record.data) : null,
    comment: command.comment?.trim() || null,
    data: { action: action.key },
  });
  return outcome(bump(record, now), produced);
}

async function decideApproval(input: Input<'decide'>): Promise<Outcome> {
  const { procedure, actor, now, command, approvals } = input;
  const before = openRecord(input);
  const approval = approvals.find((a) => a.id === command.approvalId);
  if (!approval) throw DomainError.notFound(`Approval ${command.approvalId}`);
  const state = before.gates[approval.gate];
  if (approval.state !== 'pending' || state?.round !== approval.round || state.status !== 'pending') {
    throw DomainError.badRequest(`This approval is no longer open (it is ${approval.state === 'pending' ? 'superseded' : approval.state}): nothing to decide.`);
  }
  if (approval.approver !== actor.id) throw DomainError.forbidden('Only the approver this decision was requested from may decide it.');
  const gate = procedure.gates.find((g) => g.key === approval.gate)!;
  if (!gate.selfApproval && before.createdBy === actor.id) throw DomainError.forbidden(`"${gate.label.en}" does not allow approving your own record.`);
  refuseExcluded(input, before, gate, approval);
  const comment = command.comment?.trim() || null;
  if (command.decision === 'REJECT' && !comment) {
    throw DomainError.validationFailed([{ path: 'comment', message: { en: 'Say why you reject: a comment is required.', 'zh-CN': '驳回时必须填写意见。' } }]);
  }

  const { applies } = await evaluateGateConditions(procedure, before, before.data, actor, now, input.directory);
  const changes = decide(procedure, before.gates, approvals, { approval, approve: command.decision === 'APPROVE', actor: actor.id, comment, now }, before.createdBy, applies);
  const produced: Produced = { events: changes.events, requests: changes.requests, updates: changes.updates, effects: [] };
  let record: RecordState = { ...before, gates: changes.gates };
  if (changes.gates[gate.key]?.status === 'rejected' && gate.onReject && gate.onReject.stage !== record.stage) {
    const from = record.stage;
    record = await moveTo(input, record, before.data, gate.onReject.stage, produced);
    produced.events.push({ type: 'transitioned', actor: actor.id, fromStage: from, toStage: gate.onReject.stage, changes: null, comment, data: { gate: gate.key, reason: 'rejected' } });
  }
  return outcome(bump(record, now), produced);
}

/**
 * Separation of duties, checked again at decision time (the service already asked nobody it
 * excludes): who approved an earlier level under `distinctApprovers`, and the `exclude` lists.
 */
function refuseExcluded(input: EngineInput, record: RecordState, gate: Gate, approval: ApprovalState): void {
  const { actor, approvals, directory } = input;
  if (gate.distinctApprovers && earlierApprovers(approvals, gate.key, approval.round, approval.rowIndex, approval.level).includes(actor.id)) {
    throw DomainError.forbidden(`"${gate.label.en}" needs a different person at each level: you approved an earlier level.`);
  }
  const exclude = [...gate.exclude, ...gate.levels[approval.level]!.exclude];
  const rows = gate.rows === undefined ? undefined : (record.data[gate.rows] as RecordData[] | undefined);
  const row = gate.rows !== undefined && approval.rowIndex !== null ? { table: gate.rows, values: rows?.[approval.rowIndex] ?? {} } : undefined;
  if (exclude.length > 0 && actorMatches(exclude, actor, { ...whoContext(record), row }, directory)) {
    throw DomainError.forbidden(`"${gate.label.en}" does not allow you to decide this level.`);
  }
}

async function comment(input: Input<'comment'>): Promise<Outcome> {
  const record = input.record;
  if (!record) throw new TypeError('comment needs a record');
  const body = input.command.body.trim();
  if (!body) throw DomainError.validationFailed([{ path: 'body', message: { en: 'A comment cannot be empty.', 'zh-CN': '评论不能为空。' } }]);
  const produced = emptyProduced();
  produced.events.push({ type: 'commented', actor: input.actor.id, fromStage: null, toStage: null, changes: null, comment: body, data: null });
  return outcome(record, produced);
}

/**
 * An action's `recheck`: the people and records its fields name must still meet the fields'
 * conditions now (a supplier still qualified, a person still in the role), not only when written.
 */
function recheckReasons(procedure: Procedure, keys: readonly string[], data: RecordData, directory: Directory): LocalizedReason[] {
  const reasons: LocalizedReason[] = [];
  const fields = procedure.fields.filter((f) => keys.includes(f.key));
  for (const cell of cellsOf(fields, data)) {
    checkReferences(cell, directory, (path, problem) => {
      const field = fields.find((f) => f.key === path.split('.')[0])!;
      reasons.push({
        kind: 'field',
        key: field.key,
        message: message({ en: '"{field}" no longer holds: {problem}.', 'zh-CN': '“{field}”已不符合要求：{problem}。' }, { field: labelOf(field.label, field.key), problem }),
      });
    });
  }
  return reasons;
}

/** The record `create` starts from: the initial stage, created by the actor, no data yet. */
export function startingRecord(procedure: Procedure, newRecord: NonNullable<EngineInput['newRecord']>, actor: Actor, now: Date): RecordState {
  return {
    id: newRecord.id,
    procedureKey: procedure.key,
    procedureVersion: newRecord.procedureVersion,
    stage: procedure.initialStage,
    data: {},
    version: 1,
    createdBy: actor.id,
    department: newRecord.department,
    assignee: null,
    dueAt: null,
    createdAt: now,
    updatedAt: now,
    closedAt: null,
    gates: {},
  };
}

// ---- steps shared by the commands ----

function openRecord(input: EngineInput): RecordState {
  const record = input.record;
  if (!record) throw new TypeError(`${input.command.type} needs a record`);
  if (record.closedAt !== null) {
    throw DomainError.badRequest(`The record is closed (stage "${record.stage}"): it can no longer change.`);
  }
  return record;
}

async function prepare(input: EngineInput, record: RecordState, previous: RecordData, data: RecordData, writable: ReadonlySet<string>, isCreate: boolean) {
  const prepared = await prepareData({
    procedure: input.procedure,
    previous,
    input: data,
    writable,
    context: { actor: actorFacts(input.actor), record: recordFacts(record), approvals: approvalFacts(input.procedure, record.gates) },
    directory: input.directory,
    now: input.now,
    applyDefaults: isCreate,
  });
  if (prepared.fieldErrors.length > 0) throw DomainError.validationFailed(prepared.fieldErrors);
  return prepared;
}

function allWritable(procedure: Procedure): Set<string> {
  return new Set(procedure.fields.filter((f) => f.type !== 'section' && f.computed === undefined).map((f) => f.key));
}

/**
 * The top-level fields this actor may change on the record in its current stage: the stage's
 * `editable` grants that name them; every stored field on create when the initial stage grants none.
 * The one answer the commands and the form state both read.
 */
export function writableFields(procedure: Procedure, record: RecordState, actor: Actor, directory: Directory, creating = false): Set<string> {
  const stage = procedure.stages.find((s) => s.key === record.stage)!;
  if (creating && stage.editable.length === 0) return allWritable(procedure);
  const context = whoContext(record);
  return new Set(stage.editable.filter((grant) => actorMatches(grant.by, actor, context, directory)).flatMap((grant) => grant.fields));
}

/**
 * The rules listening to a create or update whose condition holds; a `block` among their
 * outcomes refuses the command. Rules run a single pass — what they change does not run them again.
 */
async function firingRules(input: EngineInput, record: RecordState, previous: RecordData, event: 'create' | 'update'): Promise<{ outcomes: OutcomeDef[]; keys: string }> {
  const rules = input.procedure.rules.filter((r) => ruleApplies(r, event));
  if (rules.length === 0) return { outcomes: [], keys: '' };
  const results = await evaluateConditions(
    rules.map((r) => ({ id: ruleConditionId(r), condition: r.when })),
    buildFacts(input.procedure, record, previous, input.actor, input.now, input.directory),
    input.now,
  );
  const firing = rules.filter((r) => results.get(ruleConditionId(r)));
  const blocks = firing.flatMap((r) => r.then.filter((o) => o.type === 'block').map((o) => ({ kind: 'rule', key: r.key, message: o.message ?? ruleMessage(r) })));
  if (blocks.length > 0) throw DomainError.transitionBlocked(event, blocks);
  return { outcomes: firing.flatMap((r) => r.then), keys: firing.map((r) => r.key).join(',') };
}

/**
 * `setField` outcomes go through the form like any input, so computed fields follow them. An
 * `expression` is JSONata over the data as it stands (money as numbers), like a computed field.
 */
async function applySetFields(input: EngineInput, record: RecordState, outcomes: readonly OutcomeDef[]): Promise<RecordState> {
  const sets = outcomes.filter((o) => o.type === 'setField' && o.field !== undefined);
  if (sets.length === 0) return record;
  const values: Record<string, unknown> = {};
  for (const outcome of sets) {
    if (outcome.expression === undefined) {
      values[outcome.field!] = outcome.value;
      continue;
    }
    const result = await computeField(expressionField(input.procedure, outcome), numericData(input.procedure, record.data));
    if (!result.ok) throw DomainError.validationFailed([{ path: outcome.field!, message: result.message }]);
    values[outcome.field!] = result.value ?? null;
  }
  const prepared = await prepare(input, record, record.data, values, new Set(Object.keys(values)), false);
  return { ...record, data: prepared.data };
}

/** The target field with the outcome's expression as its `computed`, made once per outcome. */
const expressionFields = new WeakMap<OutcomeDef, Field>();
function expressionField(procedure: Procedure, outcome: OutcomeDef): Field {
  let field = expressionFields.get(outcome);
  if (!field) {
    const target = procedure.fields.find((f) => f.key === outcome.field)!;
    field = { ...target, computed: outcome.expression };
    expressionFields.set(outcome, field);
  }
  return field;
}

/** Leaves the current stage for `to`: cancels what the next stage does not need, enters it, opens its gates. */
async function moveTo(input: EngineInput, record: RecordState, previous: RecordData, to: string, produced: Produced): Promise<RecordState> {
  const entered = enterStage(input.procedure, { ...record }, to, input.now, input.directory, produced);
  const { applies, ruleHolds } = await evaluateGateConditions(input.procedure, entered, previous, input.actor, input.now, input.directory);
  const needed = gatesNeededIn(input.procedure, to, ruleHolds);
  const left = leaveStage(entered, input.approvals, needed, input.now, produced);
  return syncGates(input.procedure, left, needed, applies, true, produced);
}

async function sync(input: EngineInput, record: RecordState, previous: RecordData, entering: boolean, produced: Produced): Promise<RecordState> {
  if (input.procedure.gates.length === 0) return record;
  const { applies, ruleHolds } = await evaluateGateConditions(input.procedure, record, previous, input.actor, input.now, input.directory);
  return syncGates(input.procedure, record, gatesNeededIn(input.procedure, record.stage, ruleHolds), applies, entering, produced);
}

/**
 * A change to a field a gate's outcome depends on (`reopenOn`, its conditions, approvers, rows and
 * what they are computed from) cancels its round; sync opens a new one where needed.
 */
function reopenGates(input: EngineInput, record: RecordState, changes: FieldChanges, produced: Produced): RecordState {
  let next = record;
  for (const gate of input.procedure.gates) {
    const state = next.gates[gate.key];
    const fields = [...gateDependencies(input.procedure, gate)].filter((f) => f in changes);
    if (!state || fields.length === 0 || (state.status !== 'approved' && state.status !== 'pending')) continue;
    const cancelled = cancelRound(gate.key, next.gates, input.approvals, input.now);
    next = { ...next, gates: cancelled.gates };
    produced.updates.push(...cancelled.updates);
    produced.events.push({ type: 'gate-reopened', actor: input.actor.id, fromStage: null, toStage: null, changes: null, comment: null, data: { gate: gate.key, round: state.round, fields } });
  }
  return next;
}

function changesBetween(before: RecordData, after: RecordData): FieldChanges {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) changes[key] = { from: before[key] ?? null, to: after[key] ?? null };
  }
  return changes;
}

function bump(record: RecordState, now: Date): RecordState {
  return { ...record, version: record.version + 1, updatedAt: now };
}

function outcome(record: RecordState, produced: Produced): Outcome {
  return { record, events: produced.events, approvalRequests: produced.requests, approvalUpdates: produced.updates, effects: produced.effects };
}

function ruleMessage(rule: Rule): Label {
  return rule.description ?? { en: `The rule "${rule.key}" does not allow this.`, 'zh-CN': `规则“${rule.key}”不允许此操作。` };
}

function gateMessage(label: Label, status: string | undefined): Label {
  const templates: Record<string, Label> = {
    pending: { en: 'The approval "{gate}" is still pending.', 'zh-CN': '“{gate}”审批尚未完成。' },
    rejected: { en: 'The approval "{gate}" was rejected.', 'zh-CN': '“{gate}”审批已被驳回。' },
    cancelled: { en: 'The approval "{gate}" was reopened by a change and is not approved yet.', 'zh-CN': '“{gate}”审批因内容修改已重新开启，尚未批准。' },
    none: { en: 'The approval "{gate}" has not been given.', 'zh-CN': '尚未获得“{gate}”审批。' },
  };
  return message(templates[status ?? 'none'] ?? templates.none!, { gate: label });
}

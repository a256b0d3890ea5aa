import type { Label, Outcome as OutcomeDef, Procedure, Rule } from '../definitions/definition.types.js';
import type { Facts } from './conditions.js';
import type { Actor, Directory, GateStates, RecordData, RecordState } from './engine.types.js';
import { latestRowFacts, linkFacts, numericData, peopleFacts, percentChanges } from './form-data.js';
import { actorMatches, userFieldValue, type WhoContext } from './who.js';

/** The `record` fact and the `approvals` fact of a record. */
export function recordFacts(record: RecordState): Record<string, unknown> {
  return {
    id: record.id,
    procedure: record.procedureKey,
    stage: record.stage,
    createdBy: record.createdBy,
    department: record.department,
    assignee: record.assignee,
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
    dueAt: record.dueAt?.toISOString() ?? null,
  };
}

export function approvalFacts(procedure: Procedure, gates: GateStates): Record<string, string> {
  return Object.fromEntries(procedure.gates.map((g) => [g.key, gates[g.key]?.status ?? 'none']));
}

export function actorFacts(actor: Actor): Record<string, unknown> {
  return { id: actor.id, username: actor.username, roles: actor.roles, department: actor.department, isAdmin: actor.isAdmin };
}

/** Every fact a condition may read, for a record whose data went from `previous` to `data`. */
export function buildFacts(procedure: Procedure, record: RecordState, previous: RecordData, actor: Actor, now: Date, directory: Directory): Facts {
  const data = numericData(procedure, record.data);
  const before = numericData(procedure, previous);
  const changes = procedure.fields.filter((f) => JSON.stringify(record.data[f.key]) !== JSON.stringify(previous[f.key])).map((f) => f.key);
  return {
    data,
    previous: before,
    changes,
    actor: actorFacts(actor),
    record: recordFacts(record),
    approvals: approvalFacts(procedure, record.gates),
    percentChange: percentChanges(procedure, data, before),
    links: linkFacts(procedure, record.data, directory),
    people: peopleFacts(procedure, record.data, directory),
    latestRows: latestRowFacts(procedure, data),
    now: now.toISOString(),
  };
}

export function whoContext(record: Pick<RecordState, 'createdBy' | 'assignee' | 'department' | 'data'>): WhoContext {
  return { createdBy: record.createdBy, assignee: record.assignee, department: record.department, data: record.data };
}

/** Does the rule listen to this command? A rule without `on` listens to every command. */
export function ruleApplies(rule: Rule, event: 'create' | 'update' | 'transition', action?: string): boolean {
  const { actions, events } = rule.on;
  if (actions.length === 0 && events.length === 0) return true;
  return events.includes(event) || (action !== undefined && actions.includes(action));
}

export function ruleConditionId(rule: Rule): string {
  return `rule:${rule.key}`;
}

/**
 * The one user an `assign` outcome names: a user field, a named user, the creator or the
 * department's manager; null when it names nobody (the assignee is then left as it was).
 */
export function resolveAssignee(outcome: OutcomeDef, record: RecordState, directory: Directory): string | null {
  for (const entry of outcome.to ?? []) {
    if (entry.userField) {
      const id = userFieldValue(entry.userField, whoContext(record));
      if (id) return id;
    }
    if (entry.users?.[0]) {
      const id = directory.userIds.get(entry.users[0]);
      if (id) return id;
    }
    if (entry.creator) return record.createdBy;
    if (entry.departmentManager) return directory.departmentManagers.get(record.department) ?? null;
  }
  return null;
}

export function mayAct(procedureWho: Parameters<typeof actorMatches>[0], actor: Actor, record: RecordState, directory: Directory): boolean {
  return actorMatches(procedureWho, actor, whoContext(record), directory);
}

export function labelOf(label: Label | undefined, key: string): Label {
  return label ?? { en: key, 'zh-CN': key };
}

/** `Label` with `{name}` placeholders filled in each language. */
export function message(template: Label, values: Readonly<Record<string, Label | string>>): Label {
  const fill = (locale: 'en' | 'zh-CN') =>
    template[locale].replace(/\{(\w+)\}/g, (_, name: string) => {
      const value = values[name];
      return value === undefined ? `{${name}}` : typeof value === 'string' ? value : value[locale];
    });
  return { en: fill('en'), 'zh-CN': fill('zh-CN') };
}

/**
 * An in-memory stand-in for the record service, so that engine tests can drive one record through
 * many commands: it builds each EngineInput, runs the pure engine, and applies the Outcome the way
 * services/record.service.ts does (record replaced, events numbered, decisions applied, each
 * approval request resolved to one pending approval per eligible user). No database.
 *
 * Unlike the service it does not refuse a request that nobody can approve: it opens no approval
 * and records an `approval-requested` event with an empty `approvers` list, so tests can see it.
 * Errors thrown by the engine propagate unchanged and leave the state as it was.
 */
import path from 'node:path';
import { loadDefinitions } from '../../server/src/definitions/definition-set.js';
import type { Organisation, Procedure } from '../../server/src/definitions/definition.types.js';
import { whoContext } from '../../server/src/engine/command-context.js';
import type {
  Actor, ApprovalRequest, ApprovalState, Command, Directory, Effect, EngineInput, EventDraft, Outcome, RecordState,
} from '../../server/src/engine/engine.types.js';
import { runCommand } from '../../server/src/engine/record-engine.js';
import { actorMatches, type WhoContext } from '../../server/src/engine/who.js';
import { fixturesDir } from './fixtures.js';

export const engineDefinitionsDir = path.join(fixturesDir, 'engine');

/** The engine fixtures' organisation and procedures, loaded through the real pipeline. */
export async function loadEngineDefinitions(): Promise<{ organisation: Organisation; procedure: (key: string) => Procedure }> {
  const result = await loadDefinitions(engineDefinitionsDir);
  if (!result.ok) throw new Error(result.problems.map((p) => `${p.file} ${p.pointer} ${p.message}`).join('\n'));
  const { registry } = result.set;
  return {
    organisation: registry.organisation,
    procedure: (key) => {
      const procedure = registry.procedures.get(key);
      if (!procedure) throw new Error(`The engine fixtures have no procedure "${key}".`);
      return procedure;
    },
  };
}

export interface HarnessUser {
  readonly id: string;
  readonly username: string;
  readonly roles: readonly string[];
  readonly department: string | null;
}

/** An approval as the service stores it: the engine's view plus who decided. */
export interface StoredApproval extends ApprovalState {
  readonly decidedBy: string | null;
  /** The users the request was resolved to, as the service keeps them on each approval. */
  readonly approvers: readonly string[];
}

/** A history row: the engine's draft, numbered and stamped like the service does. */
export interface StoredEvent extends EventDraft {
  readonly seq: number;
  readonly at: Date;
}

export interface HarnessOptions {
  readonly users: readonly { readonly username: string; readonly roles: readonly string[]; readonly department: string | null }[];
  /** Department key → manager's username. */
  readonly managers?: Readonly<Record<string, string>>;
  readonly now: Date;
}

/** A deterministic UUID (version 4 layout) so that user and link fields accept the ids. */
function uuid(prefix: number, n: number): string {
  return `${String(prefix).padStart(8, '0')}-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

export class EngineHarness {
  readonly users: HarnessUser[];
  readonly managers = new Map<string, string | null>();
  /** Every approval of the record, in creation order; tests may add one to forge a situation. */
  readonly approvals: StoredApproval[] = [];
  readonly events: StoredEvent[] = [];
  readonly effects: Effect[] = [];
  readonly requests: ApprovalRequest[] = [];
  record: RecordState | undefined;
  now: Date;
  #approvalCount = 0;

  constructor(
    readonly procedure: Procedure,
    readonly organisation: Organisation,
    options: HarnessOptions,
  ) {
    this.users = options.users.map((u, i) => ({ id: uuid(1, i + 1), username: u.username, roles: [...u.roles], department: u.department }));
    for (const department of organisation.departments) this.managers.set(department.key, null);
    for (const [department, username] of Object.entries(options.managers ?? {})) this.managers.set(department, this.user(username).id);
    this.now = options.now;
  }

  user(username: string): HarnessUser {
    const user = this.users.find((u) => u.username === username);
    if (!user) throw new Error(`The harness has no user "${username}".`);
    return user;
  }

  id(username: string): string {
    return this.user(username).id;
  }

  username(id: string | null): string | null {
    return id === null ? null : (this.users.find((u) => u.id === id)?.username ?? id);
  }

  /** Moves the clock forward by `ms` milliseconds. */
  advance(ms: number): void {
    this.now = new Date(this.now.getTime() + ms);
  }

  directory(): Directory {
    return {
      departmentManagers: new Map(this.managers),
      departments: new Set(this.organisation.departments.map((d) => d.key)),
      userIds: new Map(this.users.map((u) => [u.username, u.id])),
      people: new Map(this.users.map((u) => [u.id, { id: u.id, department: u.department, roles: u.roles, manager: u.department === null ? null : (this.managers.get(u.department) ?? null) }])),
      linkedRecords: new Map(),
    };
  }

  /** Runs one command as `username` and applies its outcome; engine errors propagate, state untouched. */
  async run(command: Command, username: string): Promise<Outcome> {
    const actor = this.actorOf(this.user(username));
    const directory = this.directory();
    const input: EngineInput = {
      procedure: this.procedure,
      ...(command.type === 'create'
        ? { newRecord: { id: uuid(2, 1), procedureVersion: 1, department: actor.department ?? this.procedure.department } }
        : { record: this.current() }),
      approvals: this.approvals.map((a) => ({ ...a })),
      command,
      actor,
      now: this.now,
      directory,
    };
    const outcome = await runCommand(input);
    if (command.type !== 'create' && outcome.events.length === 0) return outcome;
    this.apply(outcome, directory);
    return outcome;
  }

  // ---- shorthands for the commands ----

  create(data: Record<string, unknown>, username: string): Promise<Outcome> {
    return this.run({ type: 'create', data }, username);
  }

  update(data: Record<string, unknown>, username: string): Promise<Outcome> {
    return this.run({ type: 'update', data }, username);
  }

  transition(action: string, username: string, options: { comment?: string; data?: Record<string, unknown> } = {}): Promise<Outcome> {
    return this.run({ type: 'transition', action, ...options }, username);
  }

  /** Decides the one pending approval of `username` that matches `where` (gate, rowIndex …). */
  decide(username: string, decision: 'APPROVE' | 'REJECT', comment?: string, where: Partial<ApprovalState> = {}): Promise<Outcome> {
    const approval = this.pendingFor(username, where);
    return this.run({ type: 'decide', approvalId: approval.id, decision, comment }, username);
  }

  /** The one pending approval asked of `username` that matches `where`; throws when there is not exactly one. */
  pendingFor(username: string, where: Partial<ApprovalState> = {}): StoredApproval {
    const found = this.approvals.filter((a) => a.state === 'pending' && a.approver === this.id(username) && matches(a, where));
    if (found.length !== 1) throw new Error(`${username} has ${found.length} pending approvals matching ${JSON.stringify(where)}, not one.`);
    return found[0]!;
  }

  /** Approvals as `{ approver: username, … }` rows, for readable assertions. */
  approvalRows(where: Partial<ApprovalState> = {}): { approver: string | null; gate: string; level: number; rowIndex: number | null; round: number; state: string }[] {
    return this.approvals
      .filter((a) => matches(a, where))
      .map((a) => ({ approver: this.username(a.approver), gate: a.gate, level: a.level, rowIndex: a.rowIndex, round: a.round, state: a.state }));
  }

  /** Usernames of the pending approvers that match `where`, sorted. */
  pendingApprovers(where: Partial<ApprovalState> = {}): string[] {
    return this.approvals
      .filter((a) => a.state === 'pending' && matches(a, where))
      .map((a) => this.username(a.approver)!)
      .sort();
  }

  /** The event types appended after history row `afterSeq`. */
  eventTypesSince(afterSeq: number): string[] {
    return this.events.filter((e) => e.seq > afterSeq).map((e) => e.type);
  }

  lastSeq(): number {
    return this.events.at(-1)?.seq ?? 0;
  }

  current(): RecordState {
    if (!this.record) throw new Error('No record yet: run a create command first.');
    return this.record;
  }

  private actorOf(user: HarnessUser): Actor {
    return { id: user.id, username: user.username, roles: user.roles, department: user.department, isAdmin: false };
  }

  private apply(outcome: Outcome, directory: Directory): void {
    this.record = outcome.record;
    const at = outcome.record.updatedAt;
    const drafts: EventDraft[] = [...outcome.events];
    const known = new Set(this.approvals.map((a) => a.id));
    for (const update of outcome.approvalUpdates) {
      if (!known.has(update.id)) continue;
      const index = this.approvals.findIndex((a) => a.id === update.id);
      this.approvals[index] = { ...this.approvals[index]!, state: update.state, decidedAt: update.decidedAt, comment: update.comment, decidedBy: update.decidedBy };
    }
    for (const request of outcome.approvalRequests) {
      this.requests.push(request);
      const approvers = this.eligible(request, outcome.record, directory);
      for (const approver of approvers) {
        this.approvals.push({
          id: uuid(3, ++this.#approvalCount),
          gate: request.gate,
          level: request.level,
          rowIndex: request.rowIndex,
          round: request.round,
          approver,
          state: 'pending',
          decidedAt: null,
          comment: null,
          decidedBy: null,
          approvers,
        });
      }
      const levelKey = this.procedure.gates.find((g) => g.key === request.gate)?.levels[request.level]?.key ?? null;
      drafts.push({
        type: 'approval-requested',
        actor: null,
        fromStage: null,
        toStage: null,
        changes: null,
        comment: null,
        data: { gate: request.gate, level: request.level, levelKey, rowIndex: request.rowIndex, round: request.round, approvers },
      });
    }
    let seq = this.lastSeq();
    for (const draft of drafts) this.events.push({ ...draft, seq: ++seq, at });
    this.effects.push(...outcome.effects);
  }

  /** Every user the request's approvers name (for a per-row gate: about that row), minus `exclude` and `excludeWho`; sorted. */
  private eligible(request: ApprovalRequest, record: RecordState, directory: Directory): string[] {
    const gate = this.procedure.gates.find((g) => g.key === request.gate);
    const table = gate?.rows;
    const context: WhoContext =
      table !== undefined && request.rowIndex !== null
        ? { ...whoContext(record), row: { table, values: ((record.data[table] as Record<string, unknown>[] | undefined) ?? [])[request.rowIndex] ?? {} } }
        : whoContext(record);
    return this.users
      .filter((u) => actorMatches(request.approvers, this.actorOf(u), context, directory) && !request.exclude.includes(u.id))
      .filter((u) => !actorMatches(request.excludeWho, this.actorOf(u), context, directory))
      .map((u) => u.id)
      .sort();
  }
}

function matches(approval: ApprovalState, where: Partial<ApprovalState>): boolean {
  return Object.entries(where).every(([key, value]) => approval[key as keyof ApprovalState] === value);
}

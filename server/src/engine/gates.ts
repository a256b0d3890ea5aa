import type { Gate, Level, Procedure, Quorum } from '../definitions/definition.types.js';
import type {
  ApprovalDecisionUpdate, ApprovalRequest, ApprovalState, EventDraft, GateState, GateStates, LevelChain, RecordData,
} from './engine.types.js';

/** The chain key of a gate over the whole record; per-row gates key their chains by row index. */
export const WHOLE = '*';

/** `levelApplies(gate, level)`: the level's `when` holds (always true without one). */
export type LevelApplies = (gate: string, level: number) => boolean;

/** The changes to gates and approvals that one step of a command produces. */
export interface GateChanges {
  readonly gates: GateStates;
  readonly requests: ApprovalRequest[];
  readonly updates: ApprovalDecisionUpdate[];
  readonly events: EventDraft[];
}

export function levelConditionId(gate: string, level: number): string {
  return `level:${gate}:${level}`;
}

/** The first level at or after `from` whose condition holds, or undefined. */
function nextLevel(gate: Gate, from: number, applies: LevelApplies): number | undefined {
  for (let i = from; i < gate.levels.length; i++) if (applies(gate.key, i)) return i;
  return undefined;
}

/**
 * Opens a new round of a gate: each chain (the record, or each row of the gate's table) starts
 * at its first applicable level. A chain with no applicable level is approved at once.
 */
export function openRound(
  gate: Gate,
  previous: GateState | undefined,
  data: RecordData,
  creator: string,
  applies: LevelApplies,
  stage: string,
): { state: GateState; requests: ApprovalRequest[] } {
  const round = (previous?.round ?? 0) + 1;
  const rows = gate.rows === undefined ? [WHOLE] : ((data[gate.rows] as unknown[] | undefined) ?? []).map((_, i) => String(i));
  const chains: Record<string, LevelChain> = {};
  const requests: ApprovalRequest[] = [];
  for (const chain of rows) {
    const level = nextLevel(gate, 0, applies);
    chains[chain] = level === undefined ? { level: gate.levels.length, status: 'approved' } : { level, status: 'pending' };
    if (level !== undefined) requests.push(request(gate, level, chain, round, creator, []));
  }
  return { state: { round, status: statusOf(chains), chains, stage }, requests };
}

function request(gate: Gate, level: number, chain: string, round: number, creator: string, earlierApprovers: readonly string[]): ApprovalRequest {
  const levelDef = gate.levels[level] as Level;
  return {
    gate: gate.key,
    level,
    rowIndex: chain === WHOLE ? null : Number(chain),
    round,
    approvers: levelDef.approvers,
    exclude: [...(gate.selfApproval ? [] : [creator]), ...(gate.distinctApprovers ? earlierApprovers : [])],
    excludeWho: [...gate.exclude, ...levelDef.exclude],
  };
}

/** Who approved a level of this round and chain before `level`: with `distinctApprovers`, they decide no later level. */
export function earlierApprovers(approvals: readonly ApprovalState[], gate: string, round: number, rowIndex: number | null, level: number): string[] {
  return approvals.filter((a) => a.gate === gate && a.round === round && a.rowIndex === rowIndex && a.level < level && a.state === 'approved').map((a) => a.approver);
}

function statusOf(chains: Readonly<Record<string, LevelChain>>): GateState['status'] {
  const all = Object.values(chains);
  if (all.some((c) => c.status === 'rejected')) return 'rejected';
  if (all.every((c) => c.status === 'approved')) return 'approved';
  return 'pending';
}

/** How many approvals a level needs out of `total` eligible approvers. */
export function approvalsNeeded(quorum: Quorum, total: number): number {
  if (quorum === 'any') return 1;
  if (quorum === 'all') return total;
  if ('count' in quorum) return quorum.count;
  return Math.max(1, Math.ceil((total * quorum.percent) / 100));
}

/**
 * A level's result after a decision. `any`: the first decision decides. Otherwise it is approved
 * once enough approvals are in, and rejected as soon as enough can no longer come in.
 */
function levelResult(quorum: Quorum, decisions: readonly ApprovalState[]): 'approved' | 'rejected' | 'pending' {
  const live = decisions.filter((d) => d.state !== 'cancelled');
  const approved = live.filter((d) => d.state === 'approved').length;
  const rejected = live.filter((d) => d.state === 'rejected').length;
  const pending = live.length - approved - rejected;
  if (quorum === 'any') return approved > 0 ? 'approved' : rejected > 0 ? 'rejected' : 'pending';
  const needed = approvalsNeeded(quorum, live.length);
  if (approved >= needed) return 'approved';
  if (approved + pending < needed) return 'rejected';
  return 'pending';
}

/**
 * Applies one decision to its gate: records it, and when the level is decided, cancels the
 * decisions no longer needed and opens the next level or closes the chain. Pure.
 */
export function decide(
  procedure: Procedure,
  gates: GateStates,
  approvals: readonly ApprovalState[],
  decision: { approval: ApprovalState; approve: boolean; actor: string; comment: string | null; now: Date },
  creator: string,
  applies: LevelApplies,
): GateChanges {
  const { approval, now } = decision;
  const gate = procedure.gates.find((g) => g.key === approval.gate)!;
  const state = gates[gate.key]!;
  const chainKey = approval.rowIndex === null ? WHOLE : String(approval.rowIndex);
  const updates: ApprovalDecisionUpdate[] = [
    { id: approval.id, state: decision.approve ? 'approved' : 'rejected', decidedBy: decision.actor, decidedAt: now, comment: decision.comment },
  ];
  const decided = new Map(updates.map((u) => [u.id, u.state]));
  const sameLevel = approvals
    .filter((a) => a.gate === gate.key && a.round === state.round && a.rowIndex === approval.rowIndex && a.level === approval.level)
    .map((a) => (decided.has(a.id) ? { ...a, state: decided.get(a.id)! } : a));
  const result = levelResult(gate.levels[approval.level]!.quorum, sameLevel);
  const events: EventDraft[] = [
    {
      type: 'approval-decided',
      actor: decision.actor,
      fromStage: null,
      toStage: null,
      changes: null,
      comment: decision.comment,
      data: { gate: gate.key, level: approval.level, levelKey: gate.levels[approval.level]!.key, rowIndex: approval.rowIndex, round: state.round, decision: decision.approve ? 'APPROVE' : 'REJECT', approvalId: approval.id },
    },
  ];
  if (result === 'pending') return { gates, requests: [], updates, events };

  const cancelled = (a: ApprovalState) => ({ id: a.id, state: 'cancelled' as const, decidedBy: null, decidedAt: now, comment: null });
  const requests: ApprovalRequest[] = [];
  let chain: LevelChain;
  if (result === 'approved') {
    updates.push(...sameLevel.filter((a) => a.state === 'pending').map(cancelled));
    const next = nextLevel(gate, approval.level + 1, applies);
    chain = next === undefined ? { level: approval.level, status: 'approved' } : { level: next, status: 'pending' };
    const approvedBefore = [...earlierApprovers(approvals, gate.key, state.round, approval.rowIndex, approval.level), decision.actor];
    if (next !== undefined) requests.push(request(gate, next, chainKey, state.round, creator, approvedBefore));
  } else {
    // A rejected chain rejects the gate: every other open decision of this round is moot.
    updates.push(
      ...approvals.filter((a) => a.gate === gate.key && a.round === state.round && a.state === 'pending' && !decided.has(a.id)).map(cancelled),
    );
    chain = { level: approval.level, status: 'rejected' };
  }
  const chains = { ...state.chains, [chainKey]: chain };
  const status = statusOf(chains);
  const next: GateStates = { ...gates, [gate.key]: { ...state, chains, status } };
  if (status === 'approved' || status === 'rejected') {
    events.push({
      type: status === 'approved' ? 'gate-approved' : 'gate-rejected',
      actor: decision.actor,
      fromStage: null,
      toStage: null,
      changes: null,
      comment: null,
      data: { gate: gate.key, round: state.round },
    });
  }
  return { gates: next, requests, updates, events };
}

/** Cancels a gate's open decisions and marks its round cancelled (reopened or left behind). */
export function cancelRound(gate: string, gates: GateStates, approvals: readonly ApprovalState[], now: Date): { gates: GateStates; updates: ApprovalDecisionUpdate[] } {
  const state = gates[gate];
  if (!state) return { gates, updates: [] };
  const updates = approvals
    .filter((a) => a.gate === gate && a.round === state.round && a.state === 'pending')
    .map((a) => ({ id: a.id, state: 'cancelled' as const, decidedBy: null, decidedAt: now, comment: null }));
  return { gates: { ...gates, [gate]: { ...state, status: 'cancelled' } }, updates };
}

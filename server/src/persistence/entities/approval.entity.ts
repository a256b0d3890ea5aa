import { randomUUID } from 'node:crypto';
import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { ProcedureRecord } from './record.entity.js';
import { User } from './user.entity.js';

export const approvalStates = ['pending', 'approved', 'rejected', 'cancelled'] as const;
export type ApprovalState = (typeof approvalStates)[number];

/**
 * Who was eligible to decide, resolved when the approval opened, so that a later change to the
 * organisation does not change who may decide an open approval.
 */
export interface ApproverSet {
  readonly users?: readonly string[];
  readonly roles?: readonly string[];
  readonly departments?: readonly string[];
}

/**
 * One approval request of a gate at one level. `rowIndex` is set for per-row approval of a table
 * field; `round` starts at 1 and grows each time a gate is reopened, so earlier decisions stay.
 */
export const Approval = defineEntity({
  name: 'Approval',
  tableName: 'approvals',
  properties: (p) => ({
    id: p.uuid().primary().onCreate(() => randomUUID()),
    record: () => p.manyToOne(ProcedureRecord).ref(),
    gate: p.text(),
    level: p.integer(),
    rowIndex: p.integer().nullable(),
    round: p.integer().default(1),
    state: p.enum([...approvalStates]),
    approvers: p.json<ApproverSet>(),
    // The person asked: one row each, so a pending row is that person's task.
    approver: () => p.manyToOne(User).ref().nullable(),
    decidedBy: () => p.manyToOne(User).ref().nullable(),
    decidedAt: p.datetime().nullable(),
    comment: p.text().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()).defaultRaw('now()'),
  }),
  indexes: [
    { name: 'approvals_record_id_gate_round_index', properties: ['record', 'gate', 'round'] },
    {
      name: 'approvals_pending_by_approver',
      expression: `create index "approvals_pending_by_approver" on "approvals" ("approver_id") where "state" = 'pending'`,
    },
    // Who is asked, whatever the state: record visibility (Migration20261128010000_read_indexes).
    { name: 'approvals_approver_record_index', expression: 'create index "approvals_approver_record_index" on "approvals" ("approver_id", "record_id")' },
  ],
});

export type Approval = InferEntity<typeof Approval>;

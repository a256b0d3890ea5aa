import type { GateStates, RecordState } from '../engine/engine.types.js';
import type { ProcedureRecord } from '../persistence/entities/record.entity.js';

/** The engine's view of a stored record; `procedureVersion` must be loaded (populate it). */
export function toRecordState(row: ProcedureRecord): RecordState {
  return {
    id: row.id,
    procedureKey: row.procedureKey,
    procedureVersion: row.procedureVersion.getEntity().version,
    stage: row.stage,
    data: row.data,
    version: row.version,
    createdBy: row.createdBy.id,
    department: row.department,
    assignee: row.assignee?.id ?? null,
    dueAt: row.dueAt ?? null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    closedAt: row.closedAt ?? null,
    gates: (row.gates ?? {}) as GateStates,
  };
}

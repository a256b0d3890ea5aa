import { LockMode } from '@mikro-orm/core';
import type { Procedure } from '../definitions/definition.types.js';
import type { GateStates } from '../engine/engine.types.js';
import { prepareData } from '../engine/form-data.js';
import { DomainError, type LocalizedFieldError } from '../errors/domain-errors.js';
import type { Database } from '../persistence/database.js';
import { Approval } from '../persistence/entities/approval.entity.js';
import { ProcedureVersion } from '../persistence/entities/procedure-version.entity.js';
import { ProcedureRecord } from '../persistence/entities/record.entity.js';
import { RecordEvent } from '../persistence/entities/record-event.entity.js';
import { User } from '../persistence/entities/user.entity.js';
import { loadDirectory } from './directory.service.js';
import type { ProcedureCatalog } from './procedure-catalog.js';

export interface MigrationRequest {
  readonly procedure: string;
  readonly fromVersion: number;
  readonly toVersion: number;
  /** Old stage → new stage; a stage that keeps its key needs no entry. */
  readonly stages?: Readonly<Record<string, string>>;
}

export interface MigrationReport {
  readonly migrated: number;
  readonly byStage: Readonly<Record<string, { readonly to: string; readonly records: number }>>;
}

/**
 * Moves the records of one version of a procedure to another, for an administrator. Everything
 * is checked before anything is written — each old stage maps to a stage of the new version, and
 * each record's data is valid under the new form — and then all records move in one transaction,
 * each with a `migrated` history entry. Approvals of gates the new version lacks are cancelled.
 */
export async function migrateRecords(db: Database, catalog: ProcedureCatalog, adminId: string, request: MigrationRequest, now = new Date()): Promise<MigrationReport> {
  return db.em.transactional(async (tx) => {
    const admin = await tx.findOne(User, { id: adminId });
    if (!admin?.isAdmin || !admin.active) throw DomainError.forbidden('Only an administrator may migrate records between versions.');
    if (request.fromVersion === request.toVersion) throw DomainError.badRequest('The two versions are the same: nothing to migrate.');
    const from = await catalog.at(tx, request.procedure, request.fromVersion);
    const to = await catalog.at(tx, request.procedure, request.toVersion);
    const target = await tx.findOneOrFail(ProcedureVersion, { procedureKey: request.procedure, version: request.toVersion });
    const records = await tx.find(
      ProcedureRecord,
      { procedureKey: request.procedure, procedureVersion: { version: request.fromVersion } },
      { lockMode: LockMode.PESSIMISTIC_WRITE, orderBy: { createdAt: 'asc' } },
    );

    const mapping = stageMapping(from, to, request.stages ?? {}, new Set(records.map((r) => r.stage)));
    const problems: LocalizedFieldError[] = [...mapping.problems];
    const directory = await loadDirectory(tx, to, []);
    for (const record of records) {
      const prepared = await prepareData({
        procedure: to,
        previous: record.data,
        input: {},
        writable: new Set(),
        context: { actor: {}, record: { stage: mapping.map.get(record.stage) ?? record.stage }, approvals: {} },
        directory,
        now,
        checkReferences: false,
      });
      for (const error of prepared.fieldErrors) problems.push({ path: `records.${record.id}.${error.path}`, message: error.message });
    }
    if (problems.length > 0) throw DomainError.validationFailed(problems);

    const byStage: Record<string, { to: string; records: number }> = {};
    const gateKeys = new Set(to.gates.map((g) => g.key));
    for (const record of records) {
      const [fromStage, toStage] = [record.stage, mapping.map.get(record.stage)!];
      const gates = Object.fromEntries(Object.entries(record.gates as GateStates).filter(([key]) => gateKeys.has(key)));
      const dropped = Object.keys(record.gates).filter((key) => !gateKeys.has(key));
      if (dropped.length > 0) {
        await tx.nativeUpdate(Approval, { record: record.id, gate: { $in: dropped }, state: 'pending' }, { state: 'cancelled', decidedAt: now });
      }
      tx.assign(record, { procedureVersion: target, stage: toStage, gates, updatedAt: now });
      const [last] = await tx.find(RecordEvent, { record: record.id }, { orderBy: { seq: 'desc' }, limit: 1, fields: ['seq'] });
      tx.create(RecordEvent, {
        record,
        seq: (last?.seq ?? 0) + 1,
        type: 'migrated',
        at: now,
        actor: admin,
        fromStage,
        toStage,
        changes: null,
        comment: null,
        data: { fromVersion: request.fromVersion, toVersion: request.toVersion, cancelledGates: dropped },
      });
      const entry = (byStage[fromStage] ??= { to: toStage, records: 0 });
      entry.records++;
    }
    await tx.flush();
    return { migrated: records.length, byStage };
  });
}

function stageMapping(from: Procedure, to: Procedure, given: Readonly<Record<string, string>>, inUse: ReadonlySet<string>) {
  const targets = new Set(to.stages.map((s) => s.key));
  const map = new Map<string, string>();
  const problems: LocalizedFieldError[] = [];
  for (const [old, next] of Object.entries(given)) {
    if (!from.stages.some((s) => s.key === old)) {
      problems.push({ path: `stages.${old}`, message: { en: `Version being migrated has no stage "${old}".`, 'zh-CN': `被迁移的版本没有“${old}”阶段。` } });
    } else if (!targets.has(next)) {
      problems.push({ path: `stages.${old}`, message: { en: `The new version has no stage "${next}": use one of ${[...targets].join(', ')}.`, 'zh-CN': `新版本没有“${next}”阶段。` } });
    }
  }
  for (const stage of from.stages) {
    const next = given[stage.key] ?? (targets.has(stage.key) ? stage.key : undefined);
    if (next !== undefined) map.set(stage.key, next);
    else if (inUse.has(stage.key)) {
      problems.push({
        path: `stages.${stage.key}`,
        message: { en: `Records are in "${stage.key}", which the new version lacks: say which stage they move to.`, 'zh-CN': `有记录处于新版本中不存在的“${stage.key}”阶段：请指定目标阶段。` },
      });
    }
  }
  return { map, problems };
}

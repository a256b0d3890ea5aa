import type { EntityManager } from '@mikro-orm/postgresql';
import type { Label, Procedure } from '../definitions/definition.types.js';
import type { RecordState } from '../engine/engine.types.js';
import { labelOf, message } from '../engine/command-context.js';
import { hasValue } from '../engine/form-data.js';
import { DomainError } from '../errors/domain-errors.js';
import { findDuplicate } from '../persistence/record-store.js';

/**
 * A definition's `unique` constraints over the record as a command leaves it: VALIDATION_FAILED
 * on each field of a combination another record already holds, naming that record. A combination
 * with an empty value constrains nothing (as SQL's unique does with nulls). Runs in the command's
 * transaction, after the engine and before the write.
 */
export async function refuseDuplicates(em: EntityManager, procedure: Procedure, record: RecordState): Promise<void> {
  for (const constraint of procedure.unique) {
    if (constraint.stages?.length && !constraint.stages.includes(record.stage)) continue;
    const values = Object.fromEntries(constraint.fields.map((key) => [key, record.data[key]]));
    if (!Object.values(values).every(hasValue)) continue;
    const existing = await findDuplicate(em, {
      procedure: procedure.key,
      recordId: record.id,
      values,
      department: constraint.perDepartment ? record.department : undefined,
      stages: constraint.stages,
    });
    if (existing === undefined) continue;
    const text = duplicateMessage(procedure, constraint.fields, constraint.message, existing);
    throw DomainError.validationFailed(constraint.fields.map((path) => ({ path, message: text })));
  }
}

function duplicateMessage(procedure: Procedure, keys: readonly string[], custom: Label | undefined, existing: string): Label {
  const names = (locale: 'en' | 'zh-CN') => keys.map((key) => labelOf(procedure.fields.find((f) => f.key === key)?.label, key)[locale]).join(locale === 'en' ? ', ' : '、');
  const base = custom ?? { en: `another record already has the same ${names('en')}`, 'zh-CN': `已有记录的${names('zh-CN')}与此相同` };
  return message({ en: '{base} (record {id}).', 'zh-CN': '{base}（记录 {id}）。' }, { base, id: existing });
}

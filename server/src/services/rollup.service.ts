import type { EntityManager } from '@mikro-orm/postgresql';
import type { Procedure } from '../definitions/definition.types.js';
import type { RecordData } from '../engine/engine.types.js';
import { scaleOf } from '../engine/form-schema.js';
import { numericData } from '../engine/form-data.js';
import { computeField } from '../engine/forms/computed.js';
import { toMoney } from '../engine/forms/decimal.js';

/** Numeric text; `{0,1}`, not `?`, which the driver would read as a parameter. */
const NUMERIC_TEXT = `'^-{0,1}[0-9]+(\\.[0-9]+){0,1}$'`;

/**
 * A record's data as it stands now: its rollups (sums or counts over the records that link to
 * it) filled in, and its computed fields computed again from them. Rollups are never stored —
 * each read adds them up, so they cannot drift from the records they count.
 */
export async function liveData(em: EntityManager, procedure: Procedure, recordId: string, data: RecordData): Promise<RecordData> {
  const rollups = procedure.fields.filter((f) => f.rollup);
  if (rollups.length === 0) return data;
  const live: Record<string, unknown> = { ...data };
  for (const field of rollups) {
    const { procedure: other, link, stages, sum } = field.rollup!;
    const params: unknown[] = [];
    const total = sum ? `coalesce(sum(case when r.data->>? ~ ${NUMERIC_TEXT} then (r.data->>?)::numeric end), 0)` : 'count(*)';
    if (sum) params.push(sum, sum);
    params.push(other, link, recordId);
    const stageSql = stages && stages.length > 0 ? ` and r.stage in (${stages.map(() => '?').join(', ')})` : '';
    params.push(...(stages ?? []));
    const [row] = await em
      .getConnection()
      .execute<{ total: string | number }[]>(`select ${total}::text as total from records r where r.procedure_key = ? and r.data->>? = ?${stageSql}`, params, 'all', em.getTransactionContext());
    const value = String(row?.total ?? '0');
    if (field.type === 'money') {
      const money = toMoney(value, scaleOf(field));
      live[field.key] = money.ok ? money.value : value;
    } else {
      live[field.key] = field.type === 'integer' ? Math.round(Number(value)) : Number(value);
    }
  }
  for (const field of procedure.fields) {
    if (field.computed === undefined) continue;
    const result = await computeField(field, numericData(procedure, live));
    if (result.ok && result.value !== undefined) live[field.key] = result.value;
  }
  return live;
}

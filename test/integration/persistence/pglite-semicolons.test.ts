import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProcedureRecord } from '../../../server/src/persistence/entities/record.entity.js';
import { createWorld, type World } from '../../support/world.js';

// Regression: on PGlite, a ';' inside a string value made the driver run the update as several
// statements without bindings, and the command failed as an optimistic-lock conflict.
let w: World;
let alice: string;
beforeAll(async () => {
  w = await createWorld();
  alice = await w.user('alice', { department: 'sales' });
});
afterAll(async () => {
  await w?.close();
});

describe('text with semicolons', () => {
  it('is stored and updated like any other text', async () => {
    const record = await w.service.create(alice, 'test.budget-adjustment', { title: 'Stand; booth; travel', currentAmount: '1', requestedAmount: '2' });
    const updated = await w.service.update(alice, record.id, { title: 'Stand; booth; hotel; "quotes"' }, record.version);
    expect(updated.data.title).toBe('Stand; booth; hotel; "quotes"');
    const stored = await w.db.em.fork().findOneOrFail(ProcedureRecord, record.id);
    expect([stored.data.title, stored.version]).toEqual(['Stand; booth; hotel; "quotes"', 2]);
  });

  it('still lets a raw text of several statements run', async () => {
    await w.db.em.getConnection().execute('create temporary table semicolon_probe (n int); insert into semicolon_probe values (1)');
    const [row] = await w.db.em.getConnection().execute<{ n: number }[]>('select count(*)::int as n from semicolon_probe');
    expect(row!.n).toBe(1);
  });
});

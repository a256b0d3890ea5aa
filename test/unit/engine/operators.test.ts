import { describe, expect, it } from 'vitest';
import type { Condition } from '../../../server/src/definitions/definition.types.js';
import { evaluateConditions, type Facts } from '../../../server/src/engine/conditions.js';

/** Tuesday 31 March 2026, 08:00 UTC. */
const NOW = new Date('2026-03-31T08:00:00Z');

function facts(data: Record<string, unknown>): Facts {
  return {
    data,
    previous: {},
    changes: Object.keys(data),
    actor: { id: 'u1', username: 'alice', roles: ['employee'], department: 'sales', isAdmin: false },
    record: { stage: 'draft', createdAt: '2026-03-30T12:00:00.000Z', dueAt: null },
    approvals: {},
    percentChange: {},
    links: {},
    people: {},
    latestRows: {},
    now: NOW.toISOString(),
  };
}

/** Does `data.<path> <operator> value` hold? */
async function holds(data: Record<string, unknown>, path: string, operator: string, value: unknown = true): Promise<boolean> {
  const condition: Condition = { fact: 'data', path, operator, value };
  const results = await evaluateConditions([{ id: 'c', condition }], facts(data), NOW);
  return results.get('c')!;
}

describe('date operators', () => {
  it('compare dates and datetimes; a date is UTC midnight', async () => {
    const data = { due: '2026-04-01', at: '2026-03-31T09:00:00Z', text: 'soon' };
    expect(await holds(data, '$.due', 'after', '2026-03-31')).toBe(true);
    expect(await holds(data, '$.due', 'before', '2026-03-31')).toBe(false);
    expect(await holds(data, '$.due', 'onOrBefore', '2026-04-01')).toBe(true);
    expect(await holds(data, '$.due', 'onOrAfter', '2026-04-01')).toBe(true);
    expect(await holds(data, '$.due', 'before', '2026-04-01')).toBe(false);
    expect(await holds(data, '$.at', 'after', '2026-03-31')).toBe(true);
    expect(await holds(data, '$.at', 'before', '2026-03-31T09:00:01Z')).toBe(true);
    // Anything that is not a date never compares: no error, just false.
    expect(await holds(data, '$.text', 'before', '2030-01-01')).toBe(false);
    expect(await holds(data, '$.text', 'after', '2000-01-01')).toBe(false);
  });

  it('compare a date with another fact such as now', async () => {
    const data = { due: '2026-03-30' };
    expect(await holds(data, '$.due', 'before', { fact: 'now' })).toBe(true);
    expect(await holds(data, '$.due', 'onOrAfter', { fact: 'now' })).toBe(false);
  });

  it('withinNextDays counts whole days from today for dates, and exact time for datetimes', async () => {
    expect(await holds({ d: '2026-03-31' }, '$.d', 'withinNextDays', 0)).toBe(true);
    expect(await holds({ d: '2026-04-07' }, '$.d', 'withinNextDays', 7)).toBe(true);
    expect(await holds({ d: '2026-04-08' }, '$.d', 'withinNextDays', 7)).toBe(false);
    expect(await holds({ d: '2026-03-30' }, '$.d', 'withinNextDays', 7)).toBe(false);
    // A datetime earlier today is already past.
    expect(await holds({ d: '2026-03-31T07:59:59Z' }, '$.d', 'withinNextDays', 1)).toBe(false);
    expect(await holds({ d: '2026-04-01T08:00:00Z' }, '$.d', 'withinNextDays', 1)).toBe(true);
    expect(await holds({ d: '2026-04-01T08:00:01Z' }, '$.d', 'withinNextDays', 1)).toBe(false);
    expect(await holds({ d: '2026-04-01' }, '$.d', 'withinNextDays', -1)).toBe(false);
  });

  it('withinLastDays looks back the same way', async () => {
    expect(await holds({ d: '2026-03-31' }, '$.d', 'withinLastDays', 0)).toBe(true);
    expect(await holds({ d: '2026-03-24' }, '$.d', 'withinLastDays', 7)).toBe(true);
    expect(await holds({ d: '2026-03-23' }, '$.d', 'withinLastDays', 7)).toBe(false);
    expect(await holds({ d: '2026-04-01' }, '$.d', 'withinLastDays', 7)).toBe(false);
    expect(await holds({ d: '2026-03-30T08:00:00Z' }, '$.d', 'withinLastDays', 1)).toBe(true);
    expect(await holds({ d: '2026-03-30T07:59:59Z' }, '$.d', 'withinLastDays', 1)).toBe(false);
  });
});

describe('emptiness and patterns', () => {
  it('isEmpty holds for a missing value, null, "" and [] (the value is ignored but required by the format)', async () => {
    for (const value of [null, '', []]) expect(await holds({ v: value }, '$.v', 'isEmpty')).toBe(true);
    expect(await holds({}, '$.v', 'isEmpty')).toBe(true);
    for (const value of [0, false, 'x', ['a']]) expect(await holds({ v: value }, '$.v', 'isEmpty')).toBe(false);
    expect(await holds({ v: 0 }, '$.v', 'isNotEmpty')).toBe(true);
    expect(await holds({ v: '' }, '$.v', 'isNotEmpty')).toBe(false);
  });

  it('matches tests a regular expression with unicode semantics, and only on text', async () => {
    expect(await holds({ code: 'PO-2026-001' }, '$.code', 'matches', '^PO-\\d{4}-\\d{3}$')).toBe(true);
    expect(await holds({ code: 'po-2026-001' }, '$.code', 'matches', '^PO-')).toBe(false);
    expect(await holds({ name: '张三' }, '$.name', 'matches', '^\\p{Script=Han}+$')).toBe(true);
    expect(await holds({ code: 2026 }, '$.code', 'matches', '2026')).toBe(false);
  });
});

describe('decorated operators', () => {
  const lines = { lines: [{ amount: 500 }, { amount: 1500 }] };

  it('someFact: holds when any element does, everyFact: when all do', async () => {
    expect(await holds(lines, '$.lines[*].amount', 'someFact:greaterThan', 1000)).toBe(true);
    expect(await holds(lines, '$.lines[*].amount', 'everyFact:greaterThan', 1000)).toBe(false);
    expect(await holds(lines, '$.lines[*].amount', 'everyFact:greaterThan', 100)).toBe(true);
    expect(await holds(lines, '$.lines[*].amount', 'not:someFact:greaterThan', 2000)).toBe(true);
  });

  it('works with a single row and with the custom operators', async () => {
    expect(await holds({ lines: [{ amount: 1500 }] }, '$.lines[*].amount', 'someFact:greaterThan', 1000)).toBe(true);
    const dated = { lines: [{ on: '2026-03-01' }, { on: '2026-04-02' }] };
    expect(await holds(dated, '$.lines[*].on', 'someFact:after', { fact: 'now' })).toBe(true);
    expect(await holds(dated, '$.lines[*].on', 'everyFact:before', '2026-05-01')).toBe(true);
  });

  it('never holds over an empty table, not even everyFact (the path yields no array)', async () => {
    expect(await holds({ lines: [] }, '$.lines[*].amount', 'everyFact:greaterThan', 0)).toBe(false);
    expect(await holds({ lines: [] }, '$.lines[*].amount', 'someFact:greaterThan', 0)).toBe(false);
  });
});

describe('evaluateConditions', () => {
  it('evaluates many conditions in one run, each under its id', async () => {
    const results = await evaluateConditions(
      [
        { id: 'big', condition: { all: [{ fact: 'data', path: '$.total', operator: 'greaterThan', value: 100 }] } },
        { id: 'small', condition: { fact: 'data', path: '$.total', operator: 'lessThan', value: 100 } },
        { id: 'employee', condition: { any: [{ fact: 'actor', path: '$.roles', operator: 'contains', value: 'employee' }] } },
        { id: 'not-draft', condition: { not: { fact: 'record', path: '$.stage', operator: 'equal', value: 'draft' } } },
      ],
      facts({ total: 150 }),
      NOW,
    );
    expect(Object.fromEntries(results)).toEqual({ big: true, small: false, employee: true, 'not-draft': false });
  });

  it('returns nothing for no conditions', async () => {
    expect((await evaluateConditions([], facts({}), NOW)).size).toBe(0);
  });

  it('treats an undefined fact as an error, not as false', async () => {
    await expect(
      evaluateConditions([{ id: 'x', condition: { fact: 'budget', operator: 'equal', value: 1 } }], facts({}), NOW),
    ).rejects.toThrow(/Undefined fact: budget/);
  });
});

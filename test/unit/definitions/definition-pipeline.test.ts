import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDefinitions } from '../../../server/src/definitions/definition-set.js';
import { formatSchemaFiles } from '../../../server/src/definitions/format/schema-files.js';
import { shippedDefinitionsDir, validDefinitionsDir } from '../../support/fixtures.js';

async function loadValid() {
  const result = await loadDefinitions(validDefinitionsDir);
  if (!result.ok) throw new Error(result.problems.map((p) => `${p.file} ${p.pointer} ${p.message}`).join('\n'));
  return result.set;
}

describe('the definitions pipeline', () => {
  it('normalises shorthands into one form', async () => {
    const { registry } = await loadValid();
    const expense = registry.procedures.get('test.expense')!;
    expect(expense.initialStage).toBe('draft');
    expect(expense.start).toEqual([{ roles: ['employee'] }, { roles: ['manager'], departments: ['sales'] }]);
    expect(expense.readers).toEqual([{ roles: ['executive'] }]);
    const reject = expense.actions.find((a) => a.key === 'reject')!;
    expect(reject).toMatchObject({ from: ['review', 'payment'], by: [{ departmentManager: true }], requires: [], comment: 'required' });
    expect(expense.actions.find((a) => a.key === 'submit')!.comment).toBe('none');
    const gate = expense.gates.find((g) => g.key === 'claim-approval')!;
    expect(gate.selfApproval).toBe(false);
    expect(gate.levels.map((l) => [l.key, l.quorum])).toEqual([['owner', 'any'], ['finance', { count: 2 }]]);
    expect(expense.gates.find((g) => g.key === 'line-approval')!.levels[0]!.key).toBe('level-1');
    const rule = expense.rules.find((r) => r.key === 'large-claims-need-lines')!;
    expect(rule.on).toEqual({ actions: ['approve'], events: [] });
    expect(rule.then).toEqual([{ type: 'requireApproval', gate: 'line-approval', to: undefined }]);
    expect(expense.stages.find((s) => s.key === 'paid')).toMatchObject({ final: true, initial: false, requires: ['paidOn'] });
    expect(expense.fields.find((f) => f.key === 'title')!.required).toBe(true);
    expect(expense.fields.find((f) => f.key === 'lines')!.columns!.map((c) => c.key)).toEqual(['spentOn', 'amount', 'approver']);
  });

  it('keeps the authored definition beside the normalised one', async () => {
    const set = await loadValid();
    const purchase = set.procedures.find((p) => p.def.key === 'test.purchase')!;
    expect(set.registry.procedures.get('test.purchase')!.source).toEqual(purchase.def);
    expect(purchase.source.text).toBe(await readFile(path.join(validDefinitionsDir, 'test/purchase.yaml'), 'utf8'));
  });

  it('builds an immutable registry', async () => {
    const { registry } = await loadValid();
    const expense = registry.procedures.get('test.expense')!;
    expect(() => {
      (expense.stages as unknown as unknown[]).push({});
    }).toThrow(TypeError);
    expect(() => {
      (expense.label as Record<string, string>).en = 'changed';
    }).toThrow(TypeError);
    expect(Object.isFrozen(registry.organisation.departments[0])).toBe(true);
  });

  it('accepts the shipped definitions', async () => {
    const result = await loadDefinitions(shippedDefinitionsDir);
    expect(result.ok ? [] : result.problems).toEqual([]);
  });

  it('publishes the format as the committed JSON Schema files', async () => {
    for (const [name, text] of Object.entries(formatSchemaFiles())) {
      const committed = await readFile(path.join(shippedDefinitionsDir, 'schema', name), 'utf8');
      expect(committed, `definitions/schema/${name} is stale: run npm run procedo -- schema`).toBe(text);
    }
  });
});

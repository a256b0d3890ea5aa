import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { SCHEMA_FILE, printedSchema } from '../../../server/src/cli/graphql-schema.command.js';
import { loadDefinitions } from '../../../server/src/definitions/definition-set.js';
import { naming } from '../../../server/src/schema/naming.js';
import { shippedDefinitionsDir } from '../../support/fixtures.js';

describe('the committed GraphQL schema', () => {
  it('is what the shipped definitions generate (run `npx procedo graphql-schema` and review the diff)', async () => {
    expect(await readFile(SCHEMA_FILE, 'utf8')).toBe(await printedSchema(shippedDefinitionsDir));
  });

  it('has a typed type, list query and create mutation for every shipped procedure', async () => {
    const schema = await printedSchema(shippedDefinitionsDir);
    const loaded = await loadDefinitions(shippedDefinitionsDir);
    if (!loaded.ok) throw new Error('the shipped definitions are invalid');
    const keys = [...loaded.set.registry.procedures.keys()];
    expect(keys).toHaveLength(15);
    for (const key of keys) {
      expect(schema, key).toContain(`type ${naming.recordType(key)} {`);
      expect(schema, key).toContain(`${naming.listQuery(key)}(`);
      expect(schema, key).toContain(`${naming.createMutation(key)}(`);
    }
  });

  it('has the typed API of the shipped budget adjustment', async () => {
    const schema = await printedSchema(shippedDefinitionsDir);
    expect(schema).toContain('type FinanceBudgetAdjustment {');
    expect(schema).toMatch(/financeBudgetAdjustments\(after: String, first: Int, orderBy: String, where: FinanceBudgetAdjustmentWhere\): FinanceBudgetAdjustmentConnection!/);
    expect(schema).toMatch(/createFinanceBudgetAdjustment\(idempotencyKey: String, input: CreateFinanceBudgetAdjustmentInput!\): FinanceBudgetAdjustment!/);
    expect(schema).toMatch(/enum FinanceBudgetAdjustmentReason \{[^}]*MARKET_CHANGE[^}]*OTHER[^}]*STRATEGY_CHANGE[^}]*\}/);
  });
});

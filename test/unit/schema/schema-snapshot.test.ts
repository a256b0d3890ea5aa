import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { SCHEMA_FILE, printedSchema } from '../../../server/src/cli/graphql-schema.command.js';
import { shippedDefinitionsDir } from '../../support/fixtures.js';

describe('the committed GraphQL schema', () => {
  it('is what the shipped definitions generate (run `npx procedo graphql-schema` and review the diff)', async () => {
    expect(await readFile(SCHEMA_FILE, 'utf8')).toBe(await printedSchema(shippedDefinitionsDir));
  });

  it('has the typed API of the shipped budget adjustment', async () => {
    const schema = await printedSchema(shippedDefinitionsDir);
    expect(schema).toContain('type FinanceBudgetAdjustment {');
    expect(schema).toMatch(/financeBudgetAdjustments\(after: String, first: Int, orderBy: String, where: FinanceBudgetAdjustmentWhere\): FinanceBudgetAdjustmentConnection!/);
    expect(schema).toMatch(/createFinanceBudgetAdjustment\(idempotencyKey: String, input: CreateFinanceBudgetAdjustmentInput!\): FinanceBudgetAdjustment!/);
    expect(schema).toMatch(/enum FinanceBudgetAdjustmentReason \{[^}]*MARKET_CHANGE[^}]*OTHER[^}]*STRATEGY_CHANGE[^}]*\}/);
  });
});

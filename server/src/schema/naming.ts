/**
 * Every GraphQL name generated from a definition comes from here (PostGraphile's inflection):
 * one place decides how `finance.budget-adjustment` becomes `FinanceBudgetAdjustment`, so a
 * clash can be found before a schema is built, and names never drift between types.
 */

const words = (key: string): string[] => key.split(/[.\-_]/).filter(Boolean);
const upperFirst = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1);
const lowerFirst = (word: string): string => word.charAt(0).toLowerCase() + word.slice(1);

export const naming = {
  /** `finance.budget-adjustment` → `FinanceBudgetAdjustment` */
  recordType: (procedureKey: string): string => words(procedureKey).map(upperFirst).join(''),
  /** → `FinanceBudgetAdjustmentData` */
  dataType: (procedureKey: string): string => `${naming.recordType(procedureKey)}Data`,
  /** A table field's row type: → `FinanceBudgetAdjustmentLinesRow` */
  rowType: (procedureKey: string, field: string): string => `${naming.recordType(procedureKey)}${upperFirst(field)}Row`,
  rowInput: (procedureKey: string, field: string): string => `${naming.rowType(procedureKey, field)}Input`,
  /** A select's enum: → `FinanceBudgetAdjustmentReason` (columns: `…LinesCategory`) */
  enumType: (procedureKey: string, ...path: string[]): string => `${naming.recordType(procedureKey)}${path.map(upperFirst).join('')}`,
  /** An option value as an enum value: `market-change` → `MARKET_CHANGE` */
  enumValue: (value: string): string => value.replace(/[^A-Za-z0-9]+/g, '_').replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase(),
  /** → `financeBudgetAdjustments` */
  listQuery: (procedureKey: string): string => `${lowerFirst(naming.recordType(procedureKey))}s`,
  /** → `financeBudgetAdjustment` */
  singleQuery: (procedureKey: string): string => lowerFirst(naming.recordType(procedureKey)),
  /** → `createFinanceBudgetAdjustment` */
  createMutation: (procedureKey: string): string => `create${naming.recordType(procedureKey)}`,
  createInput: (procedureKey: string): string => `${naming.createMutation(procedureKey).replace(/^c/, 'C')}Input`,
  whereInput: (procedureKey: string): string => `${naming.recordType(procedureKey)}Where`,
  connection: (procedureKey: string): string => `${naming.recordType(procedureKey)}Connection`,
  edge: (procedureKey: string): string => `${naming.recordType(procedureKey)}Edge`,
  /** A data field keeps its key: field keys are camelCase by the format. */
  field: (fieldKey: string): string => fieldKey,
};

/** A generated name and what it was generated from, to report a clash with both sources. */
export interface NameClaim {
  readonly name: string;
  readonly source: string;
}

/** Names that two sources claim; the caller reports them as definition problems. */
export function findClashes(claims: readonly NameClaim[], reserved: ReadonlySet<string>): { name: string; sources: string[] }[] {
  const bySource = new Map<string, Set<string>>();
  for (const claim of claims) {
    const sources = bySource.get(claim.name) ?? new Set<string>();
    sources.add(claim.source);
    bySource.set(claim.name, sources);
  }
  const clashes: { name: string; sources: string[] }[] = [];
  for (const [name, sources] of bySource) {
    if (sources.size > 1 || reserved.has(name)) clashes.push({ name, sources: [...sources, ...(reserved.has(name) ? ['the generic API'] : [])] });
  }
  return clashes;
}

import type { Organisation, Procedure } from './definition.types.js';

/**
 * The immutable result of the definitions pipeline: everything after it reads this, never the
 * raw files. Replaced as a whole (never mutated) when definitions change.
 */
export interface Registry {
  readonly organisation: Organisation;
  readonly procedures: ReadonlyMap<string, Procedure>;
}

export function createRegistry(organisation: Organisation, procedures: readonly Procedure[]): Registry {
  return Object.freeze({
    organisation: deepFreeze(organisation),
    procedures: new Map(procedures.map((p) => [p.key, deepFreeze(p)])),
  });
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { PATTERN_HINTS } from './format/common.schema.js';
import { organisationSchema } from './format/organisation.schema.js';
import { procedureSchema } from './format/procedure.schema.js';
import { didYouMean } from './did-you-mean.js';
import type { LocalProblem } from './problem.js';

const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, strictTypes: false, allowUnionTypes: true });
addFormats.default(ajv);

const validators = {
  procedure: ajv.compile(procedureSchema),
  organisation: ajv.compile(organisationSchema),
} satisfies Record<string, ValidateFunction>;

/**
 * Checks a value against the published format and explains each failure in words an author can
 * act on. Ajv reports several errors for one mistake (an unknown field type fails the enum and
 * every type-specific branch); the explanation keeps the one that says what to change.
 */
export function validateAgainstFormat(kind: keyof typeof validators, value: unknown): LocalProblem[] {
  const validate = validators[kind];
  if (validate(value)) return [];
  return explain(validate.errors ?? [], value);
}

function explain(errors: readonly ErrorObject[], root: unknown): LocalProblem[] {
  const badTypeAt = new Set(
    errors.filter((e) => e.keyword === 'enum' && e.instancePath.endsWith('/type')).map((e) => parentOf(e.instancePath)),
  );
  const problems = new Map<string, LocalProblem>();
  for (const error of errors) {
    if (isNoise(error, errors, badTypeAt)) continue;
    const problem = describe(error, root, errors);
    problems.set(`${problem.pointer}\u0000${problem.message}`, problem);
  }
  return [...problems.values()];
}

/** Errors that only echo another one: wrappers of branches, and leftovers of an unknown `type`. */
function isNoise(error: ErrorObject, all: readonly ErrorObject[], badTypeAt: ReadonlySet<string>): boolean {
  if (['if', 'allOf', 'oneOf', 'not'].includes(error.keyword)) return true;
  if (error.keyword === 'unevaluatedProperties' && badTypeAt.has(error.instancePath)) return true;
  if (error.keyword === 'anyOf') return false;
  // Branch errors of an anyOf are summarised by the anyOf error itself.
  return all.some(
    (other) =>
      other.keyword === 'anyOf' &&
      other.instancePath === error.instancePath &&
      error.schemaPath.startsWith(other.schemaPath + '/'),
  );
}

function describe(error: ErrorObject, root: unknown, all: readonly ErrorObject[]): LocalProblem {
  const pointer = error.instancePath;
  const value = valueAt(root, pointer);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return { pointer, message: `missing "${String(params.missingProperty)}": add it here` };
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      const name = String(params.additionalProperty ?? params.unevaluatedProperty);
      const allowed = allowedProperties(error);
      const hint = didYouMean(name, allowed) || (allowed.length > 0 ? ` (allowed here: ${allowed.join(', ')})` : '');
      return { pointer: `${pointer}/${escape(name)}`, message: `unknown property "${name}"${hint}; remove it or correct its name` };
    }
    case 'enum': {
      const options = (params.allowedValues as unknown[]).map(String);
      return {
        pointer,
        message: `${JSON.stringify(value)} is not allowed${didYouMean(String(value), options)}; use one of: ${options.join(', ')}`,
      };
    }
    case 'const':
      return { pointer, message: `must be ${JSON.stringify(params.allowedValue)} or left out` };
    case 'type':
      return { pointer, message: `must be ${article(String(params.type))}, not ${describeValue(value)}` };
    case 'pattern': {
      const hint = PATTERN_HINTS[String(params.pattern)];
      return { pointer, message: `${JSON.stringify(value)} is not valid: ${hint ?? `it must match ${String(params.pattern)}`}` };
    }
    case 'anyOf':
      return { pointer, message: anyOfMessage(error, all) };
    case 'dependentRequired':
      return {
        pointer,
        message: `"${String(params.property)}" needs "${String(params.missingProperty)}" beside it: add it`,
      };
    case 'uniqueItems':
      return { pointer, message: `lists the same entry twice (items ${String(params.j)} and ${String(params.i)}): remove one` };
    case 'minItems':
      return { pointer, message: `needs at least ${String(params.limit)} entr${params.limit === 1 ? 'y' : 'ies'}` };
    case 'minProperties':
      return { pointer, message: 'must not be empty: say at least one thing here' };
    case 'maxProperties':
      return { pointer, message: `must say only ${String(params.limit)} thing here` };
    default:
      return { pointer, message: error.message ?? `is invalid (${error.keyword})` };
  }
}

function anyOfMessage(error: ErrorObject, all: readonly ErrorObject[]): string {
  const branches = all.filter(
    (e) => e.instancePath === error.instancePath && e.schemaPath.startsWith(error.schemaPath + '/') && e.keyword === 'required',
  );
  const names = [...new Set(branches.map((e) => String((e.params as { missingProperty: unknown }).missingProperty)))];
  return names.length > 0 ? `needs one of: ${names.join(', ')}` : 'does not match any allowed form';
}

/** The property names the failing schema declares, read from the compiled schema itself. */
function allowedProperties(error: ErrorObject): string[] {
  const schema = error.parentSchema as { properties?: Record<string, unknown>; allOf?: unknown[] } | undefined;
  const names = new Set(Object.keys(schema?.properties ?? {}));
  for (const branch of schema?.allOf ?? []) {
    const then = (branch as { then?: { properties?: Record<string, unknown> } }).then;
    for (const name of Object.keys(then?.properties ?? {})) names.add(name);
  }
  return [...names];
}

function valueAt(root: unknown, pointer: string): unknown {
  let value = root;
  for (const segment of pointer.split('/').slice(1)) {
    const key = segment.replaceAll('~1', '/').replaceAll('~0', '~');
    value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  }
  return value;
}

function parentOf(pointer: string): string {
  return pointer.slice(0, pointer.lastIndexOf('/'));
}

function escape(segment: string): string {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1');
}

function article(type: string): string {
  const names = type.split(',').map((t) => (t === 'object' ? 'a mapping' : t === 'array' ? 'a list' : `a ${t}`));
  return names.join(' or ');
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}

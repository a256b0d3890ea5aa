/**
 * Validates record data against the procedure's compiled JSON Schema with ajv and turns ajv's
 * errors into field errors with rjsf-style paths (`lines.1.amount`) and messages in both languages.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { Procedure } from '../../definitions/definition.types.js';
import type { LocalizedFieldError } from '../../errors/domain-errors.js';
import { compileForm } from '../form-schema.js';
import { FormMessage } from './messages.js';

const validators = new WeakMap<Procedure, ValidateFunction>();

/**
 * One ajv instance per procedure version: ajv keeps every schema it compiled, so a shared
 * instance would grow with each version ever loaded; this one goes with its Procedure.
 */
function validatorOf(procedure: Procedure): ValidateFunction {
  let validate = validators.get(procedure);
  if (!validate) {
    const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: true, strictTypes: false });
    addFormats.default(ajv, ['date', 'date-time', 'uuid']);
    validate = ajv.compile(compileForm(procedure).jsonSchema);
    validators.set(procedure, validate);
  }
  return validate;
}

export function validateAgainstSchema(procedure: Procedure, data: unknown): LocalizedFieldError[] {
  const validate = validatorOf(procedure);
  if (validate(data)) return [];
  return (validate.errors ?? []).filter((e) => !insideOneOfBranch(e)).map(translate);
}

/** A failed `const` inside one `oneOf` branch: the `oneOf` error itself says it better. */
function insideOneOfBranch(error: ErrorObject): boolean {
  return /\/oneOf\/\d+\//.test(error.schemaPath);
}

function translate(error: ErrorObject): LocalizedFieldError {
  const segments = error.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'required') segments.push(String(params.missingProperty));
  if (error.keyword === 'additionalProperties') segments.push(String(params.additionalProperty));
  return { path: segments.join('.'), message: messageOf(error, params) };
}

function messageOf(error: ErrorObject, params: Record<string, unknown>) {
  switch (error.keyword) {
    case 'required':
      return FormMessage.required();
    case 'type':
      return FormMessage.type(String(params.type));
    case 'minimum':
      return FormMessage.minimum(String(params.limit));
    case 'maximum':
      return FormMessage.maximum(String(params.limit));
    case 'exclusiveMinimum':
      return FormMessage.exclusiveMinimum(String(params.limit));
    case 'exclusiveMaximum':
      return FormMessage.exclusiveMaximum(String(params.limit));
    case 'minLength':
      return FormMessage.minLength(Number(params.limit));
    case 'maxLength':
      return FormMessage.maxLength(Number(params.limit));
    case 'pattern':
      return FormMessage.pattern(String(params.pattern));
    case 'format':
      return FormMessage.format(String(params.format));
    case 'oneOf':
    case 'anyOf':
      return FormMessage.oneOf(allowedConsts(error.schema));
    case 'enum':
      return FormMessage.oneOf(params.allowedValues as unknown[]);
    case 'const':
      return FormMessage.oneOf([params.allowedValue]);
    case 'minItems':
      return FormMessage.minItems(Number(params.limit));
    case 'maxItems':
      return FormMessage.maxItems(Number(params.limit));
    case 'uniqueItems':
      return FormMessage.uniqueItems();
    case 'additionalProperties':
      return FormMessage.unknownProperty(String(params.additionalProperty));
    default:
      return FormMessage.invalid();
  }
}

function allowedConsts(branches: unknown): unknown[] {
  return Array.isArray(branches) ? branches.map((b) => (b as { const?: unknown }).const) : [];
}

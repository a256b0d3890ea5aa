/**
 * Computed fields: a JSONata expression over the record data, stored in the field's type.
 * Expressions see money as numbers; a money result is rounded back to an exact decimal string.
 */
import jsonata from 'jsonata';
import type { Field, Label } from '../../definitions/definition.types.js';
import { scaleOf } from '../form-schema.js';
import { roundMoney } from './decimal.js';
import { FormMessage } from './messages.js';

type Compiled = { readonly expression: jsonata.Expression } | { readonly error: string };

/** Compiled once per field object of a loaded definition, never per call. */
const expressions = new WeakMap<Field, Compiled>();

function compiled(field: Field): Compiled {
  let entry = expressions.get(field);
  if (!entry) {
    try {
      entry = { expression: jsonata(field.computed!) };
    } catch (error) {
      entry = { error: messageOf(error) };
    }
    expressions.set(field, entry);
  }
  return entry;
}

export type ComputedResult = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly message: Label };

/**
 * Evaluates the field's expression over `input` (the data with money as numbers). A failure —
 * a type error in the expression, a result the field cannot hold — is a result, never a throw.
 * `value: undefined` means the expression gave nothing (e.g. it reads fields not filled in yet).
 */
export async function computeField(field: Field, input: Readonly<Record<string, unknown>>): Promise<ComputedResult> {
  const entry = compiled(field);
  if ('error' in entry) return { ok: false, message: FormMessage.computeFailed(entry.error) };
  let result: unknown;
  try {
    result = await entry.expression.evaluate(input);
  } catch (error) {
    return { ok: false, message: FormMessage.computeFailed(messageOf(error)) };
  }
  return asFieldValue(field, plainJson(result));
}

function asFieldValue(field: Field, value: unknown): ComputedResult {
  if (value === undefined || value === null) return { ok: true, value: undefined };
  if (field.type === 'money') {
    const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    const money = typeof number === 'number' ? roundMoney(number, scaleOf(field)) : undefined;
    return money === undefined ? { ok: false, message: FormMessage.computedNotAmount() } : { ok: true, value: money };
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return { ok: false, message: FormMessage.computedNotAmount() };
    return { ok: true, value: field.type === 'integer' ? Math.round(value) : value };
  }
  return { ok: true, value };
}

/** JSONata marks sequences with extra properties and may return functions: keep only JSON. */
function plainJson(value: unknown): unknown {
  if (value === undefined || typeof value === 'function') return undefined;
  if (typeof value !== 'object' || value === null) return value;
  return JSON.parse(JSON.stringify(value)) as unknown;
}

function messageOf(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'message' in error) return String((error as { message: unknown }).message);
  return String(error);
}

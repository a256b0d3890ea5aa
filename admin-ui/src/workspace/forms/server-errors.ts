// Server field errors (VALIDATION_FAILED `fieldErrors`: a dotted path and a bilingual message) as
// rjsf's error schema, so each shows on the field it concerns.
import type { ErrorSchema } from '@rjsf/utils';
import type { FieldError, Label } from '../../api/graphql';

export function toErrorSchema(errors: readonly FieldError[], pick: (label: Label) => string): ErrorSchema {
  const root: Record<string, unknown> = {};
  for (const error of errors) {
    let node = root;
    for (const part of error.path.split('.').filter((p) => p !== '')) {
      node[part] ??= {};
      node = node[part] as Record<string, unknown>;
    }
    const list = (node.__errors ??= []) as string[];
    list.push(pick(error.message));
  }
  return root as ErrorSchema;
}

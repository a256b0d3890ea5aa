// A refused mutation, split for a form: messages by field (shown next to the field) and the rest
// (shown above the form).
import { ApiError } from '../api/graphql';
import type { LanguageContextValue } from '../shell/i18n';

export interface FormErrors {
  readonly fields: Readonly<Record<string, string>>;
  readonly general: string | null;
}

export const noErrors: FormErrors = { fields: {}, general: null };

/**
 * `aliases` maps the server's paths to the form's field names (e.g. `userId` → `owner`);
 * an indexed path such as `roles.2` belongs to its field `roles`.
 */
export function formErrorsOf(error: unknown, pick: LanguageContextValue['pick'], aliases: Readonly<Record<string, string>> = {}): FormErrors {
  if (!(error instanceof ApiError)) return { fields: {}, general: String(error) };
  const fields: Record<string, string> = {};
  for (const problem of error.fieldErrors()) {
    const root = problem.path.split('.')[0]!;
    const name = aliases[root] ?? root;
    const message = pick(problem.message);
    fields[name] = fields[name] ? `${fields[name]} ${message}` : message;
  }
  const general = Object.keys(fields).length > 0 ? null : error.message;
  return { fields, general };
}

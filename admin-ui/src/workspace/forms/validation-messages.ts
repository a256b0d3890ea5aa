// rjsf's client-side errors (ajv's English) in the chosen language, short and about the field.
import type { RJSFValidationError } from '@rjsf/utils';
import type { Language } from '../../shell/i18n';

type Params = Record<string, unknown>;

const messages: Record<Language, Record<string, (p: Params) => string>> = {
  en: {
    required: () => 'Required.',
    pattern: () => 'Not in the expected format.',
    minimum: (p) => `Must be at least ${String(p.limit)}.`,
    maximum: (p) => `Must be at most ${String(p.limit)}.`,
    minLength: (p) => `Must have at least ${String(p.limit)} characters.`,
    maxLength: (p) => `Must have at most ${String(p.limit)} characters.`,
    minItems: (p) => `Needs at least ${String(p.limit)} rows.`,
    maxItems: (p) => `Allows at most ${String(p.limit)} rows.`,
    format: () => 'Not a valid value.',
    type: () => 'Not a valid value.',
    oneOf: () => 'Choose one of the options.',
    const: () => 'Choose one of the options.',
  },
  'zh-CN': {
    required: () => '必填。',
    pattern: () => '格式不正确。',
    minimum: (p) => `不能小于 ${String(p.limit)}。`,
    maximum: (p) => `不能大于 ${String(p.limit)}。`,
    minLength: (p) => `至少需要 ${String(p.limit)} 个字符。`,
    maxLength: (p) => `最多 ${String(p.limit)} 个字符。`,
    minItems: (p) => `至少需要 ${String(p.limit)} 行。`,
    maxItems: (p) => `最多 ${String(p.limit)} 行。`,
    format: () => '值无效。',
    type: () => '值无效。',
    oneOf: () => '请选择一个选项。',
    const: () => '请选择一个选项。',
  },
};

export function localizeErrors(errors: RJSFValidationError[], language: Language): RJSFValidationError[] {
  // A failed oneOf repeats as one `const` error per option: keep the oneOf one.
  const kept = errors.filter((e) => !(e.name === 'const' && errors.some((o) => o.name === 'oneOf' && o.property === e.property)));
  return kept.map((e) => {
    const translate = e.name ? messages[language][e.name] : undefined;
    return translate ? { ...e, message: translate((e.params ?? {}) as Params) } : e;
  });
}

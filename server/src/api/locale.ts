import type { Label } from '../definitions/definition.types.js';

export const DEFAULT_LOCALE = 'en';

/** The first language of an Accept-Language header (`zh-CN,zh;q=0.9` → `zh-CN`), if any. */
export function localeFromHeader(header: string | null): string | undefined {
  const first = header?.split(',')[0]?.split(';')[0]?.trim();
  return first && first !== '*' ? first : undefined;
}

/**
 * A label in the wanted language: the exact locale, else one of the same language (`zh` finds
 * `zh-CN`), else English, which every label has.
 */
export function pickLabel(label: Label, locale: string | undefined): string {
  if (locale) {
    if (label[locale] !== undefined) return label[locale];
    const language = locale.split('-')[0]!.toLowerCase();
    const match = Object.keys(label).find((key) => key.split('-')[0]!.toLowerCase() === language);
    if (match) return label[match]!;
  }
  return label.en;
}

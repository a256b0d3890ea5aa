// A short, human name for a record in lists and pickers: its first piece of text, and its number.
import type { LanguageContextValue } from '../shell/i18n';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-/i;
const DATE = /^\d{4}-\d{2}-\d{2}/;

export function shortId(id: string): string {
  return `#${id.slice(0, 8)}`;
}

/** The first free text of the data (not an id, a date or an amount), else the record's number. */
export function recordText(data: Record<string, unknown>): string | undefined {
  for (const value of Object.values(data)) {
    if (typeof value !== 'string') continue;
    const text = value.trim();
    if (text === '' || UUID.test(text) || DATE.test(text) || /^-?\d+(\.\d+)?$/.test(text) || /^[a-z][a-z0-9-]*$/.test(text)) continue;
    return text.length > 60 ? `${text.slice(0, 59)}…` : text;
  }
  return undefined;
}

export function recordTitle(record: { id: string; data: Record<string, unknown>; createdAt?: string }, language: Pick<LanguageContextValue, 'formatDate'>): string {
  const text = recordText(record.data);
  const when = record.createdAt ? ` · ${language.formatDate(record.createdAt)}` : '';
  return text ? `${text} (${shortId(record.id)}${when})` : `${shortId(record.id)}${when}`;
}

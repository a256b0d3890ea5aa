import type { Label, Procedure } from '../definitions/definition.types.js';
import type { RecordData } from '../engine/engine.types.js';

/**
 * A record's title, as pickers, lists and the record page show it (`Record.title`, `RecordSummary.title`): the first free text it holds (a text or
 * textarea field, in form order), else the procedure's label and its short number
 * (`Budget #1a2b3c4d`). Pass the data as the reader may see it, so a title never shows a field
 * they may not read.
 */
export function recordTitle(procedure: Procedure, id: string, data: RecordData): Label {
  for (const field of procedure.fields) {
    const value = data[field.key];
    if ((field.type !== 'text' && field.type !== 'textarea') || typeof value !== 'string') continue;
    const text = value.replace(/\s+/g, ' ').trim();
    if (text === '') continue;
    const title = text.length > 60 ? `${text.slice(0, 59)}…` : text;
    return { en: title, 'zh-CN': title };
  }
  const number = `#${id.slice(0, 8)}`;
  return { en: `${procedure.label.en} ${number}`, 'zh-CN': `${procedure.label['zh-CN']} ${number}` };
}

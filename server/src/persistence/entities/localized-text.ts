/** A label in the product's two languages, stored as jsonb; `en` is the fallback every label has. */
export interface LocalizedText {
  readonly en: string;
  readonly 'zh-CN'?: string;
}

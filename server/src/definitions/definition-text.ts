import { stringify } from 'yaml';

/**
 * The YAML text a definition is exported as: its original text when it has one (comments and
 * layout survive an import/export round trip byte for byte), else a canonical rendering.
 */
export function definitionText(value: unknown, source: string | null | undefined): string {
  return source ?? stringify(value, { lineWidth: 0, aliasDuplicateObjects: false });
}

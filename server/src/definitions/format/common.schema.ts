/**
 * Building blocks shared by the procedure and organisation formats. These objects are JSON Schema
 * (2020-12); `procedo schema` writes them to definitions/schema/*.json for editors.
 */

export const SCHEMA_BASE_URL = 'https://procedo.dev/schema';

/** Keys are lower-case words joined by '-', e.g. `budget-review`. */
export const KEY_PATTERN = '^[a-z][a-z0-9]*(-[a-z0-9]+)*$';
/** Field keys are camelCase identifiers so they can become GraphQL fields, e.g. `amountRequested`. */
export const FIELD_KEY_PATTERN = '^[a-z][a-zA-Z0-9]*$';
/** Procedure keys are `<department>.<name>`, e.g. `finance.budget-adjustment`. */
export const PROCEDURE_KEY_PATTERN = '^[a-z][a-z0-9]*(-[a-z0-9]+)*\\.[a-z][a-z0-9]*(-[a-z0-9]+)*$';
/** ISO 8601 durations in days, hours and minutes: `P3D`, `PT4H`, `P1DT12H`. */
export const DURATION_PATTERN = '^P(?!$)(\\d+W)?(\\d+D)?(T(?=\\d)(\\d+H)?(\\d+M)?)?$';
export const LOCALE_PATTERN = '^[a-z]{2}(-[A-Z][A-Za-z]{1,3})?$';

/** How each pattern is explained to the author who broke it. */
export const PATTERN_HINTS: Readonly<Record<string, string>> = {
  [KEY_PATTERN]: "use lower-case letters and digits joined by '-', e.g. 'budget-review'",
  [FIELD_KEY_PATTERN]: "use a camelCase name of letters and digits, e.g. 'amountRequested'",
  [PROCEDURE_KEY_PATTERN]: "use '<department>.<name>' in lower case, e.g. 'finance.budget-adjustment'",
  [DURATION_PATTERN]: "use an ISO 8601 duration such as 'P3D' (3 days), 'PT4H' (4 hours) or 'P1DT12H'",
  [LOCALE_PATTERN]: "use a locale tag such as 'en' or 'zh-CN'",
};

export const commonDefs = {
  key: { type: 'string', pattern: KEY_PATTERN, description: "A lower-case key, words joined by '-'." },
  fieldKey: { type: 'string', pattern: FIELD_KEY_PATTERN, description: 'A camelCase field key.' },
  procedureKey: { type: 'string', pattern: PROCEDURE_KEY_PATTERN, description: "'<department>.<name>'" },
  duration: {
    description: "An ISO 8601 duration such as 'P3D' or 'PT4H', or { workingDays: N } (Monday to Friday).",
    type: ['string', 'object'],
    if: { type: 'string' },
    then: { pattern: DURATION_PATTERN },
    else: {
      required: ['workingDays'],
      additionalProperties: false,
      properties: { workingDays: { type: 'integer', minimum: 1 } },
    },
  },
  label: {
    type: 'object',
    description: 'Text in each language: `en` and `zh-CN` are required, other locales are optional.',
    required: ['en', 'zh-CN'],
    properties: {
      en: { type: 'string', minLength: 1 },
      'zh-CN': { type: 'string', minLength: 1 },
    },
    propertyNames: { pattern: LOCALE_PATTERN },
    additionalProperties: { type: 'string', minLength: 1 },
  },
  keyList: { type: 'array', items: { $ref: '#/$defs/key' }, uniqueItems: true },
  who: {
    description:
      'Who: every condition given in one entry must hold (roles AND departments …); a list of entries means any of them.',
    type: ['object', 'array'],
    if: { type: 'array' },
    then: { items: { $ref: '#/$defs/whoEntry' }, minItems: 1 },
    else: { $ref: '#/$defs/whoEntry' },
  },
  whoEntry: {
    type: 'object',
    minProperties: 1,
    additionalProperties: false,
    properties: {
      anyone: { const: true, description: 'Any signed-in user.' },
      roles: { $ref: '#/$defs/keyList', minItems: 1, description: 'Holds one of these roles.' },
      departments: { $ref: '#/$defs/keyList', minItems: 1, description: 'Belongs to one of these departments.' },
      users: { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1, description: 'Usernames.' },
      creator: { const: true, description: "The record's creator." },
      assignee: { const: true, description: "The record's assignee." },
      departmentManager: { const: true, description: "The manager of the record's department." },
      userField: {
        type: 'string',
        description: "The user named in this field of the record (or of the approved row: 'table.column').",
      },
      managerOf: {
        type: 'string',
        description:
          "The manager of the user named in this user field ('table.column' in a rows gate): their department's manager, or the parent department's when they manage it themselves.",
      },
    },
  },
  condition: {
    description:
      'A json-rules-engine condition: { all: [...] }, { any: [...] }, { not: {...} } or { fact, path, operator, value }.',
    type: 'object',
    additionalProperties: false,
    properties: {
      all: { type: 'array', items: { $ref: '#/$defs/condition' }, minItems: 1 },
      any: { type: 'array', items: { $ref: '#/$defs/condition' }, minItems: 1 },
      not: { $ref: '#/$defs/condition' },
      fact: { type: 'string', minLength: 1 },
      path: { type: 'string', pattern: '^\\$' },
      operator: { type: 'string', minLength: 1 },
      value: {},
      params: { type: 'object' },
      name: { type: 'string' },
      priority: { type: 'integer', minimum: 1 },
    },
    anyOf: [{ required: ['all'] }, { required: ['any'] }, { required: ['not'] }, { required: ['fact'] }],
    dependentRequired: { fact: ['operator', 'value'], path: ['fact'], operator: ['fact'], value: ['fact'] },
  },
} as const;

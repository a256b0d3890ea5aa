import { SCHEMA_BASE_URL, commonDefs } from './common.schema.js';

export const organisationSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: `${SCHEMA_BASE_URL}/organisation.schema.json`,
  title: 'Procedo organisation: departments and roles',
  type: 'object',
  required: ['departments', 'roles'],
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    departments: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['key', 'label'],
        additionalProperties: false,
        properties: {
          key: { $ref: '#/$defs/key' },
          label: { $ref: '#/$defs/label' },
          parent: { $ref: '#/$defs/key', description: 'The department this one reports to.' },
        },
      },
    },
    roles: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['key', 'label'],
        additionalProperties: false,
        properties: {
          key: { $ref: '#/$defs/key' },
          label: { $ref: '#/$defs/label' },
          description: { $ref: '#/$defs/label' },
        },
      },
    },
  },
  $defs: { key: commonDefs.key, label: commonDefs.label },
} as const;

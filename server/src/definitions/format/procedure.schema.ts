import { SCHEMA_BASE_URL, commonDefs } from './common.schema.js';

/** The field types of a form, in the order the documentation lists them. */
export const FIELD_TYPES = [
  'text', 'textarea', 'number', 'integer', 'money', 'boolean', 'date', 'datetime', 'select',
  'multiselect', 'user', 'department', 'link', 'file', 'table', 'section',
] as const;

/** The outcomes a rule may have: a fixed vocabulary, each implemented once by the engine. */
export const OUTCOME_TYPES = ['block', 'requireApproval', 'setField', 'assign', 'setDue', 'notify'] as const;

/** The events a rule can listen to besides named actions. */
export const RULE_EVENTS = ['create', 'update', 'transition'] as const;

const whenType = (type: string, then: object) => ({ if: { properties: { type: { const: type } } }, then });
const bounds = { min: { type: 'number' }, max: { type: 'number' } };
/** A number kept by other records: the sum (or count) of a field over the records that link here. */
const rollup = {
  rollup: {
    type: 'object',
    required: ['procedure', 'link'],
    additionalProperties: false,
    description: 'Sum (or count) over the records of another procedure whose link field points to this record.',
    properties: {
      procedure: { $ref: '#/$defs/procedureKey' },
      link: { $ref: '#/$defs/fieldKey', description: "The other procedure's link field that points here." },
      stages: { $ref: '#/$defs/keyList', description: 'Only records in these stages count.' },
      sum: { $ref: '#/$defs/fieldKey', description: 'The number field to add up; without it, records are counted.' },
    },
  },
};
const dateBounds = { min: { type: 'string' }, max: { type: 'string' } };
const textLimits = {
  minLength: { type: 'integer', minimum: 0 },
  maxLength: { type: 'integer', minimum: 1 },
  pattern: { type: 'string', format: 'regex' },
};

/** Properties that only some field types accept; `unevaluatedProperties` refuses the rest. */
const fieldTypeRules = [
  whenType('text', { properties: textLimits }),
  whenType('textarea', { properties: textLimits }),
  whenType('number', { properties: { ...bounds, ...rollup } }),
  whenType('integer', { properties: { ...bounds, ...rollup } }),
  whenType('money', {
    properties: {
      ...bounds,
      ...rollup,
      currency: { type: 'string', pattern: '^[A-Z]{3}$', description: 'ISO 4217 code; CNY when omitted.' },
      scale: { type: 'integer', minimum: 0, maximum: 4, description: 'Decimal places; 2 when omitted.' },
    },
  }),
  whenType('date', { properties: dateBounds }),
  whenType('datetime', { properties: dateBounds }),
  whenType('select', { required: ['options'], properties: { options: { $ref: '#/$defs/options' } } }),
  whenType('multiselect', {
    required: ['options'],
    properties: {
      options: { $ref: '#/$defs/options' },
      minItems: { type: 'integer', minimum: 0 },
      maxItems: { type: 'integer', minimum: 1 },
    },
  }),
  whenType('user', {
    properties: { roles: { $ref: '#/$defs/keyList' }, departments: { $ref: '#/$defs/keyList' } },
  }),
  whenType('link', {
    required: ['procedure'],
    properties: {
      procedure: { $ref: '#/$defs/procedureKey', description: 'The procedure whose records may be linked.' },
      stages: { $ref: '#/$defs/keyList', description: 'Only records in one of these stages may be linked.' },
      multiple: { type: 'boolean' },
      pick: {
        type: 'object',
        additionalProperties: false,
        minProperties: 1,
        description:
          'Which records a person may pick, besides being able to read them: department "actor" (records of their own department) or "record" (of the linking record\'s department).',
        properties: { department: { enum: ['actor', 'record'] } },
      },
    },
  }),
  whenType('file', {
    properties: {
      accept: { type: 'array', items: { type: 'string' } },
      maxSizeMb: { type: 'number', exclusiveMinimum: 0 },
      multiple: { type: 'boolean' },
    },
  }),
  whenType('table', {
    required: ['columns'],
    properties: {
      columns: { type: 'array', minItems: 1, items: { $ref: '#/$defs/column' } },
      minRows: { type: 'integer', minimum: 0 },
      maxRows: { type: 'integer', minimum: 1 },
      rowKey: {
        $ref: '#/$defs/fieldKey',
        description: 'A column: the `latestRows` fact keeps, for each value of it, only the last row (e.g. the latest run of each test kind).',
      },
    },
  }),
];

const fieldCommon = {
  key: { $ref: '#/$defs/fieldKey' },
  type: { enum: FIELD_TYPES },
  label: { $ref: '#/$defs/label' },
  help: { $ref: '#/$defs/label' },
  required: { type: 'boolean' },
  requiredWhen: { $ref: '#/$defs/condition' },
  visibleWhen: { $ref: '#/$defs/condition' },
  readers: { $ref: '#/$defs/who', description: 'Only these may read the field (e.g. salary: HR only).' },
  default: {},
  computed: { type: 'string', minLength: 1, description: 'A JSONata expression over the record data.' },
};

export const procedureSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: `${SCHEMA_BASE_URL}/procedure.schema.json`,
  title: 'Procedo procedure definition',
  type: 'object',
  required: ['key', 'department', 'label', 'start', 'form', 'stages', 'actions'],
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    key: { $ref: '#/$defs/procedureKey' },
    department: { $ref: '#/$defs/key', description: 'The owning department (organisation file).' },
    label: { $ref: '#/$defs/label' },
    description: { $ref: '#/$defs/label' },
    start: { $ref: '#/$defs/who', description: 'Who may start the procedure.' },
    readers: { $ref: '#/$defs/who', description: "Who may read every record besides its department and participants." },
    form: {
      type: 'object',
      required: ['fields'],
      additionalProperties: false,
      properties: { fields: { type: 'array', minItems: 1, items: { $ref: '#/$defs/field' } } },
    },
    stages: { type: 'array', minItems: 2, items: { $ref: '#/$defs/stage' } },
    actions: { type: 'array', minItems: 1, items: { $ref: '#/$defs/action' } },
    gates: { type: 'array', items: { $ref: '#/$defs/gate' } },
    rules: { type: 'array', items: { $ref: '#/$defs/rule' } },
    unique: {
      type: 'array',
      description: 'Combinations of field values that at most one record of the procedure may have (one budget per department and year).',
      items: {
        type: 'object',
        required: ['key', 'fields'],
        additionalProperties: false,
        properties: {
          key: { $ref: '#/$defs/key' },
          fields: { type: 'array', minItems: 1, uniqueItems: true, items: { $ref: '#/$defs/fieldKey' } },
          message: { $ref: '#/$defs/label' },
          stages: { $ref: '#/$defs/keyList', description: 'Only records in these stages count (e.g. leave withdrawn ones out).' },
          perDepartment: { type: 'boolean', description: "The record's department is part of the combination (one budget per department and year)." },
        },
      },
    },
  },
  $defs: {
    ...commonDefs,
    options: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['value', 'label'],
        additionalProperties: false,
        properties: { value: { $ref: '#/$defs/key' }, label: { $ref: '#/$defs/label' } },
      },
    },
    field: {
      type: 'object',
      required: ['key', 'type'],
      properties: fieldCommon,
      allOf: [
        ...fieldTypeRules,
        { if: { properties: { type: { not: { const: 'section' } } } }, then: { required: ['label'] } },
      ],
      unevaluatedProperties: false,
    },
    column: {
      description: 'A column of a table: any field type but table and section.',
      type: 'object',
      required: ['key', 'type', 'label'],
      properties: { ...fieldCommon, type: { enum: FIELD_TYPES.filter((t) => t !== 'table' && t !== 'section') } },
      allOf: fieldTypeRules,
      unevaluatedProperties: false,
    },
    stage: {
      type: 'object',
      required: ['key', 'label'],
      additionalProperties: false,
      properties: {
        key: { $ref: '#/$defs/key' },
        label: { $ref: '#/$defs/label' },
        initial: { const: true, description: 'Records start here; exactly one stage is initial.' },
        final: { const: true, description: 'A record here is closed; final stages have no actions.' },
        dueIn: { $ref: '#/$defs/duration', description: 'How long a record may stay here before it is overdue.' },
        responsible: { $ref: '#/$defs/who', description: 'Who works on records in this stage.' },
        editable: {
          type: 'array',
          description: 'Which fields may be changed in this stage, and by whom.',
          items: {
            type: 'object',
            required: ['fields', 'by'],
            additionalProperties: false,
            properties: {
              fields: { type: 'array', minItems: 1, items: { $ref: '#/$defs/fieldKey' }, uniqueItems: true },
              by: { $ref: '#/$defs/who' },
            },
          },
        },
        requires: {
          type: 'array',
          items: { $ref: '#/$defs/fieldKey' },
          uniqueItems: true,
          description: 'Fields that must have a value before a record may enter this stage.',
        },
        onEnter: { type: 'array', items: { $ref: '#/$defs/outcome' } },
      },
    },
    action: {
      type: 'object',
      required: ['key', 'label', 'from', 'to', 'by'],
      additionalProperties: false,
      properties: {
        key: { $ref: '#/$defs/key' },
        label: { $ref: '#/$defs/label' },
        from: {
          type: ['string', 'array'],
          pattern: commonDefs.key.pattern,
          items: { $ref: '#/$defs/key' },
          minItems: 1,
          uniqueItems: true,
          description: 'The stage (or stages) the action leaves.',
        },
        to: { $ref: '#/$defs/key' },
        by: { $ref: '#/$defs/who', description: 'Who may take the action.' },
        requires: { $ref: '#/$defs/keyList', description: 'Approval gates that must be approved first.' },
        when: { $ref: '#/$defs/condition', description: 'A guard: the action is possible only when it holds.' },
        comment: { enum: ['optional', 'required'] },
        recheck: {
          type: 'array',
          items: { $ref: '#/$defs/fieldKey' },
          uniqueItems: true,
          minItems: 1,
          description:
            'User and link fields (or tables with such columns) whose conditions must still hold when the action is taken: a linked record still in its stages, a person still in the roles and departments.',
        },
      },
    },
    level: {
      type: 'object',
      required: ['approvers'],
      additionalProperties: false,
      properties: {
        key: { $ref: '#/$defs/key' },
        label: { $ref: '#/$defs/label' },
        approvers: { $ref: '#/$defs/who' },
        quorum: {
          description: "'any' (the default), 'all', { count: N } or { percent: P } of the approvers.",
          type: ['string', 'object'],
          if: { type: 'string' },
          then: { enum: ['any', 'all'] },
          else: {
            additionalProperties: false,
            minProperties: 1,
            maxProperties: 1,
            properties: {
              count: { type: 'integer', minimum: 1 },
              percent: { type: 'number', exclusiveMinimum: 0, maximum: 100 },
            },
          },
        },
        when: { $ref: '#/$defs/condition', description: 'The level applies only when this holds.' },
        exclude: { $ref: '#/$defs/who', description: 'People who may not decide this level (e.g. the person reviewed: { userField: employee }).' },
      },
    },
    gate: {
      type: 'object',
      required: ['key', 'label', 'levels'],
      additionalProperties: false,
      properties: {
        key: { $ref: '#/$defs/key' },
        label: { $ref: '#/$defs/label' },
        levels: {
          type: 'array',
          minItems: 1,
          items: { $ref: '#/$defs/level' },
          description: 'Decided one after another; each level may need several approvers (quorum).',
        },
        selfApproval: { type: 'boolean', description: 'May the creator approve their own record? No by default.' },
        onReject: {
          type: 'object',
          additionalProperties: false,
          required: ['stage'],
          properties: { stage: { $ref: '#/$defs/key' } },
          description: 'Where a rejection sends the record.',
        },
        reopenOn: {
          type: 'array',
          items: { $ref: '#/$defs/fieldKey' },
          uniqueItems: true,
          description: 'A change to these fields after approval reopens the gate.',
        },
        rows: { $ref: '#/$defs/fieldKey', description: 'A table field: each row is approved on its own.' },
        exclude: { $ref: '#/$defs/who', description: 'People who may not decide any level of this gate.' },
        distinctApprovers: {
          type: 'boolean',
          description: 'Separation of duties: whoever decided a level of a round may not decide a later level of it.',
        },
        keepOnReentry: {
          type: 'boolean',
          description:
            'Keep an approval when the record leaves its stage and comes back. No by default: a record that re-enters the stage is approved anew.',
        },
      },
    },
    rule: {
      type: 'object',
      required: ['key', 'when', 'then'],
      additionalProperties: false,
      properties: {
        key: { $ref: '#/$defs/key' },
        description: { $ref: '#/$defs/label' },
        on: {
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          properties: {
            actions: { $ref: '#/$defs/keyList', minItems: 1 },
            events: { type: 'array', items: { enum: RULE_EVENTS }, uniqueItems: true, minItems: 1 },
          },
          description: 'When the rule is evaluated; every command when omitted.',
        },
        when: { $ref: '#/$defs/condition' },
        then: {
          type: ['object', 'array'],
          if: { type: 'array' },
          then: { items: { $ref: '#/$defs/outcome' }, minItems: 1 },
          else: { $ref: '#/$defs/outcome' },
        },
      },
    },
    outcome: {
      type: 'object',
      required: ['type'],
      properties: { type: { enum: OUTCOME_TYPES } },
      allOf: [
        whenType('block', { required: ['message'], properties: { message: { $ref: '#/$defs/label' } } }),
        whenType('requireApproval', { required: ['gate'], properties: { gate: { $ref: '#/$defs/key' } } }),
        whenType('setField', {
          required: ['field'],
          properties: { field: { $ref: '#/$defs/fieldKey' }, value: {}, expression: { type: 'string', minLength: 1 } },
          oneOf: [{ required: ['value'] }, { required: ['expression'] }],
        }),
        whenType('assign', { required: ['to'], properties: { to: { $ref: '#/$defs/who' } } }),
        whenType('setDue', { required: ['in'], properties: { in: { $ref: '#/$defs/duration' } } }),
        whenType('notify', {
          required: ['to', 'message'],
          properties: { to: { $ref: '#/$defs/who' }, message: { $ref: '#/$defs/label' } },
        }),
      ],
      unevaluatedProperties: false,
    },
  },
} as const;

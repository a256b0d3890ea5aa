import { organisationSchema } from './organisation.schema.js';
import { procedureSchema } from './procedure.schema.js';

/** The published JSON Schema files, by file name, exactly as committed under definitions/schema. */
export function formatSchemaFiles(): Record<string, string> {
  return {
    'procedure.schema.json': JSON.stringify(procedureSchema, null, 2) + '\n',
    'organisation.schema.json': JSON.stringify(organisationSchema, null, 2) + '\n',
  };
}

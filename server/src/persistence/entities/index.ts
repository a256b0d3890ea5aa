import { ApiToken } from './api-token.entity.js';
import { Approval } from './approval.entity.js';
import { Comment } from './comment.entity.js';
import { Department } from './department.entity.js';
import { IdempotencyKey } from './idempotency-key.entity.js';
import { OrganisationVersion } from './organisation-version.entity.js';
import { OutboxMessage } from './outbox-message.entity.js';
import { ProcedureVersion } from './procedure-version.entity.js';
import { ProcedureRecord } from './record.entity.js';
import { RecordEvent } from './record-event.entity.js';
import { Role } from './role.entity.js';
import { User } from './user.entity.js';

/** The ORM's entity list: the one place that names every entity, read by `openDatabase`. */
export const entities = [
  Department,
  Role,
  OrganisationVersion,
  User,
  ApiToken,
  ProcedureVersion,
  ProcedureRecord,
  RecordEvent,
  Approval,
  Comment,
  IdempotencyKey,
  OutboxMessage,
];

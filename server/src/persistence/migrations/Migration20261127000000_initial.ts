import { Migration } from '@mikro-orm/migrations';

/**
 * The initial schema. Written out rather than generated at run time so that review sees every
 * table, index and trigger; `schema-matches-entities.test.ts` checks that it matches the entities.
 * No statement may contain a question mark: the driver would read it as a query parameter.
 */
export class Migration20261127000000_initial extends Migration {
  override up(): void {
    this.createOrganisationTables();
    this.createProcedureVersionsTable();
    this.createRecordTables();
    this.createSupportTables();
    this.addForeignKeys();
    this.addRecordEventsAppendOnlyTrigger();
    this.addPublishedVersionImmutableTrigger();
  }

  override down(): void {
    for (const table of [
      'outbox_messages',
      'idempotency_keys',
      'comments',
      'approvals',
      'record_events',
      'records',
      'procedure_versions',
      'api_tokens',
      'organisation_versions',
      'roles',
    ]) {
      this.addSql(`drop table if exists "${table}" cascade;`);
    }
    // users and departments refer to each other; cascade drops the foreign keys between them.
    this.addSql('drop table if exists "users" cascade;');
    this.addSql('drop table if exists "departments" cascade;');
    this.addSql('drop function if exists "record_events_refuse_change"();');
    this.addSql('drop function if exists "procedure_versions_refuse_published_change"();');
  }

  private createOrganisationTables(): void {
    this.addSql(`create table "departments" (
      "key" text not null,
      "label" jsonb not null,
      "parent_key" text null,
      "manager_id" uuid null,
      "position" int not null,
      constraint "departments_pkey" primary key ("key"));`);

    this.addSql(`create table "roles" (
      "key" text not null,
      "label" jsonb not null,
      "description" jsonb null,
      "position" int not null,
      constraint "roles_pkey" primary key ("key"));`);

    this.addSql(`create table "organisation_versions" (
      "id" uuid not null,
      "version" int not null,
      "content_hash" text not null,
      "content" jsonb not null,
      "source" text null,
      "created_at" timestamptz not null default now(),
      constraint "organisation_versions_pkey" primary key ("id"));`);
    this.addSql('alter table "organisation_versions" add constraint "organisation_versions_version_unique" unique ("version");');

    this.addSql(`create table "users" (
      "id" uuid not null,
      "username" text not null,
      "password_hash" text null,
      "display_name" text not null,
      "department_key" text null,
      "roles" text[] not null default '{}',
      "is_admin" boolean not null default false,
      "active" boolean not null default true,
      "locale" text null,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(),
      constraint "users_pkey" primary key ("id"));`);
    // Case-insensitive uniqueness, whatever case a raw insert uses.
    this.addSql('create unique index "users_username_lower_unique" on "users" (lower("username"));');

    this.addSql(`create table "api_tokens" (
      "id" uuid not null,
      "user_id" uuid not null,
      "name" text not null,
      "kind" text check ("kind" in ('personal', 'service', 'session')) not null,
      "token_hash" text not null,
      "prefix" text not null,
      "created_at" timestamptz not null default now(),
      "expires_at" timestamptz null,
      "last_used_at" timestamptz null,
      "revoked_at" timestamptz null,
      constraint "api_tokens_pkey" primary key ("id"));`);
    this.addSql('alter table "api_tokens" add constraint "api_tokens_token_hash_unique" unique ("token_hash");');
  }

  private createProcedureVersionsTable(): void {
    this.addSql(`create table "procedure_versions" (
      "id" uuid not null,
      "procedure_key" text not null,
      "version" int not null,
      "status" text check ("status" in ('draft', 'published')) not null,
      "department" text not null,
      "definition" jsonb not null,
      "source" text null,
      "content_hash" text not null,
      "created_at" timestamptz not null default now(),
      "published_at" timestamptz null,
      "created_by_id" uuid null,
      constraint "procedure_versions_pkey" primary key ("id"));`);
    this.addSql(
      'alter table "procedure_versions" add constraint "procedure_versions_procedure_key_version_unique" unique ("procedure_key", "version");',
    );
    this.addSql(
      `create unique index "procedure_versions_one_draft_per_key" on "procedure_versions" ("procedure_key") where "status" = 'draft';`,
    );
  }

  private createRecordTables(): void {
    this.addSql(`create table "records" (
      "id" uuid not null,
      "procedure_key" text not null,
      "procedure_version_id" uuid not null,
      "stage" text not null,
      "data" jsonb not null,
      "version" int not null default 1,
      "created_by_id" uuid not null,
      "department_key" text not null,
      "assignee_id" uuid null,
      "due_at" timestamptz null,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(),
      "closed_at" timestamptz null,
      constraint "records_pkey" primary key ("id"));`);
    this.addSql('create index "records_assignee_index" on "records" ("assignee_id");');
    this.addSql('create index "records_procedure_key_stage_index" on "records" ("procedure_key", "stage");');
    // jsonb_path_ops: smaller and faster for the containment queries (`data @> …`) that filters use.
    this.addSql('create index "records_data_index" on "records" using gin ("data" jsonb_path_ops);');

    this.addSql(`create table "record_events" (
      "id" bigserial primary key,
      "record_id" uuid not null,
      "seq" int not null,
      "type" text not null,
      "at" timestamptz not null default now(),
      "actor_id" uuid null,
      "from_stage" text null,
      "to_stage" text null,
      "changes" jsonb null,
      "comment" text null,
      "data" jsonb null);`);
    this.addSql('alter table "record_events" add constraint "record_events_record_id_seq_unique" unique ("record_id", "seq");');

    this.addSql(`create table "approvals" (
      "id" uuid not null,
      "record_id" uuid not null,
      "gate" text not null,
      "level" int not null,
      "row_index" int null,
      "round" int not null default 1,
      "state" text check ("state" in ('pending', 'approved', 'rejected', 'cancelled')) not null,
      "approvers" jsonb not null,
      "decided_by_id" uuid null,
      "decided_at" timestamptz null,
      "comment" text null,
      "created_at" timestamptz not null default now(),
      constraint "approvals_pkey" primary key ("id"));`);
    this.addSql('create index "approvals_record_id_gate_round_index" on "approvals" ("record_id", "gate", "round");');

    this.addSql(`create table "comments" (
      "id" uuid not null,
      "record_id" uuid not null,
      "author_id" uuid not null,
      "body" text not null,
      "created_at" timestamptz not null default now(),
      constraint "comments_pkey" primary key ("id"));`);
  }

  private createSupportTables(): void {
    this.addSql(`create table "idempotency_keys" (
      "actor_id" uuid not null,
      "key" text not null,
      "command" text not null,
      "record_id" uuid null,
      "result" jsonb null,
      "created_at" timestamptz not null default now(),
      constraint "idempotency_keys_pkey" primary key ("actor_id", "key"));`);

    this.addSql(`create table "outbox_messages" (
      "id" bigserial primary key,
      "topic" text not null,
      "payload" jsonb not null,
      "created_at" timestamptz not null default now(),
      "available_at" timestamptz not null default now(),
      "attempts" int not null default 0,
      "processed_at" timestamptz null,
      "last_error" text null);`);
    this.addSql(
      'create index "outbox_messages_pending_index" on "outbox_messages" ("available_at") where "processed_at" is null;',
    );
  }

  private addForeignKeys(): void {
    const foreignKeys: [table: string, column: string, target: string, onDelete: string][] = [
      ['departments', 'parent_key', 'departments ("key")', 'on delete set null'],
      ['departments', 'manager_id', 'users ("id")', 'on delete set null'],
      ['users', 'department_key', 'departments ("key")', 'on delete set null'],
      ['api_tokens', 'user_id', 'users ("id")', ''],
      ['procedure_versions', 'created_by_id', 'users ("id")', 'on delete set null'],
      ['records', 'procedure_version_id', 'procedure_versions ("id")', ''],
      ['records', 'created_by_id', 'users ("id")', ''],
      ['records', 'department_key', 'departments ("key")', ''],
      ['records', 'assignee_id', 'users ("id")', 'on delete set null'],
      ['record_events', 'record_id', 'records ("id")', ''],
      // Not "set null": that would be an UPDATE of history, which the append-only trigger refuses.
      ['record_events', 'actor_id', 'users ("id")', ''],
      ['approvals', 'record_id', 'records ("id")', ''],
      ['approvals', 'decided_by_id', 'users ("id")', 'on delete set null'],
      ['comments', 'record_id', 'records ("id")', ''],
      ['comments', 'author_id', 'users ("id")', ''],
      ['idempotency_keys', 'actor_id', 'users ("id")', ''],
      ['idempotency_keys', 'record_id', 'records ("id")', 'on delete set null'],
    ];
    for (const [table, column, target, onDelete] of foreignKeys) {
      const [targetTable, targetColumn] = target.split(' ');
      this.addSql(
        `alter table "${table}" add constraint "${table}_${column}_foreign" foreign key ("${column}") ` +
          `references "${targetTable}" ${targetColumn} on update cascade ${onDelete};`,
      );
    }
  }

  private addRecordEventsAppendOnlyTrigger(): void {
    this.addSql(`create function "record_events_refuse_change"() returns trigger language plpgsql as $$
      begin
        raise exception 'record_events is append-only: % of event % (record %, seq %) is refused; add a new event instead',
          tg_op, old.id, old.record_id, old.seq;
      end;
      $$;`);
    this.addSql(`create trigger "record_events_append_only"
      before update or delete on "record_events"
      for each row execute function "record_events_refuse_change"();`);
  }

  private addPublishedVersionImmutableTrigger(): void {
    // Status is guarded too: turning a published version back into a draft would reopen it.
    this.addSql(`create function "procedure_versions_refuse_published_change"() returns trigger language plpgsql as $$
      begin
        if old.status <> 'published' then
          return case when tg_op = 'DELETE' then old else new end;
        end if;
        if tg_op = 'DELETE' then
          raise exception 'procedure % version % is published and cannot be deleted', old.procedure_key, old.version;
        end if;
        if new.definition is distinct from old.definition
          or new.content_hash is distinct from old.content_hash
          or new.version is distinct from old.version
          or new.procedure_key is distinct from old.procedure_key
          or new.status is distinct from old.status then
          raise exception 'procedure % version % is published and immutable: save a new draft instead of changing it',
            old.procedure_key, old.version;
        end if;
        return new;
      end;
      $$;`);
    this.addSql(`create trigger "procedure_versions_published_immutable"
      before update or delete on "procedure_versions"
      for each row execute function "procedure_versions_refuse_published_change"();`);
  }
}

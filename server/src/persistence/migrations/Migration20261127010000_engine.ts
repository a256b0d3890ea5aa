import { Migration } from '@mikro-orm/migrations';

/**
 * What the engine keeps: each record's gate rounds (`records.gates`), and one approval row per
 * person asked (`approvals.approver_id`), which is also that person's task while pending.
 */
export class Migration20261127010000_engine extends Migration {
  override up(): void {
    this.addSql(`alter table "records" add column "gates" jsonb not null default '{}';`);
    this.addSql('alter table "approvals" add column "approver_id" uuid null;');
    this.addSql(
      'alter table "approvals" add constraint "approvals_approver_id_foreign" foreign key ("approver_id") references "users" ("id") on update cascade on delete set null;',
    );
    this.addSql(`create index "approvals_pending_by_approver" on "approvals" ("approver_id") where "state" = 'pending';`);
  }

  override down(): void {
    this.addSql('drop index if exists "approvals_pending_by_approver";');
    this.addSql('alter table "approvals" drop constraint if exists "approvals_approver_id_foreign";');
    this.addSql('alter table "approvals" drop column if exists "approver_id";');
    this.addSql('alter table "records" drop column if exists "gates";');
  }
}

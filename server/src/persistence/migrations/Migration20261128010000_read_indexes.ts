import { Migration } from '@mikro-orm/migrations';

/**
 * Indexes for the read path (docs/benchmarks.md, reads). Lists are keyset pages in creation
 * order — of one procedure (`records(procedure:)`, the typed lists) or of all — and `myTasks`
 * pages open records by due time: with these the database walks an index in page order and
 * stops after one page, instead of sorting every matching row.
 */
export class Migration20261128010000_read_indexes extends Migration {
  override up(): void {
    this.addSql('create index "records_procedure_created_index" on "records" ("procedure_key", "created_at", "id");');
    this.addSql('create index "records_created_index" on "records" ("created_at", "id");');
    this.addSql('create index "records_open_due_index" on "records" ("due_at", "id") where "closed_at" is null;');
    // "Records that asked me for an approval" (visibility) without reading every approval.
    this.addSql('create index "approvals_approver_record_index" on "approvals" ("approver_id", "record_id");');
  }

  override down(): void {
    this.addSql('drop index if exists "approvals_approver_record_index";');
    this.addSql('drop index if exists "records_open_due_index";');
    this.addSql('drop index if exists "records_created_index";');
    this.addSql('drop index if exists "records_procedure_created_index";');
  }
}

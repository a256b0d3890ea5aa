-- The writes of one transition through a gate, as the server makes them, in plain SQL: lock the
-- record, update it (stage, data, gates, version), append the history row, open the approval.
-- Run by writes.bench.ts with pgbench --protocol=prepared; :nrecords, :actor and :approver come
-- from --define, bench_pgbench_records numbers the records the HTTP phase created.
\set n random(1, :nrecords)
BEGIN;
SELECT r.id AS rid, r.version, r.stage, r.data, r.gates FROM records r WHERE r.id = (SELECT b.id FROM bench_pgbench_records b WHERE b.n = :n) FOR UPDATE \gset
UPDATE records SET stage = 'review', version = version + 1, data = data || '{"note": "pgbench"}', gates = '{"approval": {"round": 1, "status": "pending"}}', updated_at = now() WHERE id = :rid;
INSERT INTO record_events (record_id, seq, type, at, actor_id, from_stage, to_stage, data) SELECT :rid, coalesce(max(seq), 0) + 1, 'transitioned', now(), :actor, 'draft', 'review', '{"action": "submit"}' FROM record_events WHERE record_id = :rid;
INSERT INTO approvals (id, record_id, gate, level, round, state, approvers, approver_id, created_at) VALUES (gen_random_uuid(), :rid, 'approval', 0, 1, 'pending', '{"users": []}', :approver, now());
END;

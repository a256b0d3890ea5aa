import { describe, expect, it } from 'vitest';
import { runCrashCampaign } from '../support/reliability-crash.js';

// The short variant of the crash campaign (npm run soak runs 20 kills and more; every
// start of the process costs seconds, so the suite stops at two): under load from
// concurrent clients the real server process is SIGKILLed at random moments and restarted on
// the same database (a PGlite data directory, or a fresh PostgreSQL database with DATABASE_URL).
// Every acknowledged command must be stored exactly once, retries of lost ones must not double
// anything, and every record's history must replay to its stage, data, version and approvals.
describe('the server killed under load', () => {
  it('keeps every acknowledged command exactly once and every record consistent across 2 SIGKILLs', { timeout: 240_000 }, async () => {
    const report = await runCrashCampaign({ kills: 2, clients: 6, killAfterAcks: [4, 16], log: (line) => console.log(line) });
    console.log(`crash: ${report.kills} kills on ${report.database}, ${report.records} records, ${report.acknowledged} acknowledged commands, ${report.retried} retried after a kill`);
    expect(report.problems).toEqual([]);
    // The campaign did real work between the kills, and some commands were cut off mid-flight.
    expect(report.records).toBeGreaterThan(3);
    expect(report.acknowledged).toBeGreaterThan(report.records * 3);
  });
});

/**
 * The long crash campaign (`npm run soak`): concurrent clients walk design reviews over real HTTP
 * while the server process is SIGKILLed again and again (20 times unless SOAK_KILLS says
 * otherwise) and restarted on the same database; then the tables are checked against every
 * acknowledged command (test/support/reliability-crash.ts). On PGlite by default; on a fresh
 * PostgreSQL database when DATABASE_URL is set. Exits 1 and lists the problems if any is found.
 *
 *   npm run soak
 *   SOAK_KILLS=50 SOAK_CLIENTS=12 DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run soak
 */
import { runCrashCampaign } from '../support/reliability-crash.js';

const kills = Number(process.env.SOAK_KILLS ?? '20');
const clients = Number(process.env.SOAK_CLIENTS ?? '8');
const started = Date.now();
const report = await runCrashCampaign({
  kills,
  clients,
  killAfterAcks: [3, 25],
  log: (line) => console.log(`${new Date().toISOString()} ${line}`),
});
const minutes = ((Date.now() - started) / 60_000).toFixed(1);
console.log(
  `soak: ${report.kills} SIGKILLs in a row on ${report.database} with ${clients} clients in ${minutes} min: ` +
    `${report.records} records, ${report.acknowledged} acknowledged commands, ${report.retried} commands cut off by a kill and retried; ` +
    `${report.problems.length === 0 ? 'no inconsistency' : `${report.problems.length} problems`}`,
);
for (const problem of report.problems) console.log(`  ${problem}`);
process.exit(report.problems.length === 0 ? 0 : 1);

import { loadConfig } from '../config/config.js';
import { AppError } from '../errors/app-error.js';
import { createDemoUsers, formatDemoReport } from '../services/demo.service.js';
import { withDatabase } from './with-database.js';

/**
 * `procedo demo`: creates one user per department and post of the shipped organisation, each with
 * the documented password `demo-<username>`, and makes the managers manage their department.
 * Existing usernames are left as they are, so running it twice creates nothing new. Only ever run
 * on request: never by the server, nor by `procedo import`.
 */
export async function demoCommand(): Promise<number> {
  const config = loadConfig();
  let report;
  try {
    report = await withDatabase(config, (db) => createDemoUsers(db.em));
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    console.error(`No demo users created. ${error.message}`);
    return 1;
  }
  console.log(formatDemoReport(report));
  console.log(
    `\n${report.created} demo user(s) created, ${report.users.length - report.created} already there` +
      (report.managersSet.length ? `; managers set for ${report.managersSet.join(', ')}` : '') +
      '.\nSign in with a username and its password (demo-<username>). These are well-known passwords: do not use them on a real system.',
  );
  return 0;
}

import type { Duration } from '../definitions/definition.types.js';

const ISO = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/;

/**
 * When a duration that starts at `from` ends. ISO 8601 durations count calendar time; working
 * days count Monday to Friday (UTC), keeping the time of day: 3 working days from a Friday
 * 10:00 end on Wednesday 10:00.
 */
export function addDuration(from: Date, duration: Duration): Date {
  if (typeof duration === 'object') return addWorkingDays(from, duration.workingDays);
  const match = ISO.exec(duration);
  if (!match) throw new TypeError(`Not an ISO 8601 duration: ${duration}`);
  const [, weeks = '0', days = '0', hours = '0', minutes = '0'] = match;
  const ms = ((Number(weeks) * 7 + Number(days)) * 24 * 60 + Number(hours) * 60 + Number(minutes)) * 60_000;
  return new Date(from.getTime() + ms);
}

function addWorkingDays(from: Date, days: number): Date {
  const date = new Date(from.getTime());
  // A start on a weekend counts from the next Monday, at the same time of day.
  while (isWeekend(date)) date.setUTCDate(date.getUTCDate() + 1);
  let left = days;
  while (left > 0) {
    date.setUTCDate(date.getUTCDate() + 1);
    if (!isWeekend(date)) left--;
  }
  return date;
}

function isWeekend(date: Date): boolean {
  const day = date.getUTCDay();
  return day === 0 || day === 6;
}

/** A record is overdue when it has a due time that has passed and it is not closed. */
export function isOverdue(record: { readonly dueAt: Date | null; readonly closedAt: Date | null }, now: Date): boolean {
  return record.dueAt !== null && record.closedAt === null && record.dueAt.getTime() < now.getTime();
}

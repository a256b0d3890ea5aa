import { describe, expect, it } from 'vitest';
import { addDuration } from '../../../server/src/engine/durations.js';

const at = (iso: string) => new Date(iso);

describe('addDuration', () => {
  it('adds ISO 8601 durations as calendar time', () => {
    const from = at('2026-11-27T10:00:00Z');
    expect(addDuration(from, 'P3D')).toEqual(at('2026-11-30T10:00:00Z'));
    expect(addDuration(from, 'PT4H')).toEqual(at('2026-11-27T14:00:00Z'));
    expect(addDuration(from, 'PT90M')).toEqual(at('2026-11-27T11:30:00Z'));
    expect(addDuration(from, 'P1DT12H')).toEqual(at('2026-11-28T22:00:00Z'));
    expect(addDuration(from, 'P2W')).toEqual(at('2026-12-11T10:00:00Z'));
  });

  it('refuses what it cannot read, such as months', () => {
    expect(() => addDuration(at('2026-01-01T00:00:00Z'), 'P1M')).toThrow('Not an ISO 8601 duration: P1M');
    expect(() => addDuration(at('2026-01-01T00:00:00Z'), '3 days')).toThrow(TypeError);
  });

  it('counts working days Monday to Friday, keeping the time of day', () => {
    // Friday 10:00 + 3 working days: Monday, Tuesday, Wednesday.
    expect(addDuration(at('2026-11-27T10:00:00Z'), { workingDays: 3 })).toEqual(at('2026-12-02T10:00:00Z'));
    expect(addDuration(at('2026-11-27T10:00:00Z'), { workingDays: 1 })).toEqual(at('2026-11-30T10:00:00Z'));
    // Monday + 5 working days is the next Monday.
    expect(addDuration(at('2026-11-23T09:15:00Z'), { workingDays: 5 })).toEqual(at('2026-11-30T09:15:00Z'));
    // Two weekends in between.
    expect(addDuration(at('2026-11-26T17:00:00Z'), { workingDays: 7 })).toEqual(at('2026-12-07T17:00:00Z'));
  });

  it('starts a weekend count from the next Monday', () => {
    // Saturday and Sunday count from Monday at the same time: 1 working day ends on Tuesday.
    expect(addDuration(at('2026-11-28T10:00:00Z'), { workingDays: 1 })).toEqual(at('2026-12-01T10:00:00Z'));
    expect(addDuration(at('2026-11-29T23:00:00Z'), { workingDays: 1 })).toEqual(at('2026-12-01T23:00:00Z'));
    expect(addDuration(at('2026-11-28T10:00:00Z'), { workingDays: 0 })).toEqual(at('2026-11-30T10:00:00Z'));
    expect(addDuration(at('2026-11-27T10:00:00Z'), { workingDays: 0 })).toEqual(at('2026-11-27T10:00:00Z'));
  });

  it('reads weekdays in UTC', () => {
    // Friday 23:30 UTC is Saturday in Shanghai, but still Friday for the count.
    expect(addDuration(at('2026-11-27T23:30:00Z'), { workingDays: 1 })).toEqual(at('2026-11-30T23:30:00Z'));
  });

  it('does not change the date it is given', () => {
    const from = at('2026-11-27T10:00:00Z');
    addDuration(from, { workingDays: 3 });
    expect(from).toEqual(at('2026-11-27T10:00:00Z'));
  });
});

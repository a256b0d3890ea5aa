import { describe, expect, it } from 'vitest';
import { compareDecimal, roundMoney, toMoney } from '../../../../server/src/engine/forms/decimal.js';

describe('exact money', () => {
  it('normalises inputs to the canonical string of the scale', () => {
    expect(toMoney(1500, 2)).toEqual({ ok: true, value: '1500.00' });
    expect(toMoney('0012.5', 2)).toEqual({ ok: true, value: '12.50' });
    expect(toMoney(' -0.5 ', 2)).toEqual({ ok: true, value: '-0.50' });
    expect(toMoney('12.340', 2)).toEqual({ ok: true, value: '12.34' });
    expect(toMoney(1e21, 0)).toEqual({ ok: true, value: '1000000000000000000000' });
    expect(toMoney('12345678901234567890.12', 2)).toEqual({ ok: true, value: '12345678901234567890.12' });
    expect(toMoney('12.345', 2)).toEqual({ ok: false, reason: 'too-many-decimals' });
    expect(toMoney(12.345, 2)).toEqual({ ok: false, reason: 'too-many-decimals' });
    expect(toMoney(0.5, 0)).toEqual({ ok: false, reason: 'too-many-decimals' });
    for (const bad of ['', '1,500.00', '1e3', 'NaN', Number.NaN, Infinity, true, null, {}]) {
      expect(toMoney(bad, 2)).toEqual({ ok: false, reason: 'not-a-number' });
    }
  });

  it('rounds computed results half away from zero, ignoring binary noise', () => {
    expect(roundMoney(0.1 + 0.2, 2)).toBe('0.30');
    expect(roundMoney(1.005, 2)).toBe('1.01');
    expect(roundMoney(2.675, 2)).toBe('2.68');
    expect(roundMoney(-2.5, 0)).toBe('-3');
    expect(roundMoney(-0.001, 2)).toBe('0.00');
    expect(roundMoney(1e21, 2)).toBe('1000000000000000000000.00');
    expect(roundMoney(Number.NaN, 2)).toBeUndefined();
  });

  it('compares decimals exactly', () => {
    expect(compareDecimal('0.30', 0.3)).toBe(0);
    expect(compareDecimal('9007199254740993.01', '9007199254740993.00')).toBe(1);
    expect(compareDecimal('-0.01', 0)).toBe(-1);
    expect(compareDecimal('x', 0)).toBeUndefined();
  });
});

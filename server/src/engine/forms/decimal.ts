/**
 * Exact decimal arithmetic for money, on BigInt units of 10^-scale. Money is stored as a canonical
 * decimal string ("1500.00") and never passes through a float on its way into storage.
 */

export const DEFAULT_SCALE = 2;
export const DEFAULT_CURRENCY = 'CNY';

/** A decimal as `units × 10^-scale`, exactly. */
interface Exact {
  readonly units: bigint;
  readonly scale: number;
}

const PLAIN = /^([+-])?(\d+)(?:\.(\d+))?$/;
const SCIENTIFIC = /^([+-])?(\d+)(?:\.(\d+))?e([+-]?\d+)$/i;

/** Parses "12.30", "-5" (and, for JSON numbers, "1e+21"); undefined when it is not a decimal. */
function parseExact(text: string, allowExponent: boolean): Exact | undefined {
  const plain = PLAIN.exec(text);
  if (plain) return fromParts(plain[1], plain[2]!, plain[3] ?? '', 0);
  const sci = allowExponent ? SCIENTIFIC.exec(text) : null;
  if (sci) return fromParts(sci[1], sci[2]!, sci[3] ?? '', Number(sci[4]));
  return undefined;
}

function fromParts(sign: string | undefined, whole: string, fraction: string, exponent: number): Exact {
  let digits = whole + fraction;
  let scale = fraction.length - exponent;
  if (scale < 0) {
    digits += '0'.repeat(-scale);
    scale = 0;
  }
  const units = BigInt(digits);
  return { units: sign === '-' ? -units : units, scale };
}

/** The same value with `scale` decimals, or undefined when that would drop a non-zero digit. */
function rescale(value: Exact, scale: number): bigint | undefined {
  if (value.scale <= scale) return value.units * 10n ** BigInt(scale - value.scale);
  const divisor = 10n ** BigInt(value.scale - scale);
  return value.units % divisor === 0n ? value.units / divisor : undefined;
}

function format(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const text = scale === 0 ? whole : `${whole}.${digits.slice(digits.length - scale)}`;
  return negative ? `-${text}` : text;
}

export type MoneyParse =
  | { readonly ok: true; readonly value: string }
  | { readonly ok: false; readonly reason: 'not-a-number' | 'too-many-decimals' };

/**
 * A money input (a JSON number or a decimal string) as the canonical string with exactly `scale`
 * decimals: 1500 → "1500.00", "0012.5" → "12.50". Trailing zeros beyond the scale are harmless
 * ("12.340" → "12.34"); any other digit beyond it is refused, never rounded away.
 */
export function toMoney(value: unknown, scale: number): MoneyParse {
  let exact: Exact | undefined;
  if (typeof value === 'number') exact = Number.isFinite(value) ? parseExact(String(value), true) : undefined;
  else if (typeof value === 'string') exact = parseExact(value.trim(), false);
  if (!exact) return { ok: false, reason: 'not-a-number' };
  const units = rescale(exact, scale);
  if (units === undefined) return { ok: false, reason: 'too-many-decimals' };
  return { ok: true, value: format(units, scale) };
}

/**
 * A computed number rounded to `scale` decimals, half away from zero (commercial rounding,
 * 四舍五入). The float is first cut to 15 significant digits, the precision a double holds
 * faithfully, so binary noise (0.1 + 0.2 = 0.30000000000000004, 1.005 stored as 1.00499…)
 * never decides a rounding. Undefined for NaN and ±Infinity.
 */
export function roundMoney(value: number, scale: number): string | undefined {
  if (!Number.isFinite(value)) return undefined;
  const exact = parseExact(value.toPrecision(15), true)!;
  if (exact.scale <= scale) return format(rescale(exact, scale)!, scale);
  const divisor = 10n ** BigInt(exact.scale - scale);
  const negative = exact.units < 0n;
  const magnitude = negative ? -exact.units : exact.units;
  let units = magnitude / divisor;
  if ((magnitude % divisor) * 2n >= divisor) units += 1n;
  return format(negative ? -units : units, scale);
}

/** Compares two decimals (strings or numbers) exactly; undefined when either is not a decimal. */
export function compareDecimal(a: unknown, b: unknown): -1 | 0 | 1 | undefined {
  const [x, y] = [toExact(a), toExact(b)];
  if (!x || !y) return undefined;
  const scale = Math.max(x.scale, y.scale);
  const [u, v] = [rescale(x, scale)!, rescale(y, scale)!];
  return u < v ? -1 : u > v ? 1 : 0;
}

function toExact(value: unknown): Exact | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? parseExact(String(value), true) : undefined;
  if (typeof value === 'string') return parseExact(value.trim(), false);
  return undefined;
}

/**
 * A money value as a number, for expressions and conditions only (never stored). What is not an
 * amount reads as absent, so a typo already reported on its field adds no second error downstream.
 */
export function moneyToNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || !PLAIN.test(value.trim())) return undefined;
  return Number(value);
}

/** `^-?\d+(\.\d{1,S})?$`: what a stored money string of this scale looks like. */
export function moneyPattern(scale: number): string {
  return scale === 0 ? '^-?\\d+$' : `^-?\\d+(\\.\\d{1,${scale}})?$`;
}

/** A limit from the definition (`min: 0`, `max: "1000.50"`) in the field's canonical form. */
export function formatLimit(limit: number | string, scale: number): string {
  const parsed = toMoney(limit, scale);
  return parsed.ok ? parsed.value : String(limit);
}

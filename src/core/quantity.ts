/**
 * resource.Quantity values compared exactly: "1Gi", "1024Mi" and "1073741824" are one quantity.
 * The API server re-renders quantities in canonical form, so a preset's "1024Mi" comes back as
 * "1Gi" on reinvocation and must not look like a conflict.
 *
 * Quantities come from tenants' presets: a `1` followed by 200,000 zeros must cost no more than
 * `1Gi`, not seconds of a blocked event loop. Work is bounded by MAX_QUANTITY_LENGTH, which
 * presets are held to (docs/hostile-input.md).
 */

const QUANTITY = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:(Ki|Mi|Gi|Ti|Pi|Ei)|([numkMGTPE])|[eE]([+-]?\d+))?$/;
const BINARY_POWER: ReadonlyMap<string, number> = new Map([
  ['Ki', 1],
  ['Mi', 2],
  ['Gi', 3],
  ['Ti', 4],
  ['Pi', 5],
  ['Ei', 6],
]);
const DECIMAL_EXPONENT: ReadonlyMap<string, number> = new Map([
  ['n', -9],
  ['u', -6],
  ['m', -3],
  ['k', 3],
  ['M', 6],
  ['G', 9],
  ['T', 12],
  ['P', 15],
  ['E', 18],
]);

/**
 * The API server caps a quantity at 2^63-1 with at most nine decimal places: no such value needs
 * more than about 40 characters in any of its forms. 64 leaves room for leading zeros and signs.
 */
export const MAX_QUANTITY_LENGTH = 64;

/** quantityProblem says why `value` is not a quantity a preset may carry, or undefined. */
export function quantityProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined; // the schema types it; only strings are read here
  if (value.length > MAX_QUANTITY_LENGTH) {
    return `must be a quantity of at most ${MAX_QUANTITY_LENGTH} characters, not ${value.length}`;
  }
  return QUANTITY.test(value.trim()) ? undefined : 'must be a quantity such as 128Mi, 1G or 500m';
}

/**
 * canonicalQuantityValue compares a Quantity as YAML may hold it: `gpu: 1` and `gpu: "1"` are
 * one request (the API server decodes a Quantity from a JSON integer too). Anything else is
 * returned unchanged.
 */
export function canonicalQuantityValue(value: unknown): unknown {
  if (typeof value === 'string') return canonicalQuantity(value);
  return Number.isSafeInteger(value) ? canonicalQuantity(String(value)) : value;
}

/**
 * canonicalQuantity returns an exact, canonical rendering of a quantity's value
 * (`<integer>e<exponent>`, trailing zeros folded into the exponent), or the input unchanged
 * when it is not a quantity, so that invalid values still compare as plain strings.
 */
export function canonicalQuantity(quantity: string): string {
  // Past the length no stored quantity has, the text is compared as it is: BigInt arithmetic on
  // 200,000 digits is quadratic, and no API server ever sends such a value (it re-renders
  // quantities canonically); presets that hold one are invalid (quantityProblem).
  if (quantity.length > MAX_QUANTITY_LENGTH) return quantity;
  const match = QUANTITY.exec(quantity.trim());
  if (!match) return quantity;
  const [, sign, number, binary, decimal, exponent] = match;
  const [whole = '', fraction = ''] = number!.split('.');
  let digits = BigInt((whole + fraction).replace(/^0+(?=\d)/, '') || '0');
  let exp = -fraction.length;
  if (binary) digits *= 1024n ** BigInt(BINARY_POWER.get(binary)!);
  if (decimal) exp += DECIMAL_EXPONENT.get(decimal)!;
  if (exponent) exp += Number(exponent);
  if (digits === 0n) return '0';
  while (digits % 10n === 0n) {
    digits /= 10n;
    exp += 1;
  }
  return `${sign === '-' ? '-' : ''}${digits}e${exp}`;
}

/**
 * resource.Quantity values compared exactly: "1Gi", "1024Mi" and "1073741824" are one quantity.
 * The API server re-renders quantities in canonical form, so a preset's "1024Mi" comes back as
 * "1Gi" on reinvocation and must not look like a conflict.
 */

const QUANTITY = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:(Ki|Mi|Gi|Ti|Pi|Ei)|([numkMGTPE])|[eE]([+-]?\d+))?$/;
const BINARY_POWER: Readonly<Record<string, number>> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };
const DECIMAL_EXPONENT: Readonly<Record<string, number>> = {
  n: -9,
  u: -6,
  m: -3,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};

/**
 * canonicalQuantity returns an exact, canonical rendering of a quantity's value
 * (`<integer>e<exponent>`, trailing zeros folded into the exponent), or the input unchanged
 * when it is not a quantity, so that invalid values still compare as plain strings.
 */
export function canonicalQuantity(quantity: string): string {
  const match = QUANTITY.exec(quantity.trim());
  if (!match) return quantity;
  const [, sign, number, binary, decimal, exponent] = match;
  const [whole = '', fraction = ''] = number!.split('.');
  let digits = BigInt((whole + fraction).replace(/^0+(?=\d)/, '') || '0');
  let exp = -fraction.length;
  if (binary) digits *= 1024n ** BigInt(BINARY_POWER[binary]!);
  if (decimal) exp += DECIMAL_EXPONENT[decimal]!;
  if (exponent) exp += Number(exponent);
  if (digits === 0n) return '0';
  while (digits % 10n === 0n) {
    digits /= 10n;
    exp += 1;
  }
  return `${sign === '-' ? '-' : ''}${digits}e${exp}`;
}

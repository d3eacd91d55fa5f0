/** Durations as kubectl's flags take them (Go's time.ParseDuration, whole units): `5m`, `90s`, `1h30m`, `500ms`; `0` is no limit. */
import { UsageError } from './usage-error.js';

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const DURATION = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h))+$/;

/** parseDuration returns milliseconds (Infinity for `0`), or throws a UsageError naming the flag. */
export function parseDuration(flag: string, text: string): number {
  if (text === '0') return Infinity;
  if (!DURATION.test(text))
    throw new UsageError(`${flag} must be a duration such as 30s, 5m or 1h30m, not ${JSON.stringify(text)}`);
  let total = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g))
    total += Number(amount) * UNIT_MS[unit!]!;
  return total;
}

/** Pino output captured in memory: the real logger, a destination the test can read. */
import { createLogger, type Logger } from '../../src/observability/logger.js';

export interface CapturedLog {
  readonly logger: Logger;
  /** Every line written so far, parsed. */
  lines(): Record<string, unknown>[];
  /** Everything written so far, raw. */
  text(): string;
  /** The `msg` of every line so far. */
  messages(): string[];
}

/**
 * repeatedKeys returns the member names that some object of a JSON text has more than once.
 * JSON.parse keeps the last silently, log pipelines differ (Elasticsearch refuses the document),
 * so every captured line is checked for them.
 */
export function repeatedKeys(json: string): string[] {
  // One entry per open container: the keys seen so far of an object, undefined for an array.
  const open: Array<Set<string> | undefined> = [];
  const repeated: string[] = [];
  let expectKey = false;
  for (let i = 0; i < json.length; i++) {
    const c = json[i];
    if (c === '{' || c === '[') {
      open.push(c === '{' ? new Set() : undefined);
      expectKey = c === '{';
    } else if (c === '}' || c === ']') open.pop();
    else if (c === ',') expectKey = open.at(-1) !== undefined;
    else if (c === '"') {
      let end = i + 1;
      while (json[end] !== '"') end += json[end] === '\\' ? 2 : 1;
      const keys = open.at(-1);
      if (expectKey && keys) {
        const key = JSON.parse(json.slice(i, end + 1)) as string;
        if (keys.has(key)) repeated.push(key);
        keys.add(key);
      }
      expectKey = false;
      i = end;
    }
  }
  return repeated;
}

/** captureLog returns a logger at `level` writing into memory, and to `alsoWrite` when given. */
export function captureLog(level = 'info', alsoWrite?: (chunk: string) => void): CapturedLog {
  const chunks: string[] = [];
  const logger = createLogger(level, {
    write: (chunk: string) => {
      chunks.push(chunk);
      alsoWrite?.(chunk);
    },
  });
  const text = (): string => chunks.join('');
  const lines = (): Record<string, unknown>[] =>
    text()
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => {
        const repeated = repeatedKeys(line);
        if (repeated.length > 0) throw new Error(`log line repeats ${repeated.join(', ')}: ${line}`);
        return JSON.parse(line) as Record<string, unknown>;
      });
  return { logger, text, lines, messages: () => lines().map((line) => String(line['msg'])) };
}

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

/** captureLog returns a logger at `level` writing into memory. */
export function captureLog(level = 'info'): CapturedLog {
  const chunks: string[] = [];
  const logger = createLogger(level, { write: (chunk: string) => void chunks.push(chunk) });
  const text = (): string => chunks.join('');
  const lines = (): Record<string, unknown>[] =>
    text()
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, text, lines, messages: () => lines().map((line) => String(line['msg'])) };
}

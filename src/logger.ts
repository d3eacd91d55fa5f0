/**
 * The one root logger (pino, JSON lines). Created at the edge and passed down; the engine never
 * logs. Redaction is a second line of defence: log lines carry preset and key names, never env
 * values or patches, but a field added carelessly later must still not leak a secret.
 */
import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

export const REDACTED_PATHS = [
  '*.env[*].value',
  '*.patch[*].value',
  'patch[*].value',
  'request.object',
  'request.oldObject',
  '*.data',
  '*.stringData',
];

/** createLogger returns the root logger; tests pass an in-memory destination. */
export function createLogger(level = 'info', destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { name: 'podpreset' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}

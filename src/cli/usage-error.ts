/** UsageError is bad input or usage on the command line: exit code 2, a message, no stack trace. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

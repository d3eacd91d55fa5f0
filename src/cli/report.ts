/** How every CLI command names a problem on stderr: `podpreset: FILE#DOC (Kind ns/name): problem`. */
import type { InputProblem } from './inputs.js';
import { PROGRAM } from './program.js';

/** reportProblems writes one line per problem. */
export function reportProblems(
  stderr: NodeJS.WritableStream,
  { source, object, problems }: InputProblem,
): void {
  const what = object ? `${source} (${object})` : source;
  for (const problem of problems) stderr.write(`${PROGRAM}: ${what}: ${problem}\n`);
}

/**
 * The command as the user typed it. The package installs this program as `kubectl-podpreset`
 * too, and kubectl runs it as `kubectl podpreset …` (README, Quick start): help, usage errors
 * and the prefix of every message then name that command, so that what they say can be typed.
 */
import { basename } from 'node:path';

export const PROGRAM = basename(process.argv[1] ?? '').startsWith('kubectl-')
  ? 'kubectl podpreset'
  : 'podpreset';

const OWN = 'podpreset';

/**
 * asTyped rewrites a help text written for `podpreset` to `program`: the Usage line, and quoted
 * command references (`'podpreset stale'`); the Usage block's continuation lines move right by as
 * much, so the flags stay aligned under the first. Prose that names the product ("the podpreset
 * webhook") and label keys (`podpreset.dev/…`) are kept.
 */
export function asTyped(help: string, program: string = PROGRAM): string {
  if (program === OWN) return help;
  const usage = `Usage: ${OWN} `;
  const shift = ' '.repeat(program.length - OWN.length);
  let inUsage = false;
  return help
    .split('\n')
    .map((line) => {
      if (line.startsWith(usage)) {
        inUsage = true;
        return `Usage: ${program} ${line.slice(usage.length)}`;
      }
      if (inUsage && line.startsWith(' ')) return shift + line;
      inUsage = false;
      return line.replaceAll(`'${OWN} `, `'${program} `);
    })
    .join('\n');
}

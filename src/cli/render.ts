/**
 * Output formats of `podpreset preview` (PRODUCT §4). Data goes to stdout in the chosen format;
 * human notes (conflicts in yaml/patch output, skipped presets) go to stderr.
 */
import { createTwoFilesPatch } from 'diff';
import { stringify } from 'yaml';
import type { PreviewResult } from '../core/preview.js';

export const OUTPUT_FORMATS = ['diff', 'yaml', 'json', 'patch'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

const toYaml = (value: unknown): string => stringify(value, { lineWidth: 0 });

/** renderJson prints exactly one JSON document: `{"results": [...]}`. */
export function renderJson(results: readonly PreviewResult[]): string {
  return `${JSON.stringify({ results }, null, 2)}\n`;
}

/** renderYaml prints the resulting objects as multi-document YAML, ready for `kubectl apply -f -`. */
export function renderYaml(results: readonly PreviewResult[]): string {
  return results.map((result) => toYaml(result.object)).join('---\n');
}

/** renderPatch prints each input's JSON Patch as one JSON document (a stream of them for several inputs). */
export function renderPatch(results: readonly PreviewResult[]): string {
  return results.map((result) => `${JSON.stringify(result.patch, null, 2)}\n`).join('');
}

const COLOURS = {
  add: '\u001b[32m',
  remove: '\u001b[31m',
  header: '\u001b[1m',
  hunk: '\u001b[36m',
  reset: '\u001b[0m',
};

function colourLine(line: string): string {
  if (line.startsWith('+++') || line.startsWith('---')) return `${COLOURS.header}${line}${COLOURS.reset}`;
  if (line.startsWith('+')) return `${COLOURS.add}${line}${COLOURS.reset}`;
  if (line.startsWith('-')) return `${COLOURS.remove}${line}${COLOURS.reset}`;
  if (line.startsWith('@@')) return `${COLOURS.hunk}${line}${COLOURS.reset}`;
  return line;
}

/** describeResult is the one-line heading of a result: `Deployment shop/checkout: mutated`. */
export function describeResult(result: PreviewResult): string {
  return `${result.kind} ${result.namespace}/${result.name || '(no name)'}: ${result.outcome}`;
}

/**
 * renderDiff prints, per input, what happened and why, the presets applied, each conflict, and
 * a unified diff of the object's YAML. Colour only when `colour` is set (stdout is a terminal).
 */
export function renderDiff(
  results: readonly PreviewResult[],
  inputs: readonly unknown[],
  colour: boolean,
): string {
  return results
    .map((result, i) => {
      const lines = [`# ${describeResult(result)} (${result.reason})`];
      for (const preset of result.applied)
        lines.push(`#   applied ${preset.kind}/${preset.name} (resourceVersion ${preset.resourceVersion})`);
      for (const preset of result.skipped)
        lines.push(`#   skipped ${preset.kind}/${preset.name} (conflictPolicy SkipPreset)`);
      for (const conflict of result.conflicts)
        lines.push(`#   conflict: ${conflict.message} (${conflict.resolution})`);
      if (result.patch.length > 0) {
        const name = `${result.kind}/${result.name}`;
        const diff = createTwoFilesPatch(
          name,
          name,
          toYaml(inputs[i]),
          toYaml(result.object),
          'as written',
          'with presets',
          {
            context: 3,
          },
        );
        // Drop jsdiff's "Index:" and "=====" banner lines: the heading above already names the object.
        const body = diff
          .split('\n')
          .filter((line) => !/^=+$/.test(line) && !line.startsWith('Index: '))
          .join('\n');
        lines.push(colour ? body.split('\n').map(colourLine).join('\n') : body);
      }
      return `${lines.join('\n').trimEnd()}\n`;
    })
    .join('\n');
}

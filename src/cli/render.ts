/**
 * Output formats of `podpreset preview` (docs/SPEC.md §4). Data goes to stdout in the chosen format;
 * human notes (conflicts in yaml/patch output, skipped presets) go to stderr.
 */
import { createTwoFilesPatch } from 'diff';
import type { PreviewResult } from '../core/preview.js';
import { encodeYaml } from '../documents/encode.js';

export const OUTPUT_FORMATS = ['diff', 'yaml', 'json', 'patch'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** renderJson prints exactly one JSON document: `{"results": [...]}`. */
export function renderJson(results: readonly PreviewResult[]): string {
  return `${JSON.stringify({ results }, null, 2)}\n`;
}

/** renderYaml prints the resulting objects as multi-document YAML, ready for `kubectl apply -f -`. */
export function renderYaml(results: readonly PreviewResult[]): string {
  return results.map((result) => encodeYaml(result.object)).join('---\n');
}

/** renderPatch prints each input's JSON Patch as one JSON document (a stream of them for several inputs). */
export function renderPatch(results: readonly PreviewResult[]): string {
  return results.map((result) => `${JSON.stringify(result.patch, null, 2)}\n`).join('');
}

/** Styles text for the terminal: util.styleText bound to the output stream, or no style at all. */
export type Styler = (format: 'green' | 'red' | 'bold' | 'cyan', text: string) => string;

/** plain leaves text unstyled (files, pipes, NO_COLOR). */
export const plain: Styler = (_format, text) => text;

function colourLine(line: string, style: Styler): string {
  if (line.startsWith('+++') || line.startsWith('---')) return style('bold', line);
  if (line.startsWith('+')) return style('green', line);
  if (line.startsWith('-')) return style('red', line);
  if (line.startsWith('@@')) return style('cyan', line);
  return line;
}

/** describeResult is the one-line heading of a result: `Deployment shop/checkout: mutated`. */
export function describeResult(result: PreviewResult): string {
  return `${result.kind} ${result.namespace}/${result.name || '(no name)'}: ${result.outcome}`;
}

/**
 * renderDiff prints, per input, what happened and why, the presets applied, each conflict, and
 * a unified diff of the object's YAML, its lines styled by `style`.
 */
export function renderDiff(
  results: readonly PreviewResult[],
  inputs: readonly unknown[],
  style: Styler = plain,
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
          encodeYaml(inputs[i]),
          encodeYaml(result.object),
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
        lines.push(
          body
            .split('\n')
            .map((line) => colourLine(line, style))
            .join('\n'),
        );
      }
      return `${lines.join('\n').trimEnd()}\n`;
    })
    .join('\n');
}

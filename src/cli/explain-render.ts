/**
 * `podpreset explain` output. Text reads like `kubectl describe`: the object, then one block per
 * preset, matched ones first, labels aligned. JSON is the document POST /explain answers.
 */
import type { ExplainedItem } from '../core/explain-items.js';
import type { ExplainedPreset, ExplainResult } from '../core/explain.js';

export const EXPLAIN_FORMATS = ['text', 'json'] as const;
export type ExplainFormat = (typeof EXPLAIN_FORMATS)[number];

/** renderExplainJson prints exactly one JSON document: `{"results": [...]}`. */
export function renderExplainJson(results: readonly ExplainResult[]): string {
  return `${JSON.stringify({ results }, null, 2)}\n`;
}

const field = (indent: string, label: string, value: string): string =>
  `${indent}${`${label}:`.padEnd(12)}${value}`;

const presetName = (preset: ExplainedPreset): string =>
  `${preset.kind} ${preset.namespace === undefined ? '' : `${preset.namespace}/`}${preset.name}`;

function presetBlock(preset: ExplainedPreset): string[] {
  const lines = [`  ${presetName(preset)}`, field('    ', 'Matched', preset.matched ? 'yes' : 'no')];
  lines.push(field('    ', 'Reason', preset.reason));
  if (preset.annotation) {
    const { key, value, current } = preset.annotation;
    lines.push(field('    ', 'Annotation', `${key}=${value}${current ? ' (already on the object)' : ''}`));
  }
  if (preset.items && preset.items.length > 0) lines.push('    Items:', ...itemTable(preset.items));
  return lines;
}

const actionText = (item: ExplainedItem): string => {
  if (item.action === 'added') return 'added';
  const text = `${item.action === 'conflict' ? 'conflict' : 'already present'} with ${item.with ?? 'Pod'}`;
  return item.resolution ? `${text} (${item.resolution})` : text;
};

/** itemTable aligns the items in columns, as kubectl aligns a table. */
function itemTable(items: readonly ExplainedItem[]): string[] {
  const rows = [
    ['FIELD', 'CONTAINER', 'KEY', 'ACTION'],
    ...items.map((item) => [item.field, item.container ?? '-', item.key, actionText(item)]),
  ];
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map(
    (row) => `      ${row.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]!) : cell)).join('  ')}`,
  );
}

/** renderExplainText prints one describe-like block per object, a blank line between objects. */
export function renderExplainText(results: readonly ExplainResult[]): string {
  return results
    .map((result) => {
      const lines = [
        field('', 'Object', `${result.kind} ${result.namespace}/${result.name || '(no name)'}`),
        field('', 'Outcome', `${result.outcome} (${result.reason})`),
      ];
      if (result.presets.length === 0) lines.push(field('', 'Presets', '(no preset is a candidate)'));
      else lines.push('Presets:', ...result.presets.flatMap(presetBlock));
      return `${lines.join('\n')}\n`;
    })
    .join('\n');
}

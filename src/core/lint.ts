/**
 * lint: what is wrong with a set of presets before any Pod is created (docs/explain.md). Pure:
 * the CLI reads the presets (files or cluster) and prints; /validate asks about one new preset.
 * Severities and kinds are a fixed vocabulary CI jobs can filter on.
 */
import type { Conflict } from './conflicts.js';
import type { InvalidDocument } from './load.js';
import { applicationOrder, overlapOf, type KnownNamespaces, type Overlap } from './overlap.js';
import { presetRef, type CompiledPreset } from './preset.js';
import type { Labels, PresetRef } from './types.js';

export type Severity = 'error' | 'warning';
export const SEVERITIES: readonly Severity[] = ['warning', 'error'];
export type FindingKind = 'invalid' | 'overlapping-conflict' | 'matches-everything';

export interface Finding {
  readonly severity: Severity;
  readonly kind: FindingKind;
  readonly presets?: readonly PresetRef[];
  /** The file and document (or cluster object) an invalid preset came from. */
  readonly source?: string;
  readonly field?: string;
  readonly key?: string;
  readonly container?: string;
  /** Example Pod labels both presets of an overlapping-conflict select. */
  readonly labels?: Labels;
  readonly message: string;
}

const display = (ref: PresetRef): string =>
  `${ref.kind} ${ref.namespace === undefined ? '' : `${ref.namespace}/`}${ref.name}`;
const labelList = (labels: Labels): string => {
  const entries = Object.entries(labels);
  return entries.length === 0 ? 'any labels' : `labels ${entries.map(([k, v]) => `${k}=${v}`).join(',')}`;
};

/** A problem reads `spec.env[0].name: required`: its field is the path before the first colon. */
const FIELD_PATH = /^([A-Za-z][\w.[\]"/-]*): /;

/** invalidFindings turns presets that failed validation into one error per problem. */
export function invalidFindings(invalid: readonly InvalidDocument[]): Finding[] {
  return invalid.flatMap(({ source, object, ref, problems }) =>
    problems.map((problem): Finding => {
      const field = FIELD_PATH.exec(problem)?.[1];
      return {
        severity: 'error',
        kind: 'invalid',
        ...(ref ? { presets: [ref] } : {}),
        source,
        ...(field ? { field } : {}),
        message: `${source}${object ? ` (${object})` : ''}: ${problem}`,
      };
    }),
  );
}

/** matchesEverything warns of a ClusterPodPreset with an empty selector and no namespaceSelector. */
export function matchesEverything(preset: CompiledPreset): Finding | undefined {
  if (preset.kind !== 'ClusterPodPreset') return undefined;
  if (preset.selectorRequirements.length > 0 || preset.namespaceSelectorRequirements.length > 0)
    return undefined;
  return {
    severity: 'warning',
    kind: 'matches-everything',
    presets: [presetRef(preset)],
    message: `${display(presetRef(preset))} has an empty selector and no namespaceSelector: it applies to every Pod in every namespace the webhook sees`,
  };
}

/** What happens to the Pods both select, as the later preset's conflictPolicy resolves it. */
function consequence(overlap: Overlap, conflict: Conflict): string {
  const pods = `Pods with ${labelList(overlap.labels)} in namespace "${overlap.namespace}"`;
  switch (conflict.resolution) {
    case 'skip-preset':
      return `${pods} would get ${display(presetRef(overlap.presets[1]))} left out (conflictPolicy SkipPreset)`;
    case 'keep-existing':
      return `${pods} would keep ${display(presetRef(overlap.presets[0]))}'s item (conflictPolicy KeepExisting)`;
    case 'abort':
      return `${pods} would get no presets at all`;
  }
}

/**
 * overlapFindings describes each conflicting key of an overlap as one warning, once (the example
 * Pod may have several containers both reach). The container is named only where targeting
 * decides: otherwise the example's container stands for every container of any Pod.
 */
export function overlapFindings(overlap: Overlap): Finding[] {
  const presets = overlap.presets.map(presetRef);
  const seen = new Set<string>();
  return overlap.conflicts.flatMap((conflict): Finding[] => {
    const id = `${conflict.field}\u0000${conflict.key}`;
    if (seen.has(id)) return [];
    seen.add(id);
    const container = overlap.targetingDecides ? conflict.container : undefined;
    const where = container === undefined ? '' : ` in container ${JSON.stringify(container)}`;
    return [
      {
        severity: 'warning',
        kind: 'overlapping-conflict',
        presets,
        field: conflict.field,
        key: conflict.key,
        ...(container === undefined ? {} : { container }),
        labels: overlap.labels,
        message: `${display(presets[0]!)} and ${display(presets[1]!)} can select the same Pods and carry different ${conflict.field} items under ${JSON.stringify(conflict.key)}${where}: ${consequence(overlap, conflict)}`,
      },
    ];
  });
}

/**
 * lintPresets finds every problem of a set of presets: invalid ones (errors), pairs that can
 * select the same Pod and conflict, and ClusterPodPresets that select everything (warnings).
 */
export function lintPresets(
  presets: readonly CompiledPreset[],
  invalid: readonly InvalidDocument[],
  namespaces: KnownNamespaces,
): Finding[] {
  const ordered = [...presets].sort(applicationOrder);
  const findings = invalidFindings(invalid);
  for (const preset of ordered) {
    const finding = matchesEverything(preset);
    if (finding) findings.push(finding);
  }
  for (let i = 0; i < ordered.length; i++) {
    for (let j = i + 1; j < ordered.length; j++) {
      const overlap = overlapOf(ordered[i]!, ordered[j]!, namespaces);
      if (overlap) findings.push(...overlapFindings(overlap));
    }
  }
  return findings;
}

/** Warnings kubectl prints for one write; more would bury the first ones. */
const MAX_OVERLAP_WARNINGS = 10;

/**
 * overlapWarnings says, for a preset about to be created or updated, which existing presets it
 * would overlap-conflict with and which Pods would then get no presets: /validate's warnings in
 * cluster mode. The preset it replaces (same kind, namespace and name) is not compared.
 */
export function overlapWarnings(
  preset: CompiledPreset,
  existing: readonly CompiledPreset[],
  namespaces: KnownNamespaces,
): string[] {
  const same = (other: CompiledPreset): boolean =>
    other.kind === preset.kind && other.namespace === preset.namespace && other.name === preset.name;
  const messages = existing
    .filter((other) => !same(other))
    .sort(applicationOrder)
    .flatMap((other) => {
      const overlap = overlapOf(preset, other, namespaces);
      return overlap ? overlapFindings(overlap).map((finding) => finding.message) : [];
    });
  if (messages.length <= MAX_OVERLAP_WARNINGS) return messages;
  const more = messages.length - MAX_OVERLAP_WARNINGS;
  return [
    ...messages.slice(0, MAX_OVERLAP_WARNINGS),
    `and ${more} more overlapping conflicts: run podpreset lint`,
  ];
}

/** failing tells whether a finding is at or above the `--fail-on` severity. */
export const failing = (finding: Finding, threshold: Severity): boolean =>
  SEVERITIES.indexOf(finding.severity) >= SEVERITIES.indexOf(threshold);

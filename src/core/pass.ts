/**
 * The merge pass (docs/SPEC.md §2.5–2.10, §8): presets are taken in order, each compared with the Pod
 * as built so far (its own items plus what earlier presets added). Items already represented are
 * skipped; an item that differs from the one under its key is a conflict, and the preset's
 * conflictPolicy decides (§8.3): Abort leaves the whole Pod unchanged, SkipPreset leaves this
 * preset out as if it had not matched, KeepExisting leaves out only the conflicting items.
 * The all-or-nothing rule of §2.7 is Abort, not a special case.
 *
 * The Pod is never modified: lists are indexed by merge key lazily (most Pod items are never
 * compared), and the patch is written from what each list gained, against the object as received.
 * An optional observer hears every item's fate (for `explain`); without one, the pass does no
 * extra work.
 */
import { toConflict, type Conflict, type Resolution } from './conflicts.js';
import { fieldOf, type FieldDescriptor, type ItemField, type KeyedItem } from './fields/index.js';
import { isPlainObject } from './json.js';
import { KeyIndex } from './key-index.js';
import type { CompiledPreset } from './preset.js';
import type { PodSpec } from './types.js';

/** What happened to one item of one preset, as `explain` reports it (docs/SPEC.md §9). */
export interface ItemEvent {
  readonly preset: CompiledPreset;
  readonly field: ItemField;
  /** The container, for container-level items; absent for pod-level ones. */
  readonly container?: string;
  readonly key: string;
  readonly action: 'added' | 'already-present' | 'conflict';
  /** For a conflict or an item already present: the preset that put the other item there; absent for the Pod's own. */
  readonly with?: CompiledPreset;
}

/** Hears the pass; `resolved` tells what a preset's conflicts did once the preset is decided. */
export interface PassObserver {
  item(event: ItemEvent): void;
  resolved?(preset: CompiledPreset, resolution: Resolution | undefined): void;
}

interface Entry {
  readonly value: unknown;
  /** Computed on first comparison: most pod items are never compared with anything. */
  normalized: ReturnType<FieldDescriptor['normalize']> | undefined;
  readonly origin: CompiledPreset | undefined;
  readonly field: ItemField;
}

/** One list (or map) of the Pod being built: its own items, indexed on demand, and what presets add. */
export class ListState {
  readonly added: KeyedItem[] = [];
  readonly descriptor: FieldDescriptor;
  private index: KeyIndex<Entry> | undefined;

  constructor(
    readonly field: ItemField,
    /** The member as received, absent or malformed included: the patch is against it. */
    readonly existing: unknown,
    /** The index of lists that share the key space (initContainers with containers), when shared. */
    private readonly sharedIndex?: () => KeyIndex<Entry>,
  ) {
    this.descriptor = fieldOf(field);
  }

  entries(): KeyIndex<Entry> {
    if (this.sharedIndex) return this.sharedIndex();
    this.index ??= indexInto(new KeyIndex(), this.field, this.existing);
    return this.index;
  }
}

/** indexInto keys the items of one list of the Pod as received; the first item under an id keeps it. */
function indexInto(index: KeyIndex<Entry>, field: ItemField, member: unknown): KeyIndex<Entry> {
  const descriptor = fieldOf(field);
  for (const value of descriptor.itemsOf(member)) {
    const entry: Entry = { value, normalized: undefined, origin: undefined, field };
    for (const id of descriptor.ids(value)) if (!index.has(id)) index.set(id, entry);
  }
  return index;
}

/** A container of the Pod's own that container-level items may go to. */
export interface OwnContainer {
  readonly list: 'initContainers' | 'containers';
  readonly index: number;
  readonly name: string;
  readonly member: Record<string, unknown>;
  /** Its lists presets add to, by field (looked up per preset and field: no key string is built). */
  readonly states: Map<ItemField, ListState>;
}

export interface PassResult {
  /** Every conflict found, each with its resolution (all `abort` when the outcome is conflict). */
  readonly conflicts: Conflict[];
  /** Presets left out by SkipPreset; empty when aborted. */
  readonly skipped: CompiledPreset[];
  readonly aborted: boolean;
  /** What each list gained, by list; the caller writes the patch from it. */
  readonly lists: PodLists;
}

/** The lists of one Pod as the pass builds them. */
export class PodLists {
  readonly own: OwnContainer[] = [];
  private readonly podLists = new Map<string, ListState>();
  private containerIndex: KeyIndex<Entry> | undefined;

  constructor(
    readonly spec: PodSpec | undefined,
    /** Names of the containers presets bring: such a container is never the Pod's own (§8.1). */
    owned: ReadonlySet<string> | undefined,
  ) {
    for (const list of ['initContainers', 'containers'] as const) {
      const members = spec?.[list];
      if (!Array.isArray(members)) continue;
      members.forEach((member: unknown, index) => {
        if (!isPlainObject(member)) return;
        const name = typeof member['name'] === 'string' ? member['name'] : `#${index}`;
        if (!owned?.has(name)) this.own.push({ list, index, name, member, states: new Map() });
      });
    }
  }

  container(target: OwnContainer, field: ItemField): ListState {
    let state = target.states.get(field);
    if (!state) {
      state = new ListState(field, target.member[field]);
      target.states.set(field, state);
    }
    return state;
  }

  /** containerState returns a container list's state if any preset added to it. */
  containerState(target: OwnContainer, field: ItemField): ListState | undefined {
    return target.states.get(field);
  }

  pod(field: ItemField): ListState {
    let state = this.podLists.get(field);
    if (!state) {
      const spec = this.spec;
      state =
        fieldOf(field).keySpace === 'containers'
          ? new ListState(
              field,
              spec?.[field],
              () =>
                (this.containerIndex ??= indexInto(
                  indexInto(new KeyIndex(), 'initContainers', spec?.initContainers),
                  'containers',
                  spec?.containers,
                )),
            )
          : new ListState(field, spec?.[field]);
      this.podLists.set(field, state);
    }
    return state;
  }

  podState(field: ItemField): ListState | undefined {
    return this.podLists.get(field);
  }
}

const RESOLUTIONS: Readonly<Record<CompiledPreset['conflictPolicy'], Resolution>> = {
  Abort: 'abort',
  SkipPreset: 'skip-preset',
  KeepExisting: 'keep-existing',
};

type Pending = Omit<Conflict, 'resolution'>;

/** runPass merges `presets` (in application order) into `spec`, never modifying it. */
export function runPass(
  spec: PodSpec | undefined,
  presets: readonly CompiledPreset[],
  observer?: PassObserver,
): PassResult {
  let owned: Set<string> | undefined;
  for (const preset of presets) for (const name of preset.containerNames) (owned ??= new Set()).add(name);
  const lists = new PodLists(spec, owned);
  const conflicts: Conflict[] = [];
  const skipped: CompiledPreset[] = [];
  let aborted = false;

  for (const preset of presets) {
    const mine: Pending[] = [];
    const gained: Array<[ListState, KeyedItem]> = [];
    const merge = (state: ListState, item: KeyedItem, container: string | undefined): void => {
      const { descriptor } = state;
      const index = state.entries();
      let represented = false;
      let clashed = false;
      // An item has at most two keys: one entry found under both is compared once.
      let compared: Entry | undefined;
      for (const key of item.keys) {
        const entry = index.get(key.id);
        if (!entry || entry === compared) continue;
        compared = entry;
        if (entry.field === state.field) {
          entry.normalized ??= descriptor.normalize(entry.value as Record<string, unknown>);
          if (descriptor.represents(entry.normalized, item.normalized)) {
            represented = true;
            observer?.item(event(preset, state.field, container, key.key, 'already-present', entry.origin));
            continue;
          }
        }
        clashed = true;
        mine.push(toConflict(state.field, key, item.value, preset, entry.origin, container));
        observer?.item(event(preset, state.field, container, key.key, 'conflict', entry.origin));
      }
      if (represented || clashed) return;
      const entry: Entry = {
        value: item.value,
        normalized: item.normalized,
        origin: preset,
        field: state.field,
      };
      for (const key of item.keys) index.set(key.id, entry);
      gained.push([state, item]);
      if (observer)
        for (const key of item.keys) observer.item(event(preset, state.field, container, key.key, 'added'));
    };

    for (const { field, descriptor, items } of preset.fields) {
      if (descriptor.level === 'pod') {
        const state = lists.pod(field);
        for (const item of items) merge(state, item, undefined);
        continue;
      }
      for (const target of lists.own) {
        if (!preset.targets(target.name, target.list === 'initContainers')) continue;
        const state = lists.container(target, field);
        for (const item of items) merge(state, item, target.name);
      }
    }

    const resolution = mine.length > 0 ? RESOLUTIONS[preset.conflictPolicy] : undefined;
    if (resolution === 'skip-preset') {
      // Later presets are compared as if this one had not matched.
      for (const [state, item] of gained) for (const key of item.keys) state.entries().delete(key.id);
      skipped.push(preset);
    } else {
      // An aborting preset's other items still count, so that later conflicts are all reported (§2.7).
      for (const [state, item] of gained) state.added.push(item);
    }
    if (resolution === 'abort') aborted = true;
    for (const conflict of mine) conflicts.push({ ...conflict, resolution: resolution! });
    observer?.resolved?.(preset, resolution);
  }

  if (!aborted) return { conflicts, skipped, aborted, lists };
  return {
    conflicts: conflicts.map((conflict) =>
      conflict.resolution === 'abort' ? conflict : { ...conflict, resolution: 'abort' },
    ),
    skipped: [],
    aborted,
    lists,
  };
}

function event(
  preset: CompiledPreset,
  field: ItemField,
  container: string | undefined,
  key: string,
  action: ItemEvent['action'],
  other?: CompiledPreset,
): ItemEvent {
  return {
    preset,
    field,
    ...(container === undefined ? {} : { container }),
    key,
    action,
    ...(other ? { with: other } : {}),
  };
}

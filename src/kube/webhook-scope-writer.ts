/**
 * WebhookScopeWriter keeps the mutating webhook's namespaceSelector narrowed (--narrow-scope; the
 * pure half is webhook-scope.ts). The replica holding the leader Lease writes the list after
 * becoming leader, after preset and Namespace changes (debounced) and periodically (`kubectl
 * apply` of the manifests resets it); it writes only while the informers are in sync, since a
 * namespace whose presets it has not seen would be listed.
 *
 * Any replica widens the scope at once when /validate admits a preset that can apply in a listed
 * namespace (beforeAdmit), before the API server stores the preset; it remembers those namespaces
 * for a while, so that its own passes do not list them again before the preset arrives through
 * the informer. Errors are logged and retried by the next pass; admission never waits longer than
 * `widenTimeoutMs`.
 */
import { AdmissionregistrationV1Api, type KubeConfig } from '@kubernetes/client-node';
import type { PresetAdmissionHook } from '../admission/preset-admission.js';
import type { CompiledPreset } from '../core/preset.js';
import type { Logger } from '../observability/logger.js';
import type { ScopeMetrics } from '../observability/metrics.js';
import { JSON_PATCH, describeKubeError, httpStatusOf } from './client.js';
import type { KubePresetSource } from './informers.js';
import { LeaderPasses } from './leader-passes.js';
import { quietNamespaces, readScope, scopeChange, scopePatch, type WebhookScope } from './webhook-scope.js';

export interface WebhookScopeTiming {
  /** Wait after a preset or Namespace event before a pass, so a burst costs one pass. */
  readonly debounceMs: number;
  /** A pass also runs this often while leading: it puts back what `kubectl apply` reset. */
  readonly resyncMs: number;
  /** /validate admits a preset after at most this long, widened or not. */
  readonly widenTimeoutMs: number;
  /** A namespace widened for an admitted preset counts as having presets this long. */
  readonly pendingMs: number;
}

export const DEFAULT_SCOPE_TIMING: WebhookScopeTiming = {
  debounceMs: 200,
  resyncMs: 30_000,
  widenTimeoutMs: 2_000,
  pendingMs: 60_000,
};

export interface WebhookScopeWriterOptions {
  readonly kubeConfig: KubeConfig;
  /** The MutatingWebhookConfigurations to narrow (--webhook-config). */
  readonly names: readonly string[];
  readonly source: Pick<KubePresetSource, 'catalog' | 'isSynced' | 'onChange' | 'onNamespaceChange'>;
  readonly logger: Logger;
  readonly metrics: ScopeMetrics;
  readonly timing?: Partial<WebhookScopeTiming>;
  readonly now?: () => number;
}

interface Webhook {
  readonly name: string;
  readonly namespaceSelector?: unknown;
}

/** Lists in log lines are cut here (the counts are always there): a first pass may list thousands. */
const LOGGED_NAMES = 50;
const shown = (names: readonly string[]): readonly string[] =>
  names.length > LOGGED_NAMES ? names.slice(0, LOGGED_NAMES) : names;

export class WebhookScopeWriter implements PresetAdmissionHook {
  private readonly api: AdmissionregistrationV1Api;
  private readonly timing: WebhookScopeTiming;
  private readonly now: () => number;
  private readonly passes: LeaderPasses;
  private stopped = false;
  /** Namespaces widened for an admitted preset, and until when they count as having presets. */
  private readonly pending = new Map<string, number>();
  /** Warnings about the configuration are logged once each, not on every pass. */
  private readonly reported = new Set<string>();

  constructor(private readonly options: WebhookScopeWriterOptions) {
    this.api = options.kubeConfig.makeApiClient(AdmissionregistrationV1Api);
    this.timing = { ...DEFAULT_SCOPE_TIMING, ...options.timing };
    this.now = options.now ?? Date.now;
    this.passes = new LeaderPasses(() => this.pass(), this.timing.resyncMs);
    options.source.onChange(() => this.passes.schedule(this.timing.debounceMs));
    options.source.onNamespaceChange(() => this.passes.schedule(this.timing.debounceMs));
  }

  /** setLeader turns the passes on (one at once) or off. */
  setLeader(leading: boolean): void {
    this.passes.setLeader(leading);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.passes.stop();
  }

  /**
   * beforeAdmit drops from the list, at once, the namespaces where `preset` can apply and no
   * preset applies yet. It never rejects and never takes longer than widenTimeoutMs: a preset is
   * admitted anyway, and the elected replica's next pass drops the namespace once it is stored.
   */
  async beforeAdmit(preset: CompiledPreset): Promise<void> {
    const opened = this.namespacesOpenedBy(preset);
    if (opened.length === 0 || this.stopped) return;
    const until = this.now() + this.timing.pendingMs;
    for (const namespace of opened) this.pending.set(namespace, until);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.timing.widenTimeoutMs);
    });
    const fields = { preset: preset.label, presetNamespace: preset.namespace, namespaces: shown(opened) };
    try {
      const outcome = await Promise.race([this.widen(preset, opened), timeout]);
      if (outcome === 'timeout') {
        this.options.logger.warn(fields, 'webhook scope not widened in time; the elected replica widens it');
      }
    } catch (error) {
      this.options.logger.warn(
        { ...fields, error: describeKubeError(error) },
        'webhook scope not widened; the elected replica widens it',
      );
    } finally {
      clearTimeout(timer);
    }
  }

  /** The namespaces `preset` can apply in where nothing applies today: those that may be listed. */
  private namespacesOpenedBy(preset: CompiledPreset): string[] {
    const { catalog } = this.options.source;
    if (preset.kind === 'PodPreset') {
      const namespace = preset.namespace ?? '';
      return catalog.hasPresetsFor(namespace) ? [] : [namespace];
    }
    const opened: string[] = [];
    for (const [namespace, labels] of catalog.namespaces()) {
      if (preset.namespaceSelector(labels) && !catalog.hasPresetsFor(namespace)) opened.push(namespace);
    }
    return opened;
  }

  private async widen(preset: CompiledPreset, opened: readonly string[]): Promise<void> {
    const dropped = new Set(opened);
    const widenOnce = (): Promise<void> =>
      this.eachWebhook(async (name, index, webhook, scope) => {
        if (!scope.own || !scope.own.values.some((n) => dropped.has(n))) return;
        const wanted = scope.own.values.filter((n) => !dropped.has(n));
        await this.write(name, index, webhook, scope, wanted, 'preset', {
          preset: preset.label,
          presetNamespace: preset.namespace,
        });
      });
    // The leader may write between our read and our patch (its test operations then fail): read again.
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await widenOnce();
      } catch (error) {
        const status = httpStatusOf(error);
        if (attempt >= 3 || (status !== 409 && status !== 422)) throw error;
      }
    }
  }

  private async pass(): Promise<void> {
    if (!this.passes.isLeading) return;
    if (!this.options.source.isSynced()) {
      // Listing from a cache that misses presets would keep their namespaces from the webhook.
      this.options.logger.debug({}, 'webhook scope not narrowed while the informers reconnect');
      return;
    }
    const now = this.now();
    for (const [namespace, until] of this.pending) if (until <= now) this.pending.delete(namespace);
    const { catalog } = this.options.source;
    const mayApply = (namespace: string): boolean =>
      this.pending.has(namespace) || catalog.hasPresetsFor(namespace);
    try {
      await this.eachWebhook(async (name, index, webhook, scope) => {
        if (!this.passes.isLeading) return;
        const wanted = quietNamespaces(scope, catalog.namespaces(), mayApply);
        try {
          await this.write(name, index, webhook, scope, wanted, 'sync', {});
        } catch (error) {
          await this.widenOnly(name, index, webhook, scope, wanted, error);
        }
      });
    } catch (error) {
      this.options.logger.warn({ error: describeKubeError(error) }, 'webhook scope not updated');
      // A test operation failed (the selector changed since it was read) or the write was refused:
      // read it again soon rather than at the next resync.
      const status = httpStatusOf(error);
      if (status === 409 || status === 422) this.passes.schedule(this.timing.debounceMs);
    }
  }

  /**
   * widenOnly answers a refused write of `wanted` (other than a race, which is read again): it
   * still drops from the list what `wanted` no longer has, so a refused narrowing — a list too
   * long for the object (etcd's 1.5 MiB: about 23,000 namespaces) — never keeps a namespace that
   * now has presets away from the webhook. The refusal is then rethrown, to be logged.
   */
  private async widenOnly(
    name: string,
    index: number,
    webhook: Webhook,
    scope: WebhookScope,
    wanted: readonly string[],
    refusal: unknown,
  ): Promise<never> {
    const status = httpStatusOf(refusal);
    const keep = new Set(wanted);
    const kept = scope.own?.values.filter((n) => keep.has(n));
    if (status !== 409 && status !== 422 && kept && kept.length < (scope.own?.values.length ?? 0)) {
      await this.write(name, index, webhook, scope, kept, 'sync', {});
    }
    throw refusal;
  }

  /** eachWebhook reads each configuration and calls `visit` for every webhook whose scope can be narrowed. */
  private async eachWebhook(
    visit: (name: string, index: number, webhook: Webhook, scope: WebhookScope) => Promise<void>,
  ): Promise<void> {
    for (const name of this.options.names) {
      let configuration: { webhooks?: Webhook[] };
      try {
        // Plain JSON: the patch's test operations compare against what the server holds.
        configuration = JSON.parse(
          JSON.stringify(await this.api.readMutatingWebhookConfiguration({ name })),
        ) as { webhooks?: Webhook[] };
      } catch (error) {
        if (httpStatusOf(error) !== 404) throw error;
        this.reportOnce(
          `missing ${name}`,
          { name },
          'no MutatingWebhookConfiguration of this name to narrow',
        );
        continue;
      }
      this.reported.delete(`missing ${name}`);
      const webhooks = configuration.webhooks ?? [];
      for (const [index, webhook] of webhooks.entries()) {
        const scope = readScope(webhook.namespaceSelector);
        if (!scope.ok) {
          const problem = scope.error.join('; ');
          this.reportOnce(
            `${name} ${webhook.name} ${problem}`,
            { name, webhook: webhook.name, problem },
            'webhook scope not narrowed',
          );
          continue;
        }
        await visit(name, index, webhook, scope.value);
      }
    }
  }

  private async write(
    name: string,
    index: number,
    webhook: Webhook,
    scope: WebhookScope,
    wanted: readonly string[],
    trigger: 'sync' | 'preset',
    fields: Record<string, unknown>,
  ): Promise<void> {
    const body = scopePatch(index, webhook.name, scope, wanted);
    if (body.length > 0) {
      await this.api.patchMutatingWebhookConfiguration({ name, body }, JSON_PATCH);
      const { added, removed } = scopeChange(scope.own?.values ?? [], wanted);
      this.options.metrics.webhookScopeUpdates.inc({ webhook: webhook.name, trigger });
      this.options.logger.info(
        {
          ...fields,
          configuration: name,
          webhook: webhook.name,
          added: shown(added),
          removed: shown(removed),
          addedCount: added.length,
          removedCount: removed.length,
          namespaces: wanted.length,
        },
        trigger === 'preset' ? 'webhook scope widened for an admitted preset' : 'webhook scope updated',
      );
    }
    this.options.metrics.webhookScopeNamespaces.set({ webhook: webhook.name }, wanted.length);
  }

  private reportOnce(key: string, fields: Record<string, unknown>, message: string): void {
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.options.logger.warn(fields, message);
  }
}

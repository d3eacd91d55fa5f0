/**
 * CaBundleSync keeps `clientConfig.caBundle` of every webhook in the named Mutating- and
 * ValidatingWebhookConfigurations equal to the CA of the Secret-backed certificate (what
 * cert-manager's cainjector does when cert-manager is used). Each name is looked up as both
 * kinds; a kind that does not exist under that name is skipped. Checked at start, whenever the
 * certificate changes, and periodically, since `kubectl apply` of the manifests resets it.
 * Every replica may do this: they agree on the CA, and a JSON patch that tests the webhook's name
 * cannot write into the wrong entry if the list changed meanwhile.
 */
import {
  AdmissionregistrationV1Api,
  type KubeConfig,
  type V1MutatingWebhookConfiguration,
  type V1ValidatingWebhookConfiguration,
} from '@kubernetes/client-node';
import type { Logger } from '../observability/logger.js';
import { CoalescedRunner } from './coalesce.js';
import { JSON_PATCH, describeKubeError, httpStatusOf } from './client.js';

export interface CaBundleSyncOptions {
  readonly kubeConfig: KubeConfig;
  readonly names: readonly string[];
  readonly logger: Logger;
  /** The CA (PEM) the webhooks must trust; undefined while there is none yet. */
  readonly ca: () => string | undefined;
  readonly intervalMs?: number;
}

type WebhookConfiguration = V1MutatingWebhookConfiguration | V1ValidatingWebhookConfiguration;
type Kind = 'MutatingWebhookConfiguration' | 'ValidatingWebhookConfiguration';

/** caBundlePatch is the JSON patch that sets every webhook's caBundle to `caBundle`, or [] when all have it. */
export function caBundlePatch(configuration: WebhookConfiguration, caBundle: string): object[] {
  return (configuration.webhooks ?? []).flatMap((webhook, i) =>
    webhook.clientConfig.caBundle === caBundle
      ? []
      : [
          { op: 'test', path: `/webhooks/${i}/name`, value: webhook.name },
          { op: 'add', path: `/webhooks/${i}/clientConfig/caBundle`, value: caBundle },
        ],
  );
}

export class CaBundleSync {
  private readonly api: AdmissionregistrationV1Api;
  private timer: NodeJS.Timeout | undefined;
  private readonly runner = new CoalescedRunner(() => this.syncAll());
  private readonly reportedMissing = new Set<string>();

  constructor(private readonly options: CaBundleSyncOptions) {
    this.api = options.kubeConfig.makeApiClient(AdmissionregistrationV1Api);
  }

  start(): void {
    this.sync();
    this.timer = setInterval(() => this.sync(), this.options.intervalMs ?? 60_000);
  }

  /** sync runs one check now (or right after the one running); it never throws. */
  sync(): void {
    this.runner.trigger();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.runner.stop();
  }

  private async syncAll(): Promise<void> {
    const ca = this.options.ca();
    if (ca === undefined) return;
    const caBundle = Buffer.from(ca).toString('base64');
    for (const name of this.options.names) {
      let found = false;
      for (const kind of ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'] as const) {
        try {
          found = (await this.syncOne(kind, name, caBundle)) || found;
        } catch (error) {
          found = true;
          this.options.logger.warn({ kind, name, error: describeKubeError(error) }, 'caBundle not updated');
        }
      }
      if (!found && !this.reportedMissing.has(name)) {
        this.reportedMissing.add(name);
        this.options.logger.warn(
          { name },
          'no webhook configuration of this name; its caBundle cannot be kept',
        );
      } else if (found) {
        this.reportedMissing.delete(name);
      }
    }
  }

  /** syncOne patches one configuration if needed; false when it does not exist. */
  private async syncOne(kind: Kind, name: string, caBundle: string): Promise<boolean> {
    let configuration: WebhookConfiguration;
    try {
      configuration =
        kind === 'MutatingWebhookConfiguration'
          ? await this.api.readMutatingWebhookConfiguration({ name })
          : await this.api.readValidatingWebhookConfiguration({ name });
    } catch (error) {
      if (httpStatusOf(error) === 404) return false;
      throw error;
    }
    const body = caBundlePatch(configuration, caBundle);
    if (body.length === 0) return true;
    if (kind === 'MutatingWebhookConfiguration') {
      await this.api.patchMutatingWebhookConfiguration({ name, body }, JSON_PATCH);
    } else {
      await this.api.patchValidatingWebhookConfiguration({ name, body }, JSON_PATCH);
    }
    this.options.logger.info({ kind, name, webhooks: body.length / 2 }, 'caBundle patched');
    return true;
  }
}

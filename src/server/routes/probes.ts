/** GET /healthz, /readyz and /metrics: never logged, never counted. */
import type { RequestHandler } from 'express';
import type { ServerContext } from '../context.js';
import { NOT_READY_MESSAGE } from './mutate.js';

/** healthzRoute answers 200 while the process serves at all. */
export const healthzRoute = (): RequestHandler => (_req, res) => {
  res.type('text/plain').send('ok\n');
};

/** readyzRoute answers 200 once presets are loaded (or synced), 503 with the reason otherwise and while shutting down. */
export function readyzRoute(context: ServerContext): RequestHandler {
  return (_req, res) => {
    const reason = context.isShuttingDown()
      ? 'shutting down'
      : context.presets.isReady()
        ? undefined
        : NOT_READY_MESSAGE;
    res
      .status(reason ? 503 : 200)
      .type('text/plain')
      .send(`${reason ?? 'ok'}\n`);
  };
}

/** metricsRoute answers the Prometheus text format. */
export function metricsRoute(context: ServerContext): RequestHandler {
  const { registry } = context.metrics;
  return async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  };
}

/**
 * createApp builds the request listener of `podpreset serve`. The admission endpoints are served
 * on plain node:http (admission-handler.ts); express serves the rest: /preview, /explain, probes, metrics
 * and the JSON 404. It does not listen (https-server.ts does), so tests can wrap it as they like.
 */
import type { RequestListener } from 'node:http';
import express from 'express';
import { admissionHandler } from './admission-handler.js';
import type { ServerContext } from './context.js';
import { errorHandler, notFound } from './errors.js';
import {
  EXPLAIN_PATH,
  HEALTHZ_PATH,
  METRICS_PATH,
  MUTATE_PATH,
  PREVIEW_PATH,
  READYZ_PATH,
  VALIDATE_PATH,
} from './paths.js';
import { BUSY, limitInFlight } from './in-flight.js';
import { BODY_LIMIT } from './read-body.js';
import { reject } from './reject.js';
import { decideMutate } from './routes/mutate.js';
import { explainRoute } from './routes/explain.js';
import { PREVIEW_TYPES, previewRoute } from './routes/preview.js';
import { healthzRoute, metricsRoute, readyzRoute } from './routes/probes.js';
import { decideValidate } from './routes/validate.js';

/** The path of a request target, without its query. */
const pathOf = (url: string | undefined): string => {
  const query = url?.indexOf('?') ?? -1;
  return query < 0 ? (url ?? '') : url!.slice(0, query);
};

/** createApp wires the routes of docs/SPEC.md §4 over `context`. */
export function createApp(context: ServerContext): RequestListener {
  const admission: Record<string, RequestListener> = {
    [MUTATE_PATH]: admissionHandler(context, 'mutate', decideMutate(context)),
    [VALIDATE_PATH]: admissionHandler(context, 'validate', decideValidate(context)),
  };

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false); // answers are never cached; hashing every answer would only cost time
  app.use((_req, res, next) => {
    // While draining, every answer ends its connection so clients reconnect to another replica.
    if (context.isShuttingDown()) res.setHeader('Connection', 'close');
    next();
  });
  // Bytes, not text: the route decodes them strictly (express.text would turn bad UTF-8 into U+FFFD).
  const documents = express.raw({ limit: BODY_LIMIT, type: PREVIEW_TYPES });
  app.post(PREVIEW_PATH, documents, previewRoute(context));
  app.post(EXPLAIN_PATH, documents, explainRoute(context));
  app.get(HEALTHZ_PATH, healthzRoute());
  app.get(READYZ_PATH, readyzRoute(context));
  app.get(METRICS_PATH, metricsRoute(context));
  app.use(notFound());
  app.use(errorHandler(context));

  return limitInFlight(
    (req, res) => {
      const handler = req.method === 'POST' ? admission[pathOf(req.url)] : undefined;
      if (handler) handler(req, res);
      else app(req, res);
    },
    (_req, res) => reject(context, res, undefined, BUSY),
  );
}

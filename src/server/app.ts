/**
 * createApp builds the express application of `podpreset serve`: routes, body limits and the
 * error handler. It does not listen (https-server.ts does), so tests can wrap it as they like.
 */
import express, { type Express } from 'express';
import type { ServerContext } from './context.js';
import { BODY_LIMIT, errorHandler, notFound } from './errors.js';
import {
  HEALTHZ_PATH,
  METRICS_PATH,
  MUTATE_PATH,
  PREVIEW_PATH,
  READYZ_PATH,
  VALIDATE_PATH,
} from './paths.js';
import { mutateRoute } from './routes/mutate.js';
import { PREVIEW_TYPES, previewRoute } from './routes/preview.js';
import { healthzRoute, metricsRoute, readyzRoute } from './routes/probes.js';
import { validateRoute } from './routes/validate.js';

/** createApp wires the routes of PRODUCT §4 over `context`. */
export function createApp(context: ServerContext): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false); // answers are never cached; hashing every review would only cost time

  app.use((_req, res, next) => {
    // While draining, every answer ends its connection so clients reconnect to another replica.
    if (context.isShuttingDown()) res.setHeader('Connection', 'close');
    next();
  });

  const json = express.json({ limit: BODY_LIMIT, type: 'application/json' });
  const text = express.text({ limit: BODY_LIMIT, type: PREVIEW_TYPES });
  app.post(MUTATE_PATH, json, mutateRoute(context));
  app.post(VALIDATE_PATH, json, validateRoute(context));
  app.post(PREVIEW_PATH, text, previewRoute(context));
  app.get(HEALTHZ_PATH, healthzRoute());
  app.get(READYZ_PATH, readyzRoute(context));
  app.get(METRICS_PATH, metricsRoute(context));

  app.use(notFound());
  app.use(errorHandler(context));
  return app;
}

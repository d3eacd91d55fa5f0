/** POST /explain: the body /preview takes, `?namespace=`; the `podpreset explain -o json` document out. */
import type { RequestHandler } from 'express';
import { explainObject } from '../../core/explain.js';
import type { ServerContext } from '../context.js';
import { documentRoute } from './preview.js';

/** explainRoute answers POST /explain. */
export const explainRoute = (context: ServerContext): RequestHandler =>
  documentRoute(context, 'explain', explainObject);

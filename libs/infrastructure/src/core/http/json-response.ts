import type { Express, Response } from 'express';
import { stringifyJson } from '../json/json-text';

/**
 * Express's `res.json` on stringifyJson, installed once on the app's response prototype: a value
 * whose JSON text is known (a task's result, made on its worker thread) goes out as that text
 * instead of being stringified again on the main thread. Bytes, Content-Type and charset are
 * Express's own. The service sets none of Express's `json spaces`, `json replacer` or
 * `json escape`; an app that does keeps Express's `res.json`.
 */
export function installJsonResponses(app: Express): void {
  if (app.get('json spaces') || app.get('json replacer') || app.get('json escape')) return;
  app.response.json = function json(this: Response, body: unknown) {
    if (!this.get('Content-Type')) this.set('Content-Type', 'application/json');
    return this.send(stringifyJson(body));
  };
}

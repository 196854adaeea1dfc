import express from 'express';
import type { AddressInfo } from 'node:net';
import { withJsonText } from '../json/json-text';
import { installJsonResponses, sentJsonBody } from './json-response';

/** What an app answers on GET / with `body`, with Express's res.json or the installed one. */
async function answer(body: unknown, installed: boolean, contentType?: string) {
  const app = express();
  app.set('etag', false);
  if (installed) installJsonResponses(app);
  app.get('/', (_req, res) => {
    if (contentType) res.type(contentType);
    res.json(body);
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  try {
    const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    return {
      type: response.headers.get('content-type'),
      length: response.headers.get('content-length'),
      text: await response.text(),
    };
  } finally {
    server.close();
  }
}

describe('installJsonResponses', () => {
  const result = { series: Array.from({ length: 2_000 }, (_, i) => i / 7), name: 'é' };

  it.each([
    [
      'an envelope around a known text',
      () => ({ success: true, data: { result: withJsonText({ ...result }, JSON.stringify(result)) } }),
    ],
    ['a plain body', () => ({ success: true, data: { result } })],
    ['a string', () => 'text'],
    ['null', () => null],
  ])('answers %s with the bytes and headers of Express’s res.json', async (_name, body) => {
    expect(await answer(body(), true)).toEqual(await answer(body(), false));
  });

  it('keeps a Content-Type the route set, with the charset Express would add', async () => {
    const body = { data: withJsonText({ ...result }, JSON.stringify(result)) };
    expect(await answer(body, true, 'application/problem+json')).toEqual(
      await answer(body, false, 'application/problem+json'),
    );
  });

  it.each([
    ['the installed serialisation', {}],
    ['Express’s, kept for `json spaces`', { 'json spaces': 2 }],
  ])('keeps the value sent on the response, with %s', async (_name, settings) => {
    const app = express();
    for (const [name, value] of Object.entries(settings)) app.set(name, value);
    installJsonResponses(app);
    const sent: unknown[] = [];
    app.get('/', (_req, res) => {
      res.once('finish', () => sent.push(sentJsonBody(res)));
      res.json({ success: true, data: { id: 'm1' } });
    });
    app.get('/text', (_req, res) => {
      res.once('finish', () => sent.push(sentJsonBody(res)));
      res.send('plain');
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      expect(await (await fetch(`${base}/`)).json()).toEqual({ success: true, data: { id: 'm1' } });
      await (await fetch(`${base}/text`)).text();
      expect(sent).toEqual([{ success: true, data: { id: 'm1' } }, undefined]);
    } finally {
      server.close();
    }
  });
});

import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EmbeddingsClient, EmbeddingsError, parseEmbeddings } from './embeddings.client';

interface Received {
  method?: string;
  url?: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

/** A local server speaking the OpenAI embeddings protocol; `reply` decides each answer. */
async function startServer(reply: (body: { input: string[] }, res: ServerResponse) => void) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let data = '';
    req.on('data', (c) => (data += c));
    req.on('end', () => {
      const body = JSON.parse(data);
      received.push({ method: req.method, url: req.url, headers: req.headers, body });
      reply(body, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    received,
    baseUrl: `http://127.0.0.1:${port}/v1`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

describe('EmbeddingsClient against a local OpenAI-compatible server', () => {
  it('posts model and inputs to {baseUrl}/embeddings with the bearer key and returns vectors in input order', async () => {
    const srv = await startServer((body, res) =>
      // Answered out of order on purpose: the client must use `index`.
      json(res, 200, {
        object: 'list',
        data: body.input.map((t, i) => ({ object: 'embedding', index: i, embedding: [t.length, i] })).reverse(),
        model: 'm',
      }),
    );
    try {
      const client = new EmbeddingsClient({
        baseUrl: srv.baseUrl + '/',
        model: 'test-embed',
        apiKey: 'sk-test',
        timeoutMs: 2000,
      });
      expect(await client.embed(['ab', 'xyz'])).toEqual([
        [2, 0],
        [3, 1],
      ]);
      expect(srv.received).toHaveLength(1);
      expect(srv.received[0]).toMatchObject({
        method: 'POST',
        url: '/v1/embeddings',
        body: { model: 'test-embed', input: ['ab', 'xyz'] },
      });
      expect(srv.received[0].headers.authorization).toBe('Bearer sk-test');
      expect(srv.received[0].headers['content-type']).toBe('application/json');
    } finally {
      await srv.close();
    }
  });

  it('sends no authorization header without a key, and makes no request for no input', async () => {
    const srv = await startServer((body, res) =>
      json(res, 200, { data: body.input.map((_, i) => ({ index: i, embedding: [1] })) }),
    );
    try {
      const client = new EmbeddingsClient({ baseUrl: srv.baseUrl, model: 'm', timeoutMs: 2000 });
      expect(await client.embed([])).toEqual([]);
      expect(srv.received).toHaveLength(0);
      await client.embed(['a']);
      expect(srv.received[0].headers.authorization).toBeUndefined();
    } finally {
      await srv.close();
    }
  });

  it('reports an error status with the server message', async () => {
    const srv = await startServer((_b, res) => json(res, 401, { error: { message: 'bad key' } }));
    try {
      const client = new EmbeddingsClient({ baseUrl: srv.baseUrl, model: 'm', timeoutMs: 2000 });
      await expect(client.embed(['a'])).rejects.toThrow(/answered 401: .*bad key/);
    } finally {
      await srv.close();
    }
  });

  it('times out a server that does not answer', async () => {
    const srv = await startServer(() => undefined);
    try {
      const client = new EmbeddingsClient({ baseUrl: srv.baseUrl, model: 'm', timeoutMs: 100 });
      await expect(client.embed(['a'])).rejects.toThrow('timed out after 100 ms');
    } finally {
      await srv.close();
    }
  });

  it('rejects malformed answers', () => {
    expect(() => parseEmbeddings('nope', 1)).toThrow(EmbeddingsError);
    expect(() => parseEmbeddings(JSON.stringify({ data: [] }), 1)).toThrow('must hold 1 vectors');
    expect(() => parseEmbeddings(JSON.stringify({ data: [{ index: 0, embedding: ['x'] }] }), 1)).toThrow(
      'not a list of numbers',
    );
    expect(() =>
      parseEmbeddings(
        JSON.stringify({
          data: [
            { index: 0, embedding: [1] },
            { index: 1, embedding: [1, 2] },
          ],
        }),
        2,
      ),
    ).toThrow('mixes dimensions');
    expect(() =>
      parseEmbeddings(
        JSON.stringify({
          data: [
            { index: 0, embedding: [1] },
            { index: 0, embedding: [1] },
          ],
        }),
        2,
      ),
    ).toThrow('bad index');
  });
});

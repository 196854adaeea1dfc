import { createServer, Server, Socket } from 'node:net';

/**
 * A TCP proxy in front of the service that cuts its first connection right after `dropAfter` SSE
 * events have gone through (mid-stream, before `done`), and records each request's head.
 */
export class DroppingProxy {
  readonly heads: string[] = [];
  private readonly server: Server;
  private connections = 0;

  constructor(
    private readonly upstreamPort: number,
    private readonly dropAfter = 2,
  ) {
    this.server = createServer((client) => this.pipe(client));
  }

  listen(): Promise<number> {
    return new Promise((resolve) =>
      this.server.listen(0, '127.0.0.1', () => resolve((this.server.address() as { port: number }).port)),
    );
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private pipe(client: Socket): void {
    const index = this.connections++;
    const upstream = new Socket().connect(this.upstreamPort, '127.0.0.1');
    client.on('data', (chunk: Buffer) => {
      this.heads.push(chunk.toString('latin1').split('\r\n\r\n')[0]);
      upstream.write(chunk);
    });
    let seen = '';
    upstream.on('data', (chunk: Buffer) => {
      if (index > 0) return void client.write(chunk);
      seen += chunk.toString('latin1');
      const second = nthIndex(seen, '\nid: ', this.dropAfter);
      const end = second < 0 ? -1 : seen.indexOf('\n\n', second);
      if (end < 0) return void client.write(chunk);
      // Forward up to the end of the last event let through, then drop both sides.
      const already = seen.length - chunk.length;
      client.write(Buffer.from(seen.slice(already, end + 2), 'latin1'), () => {
        client.destroy();
        upstream.destroy();
      });
    });
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
  }
}

function nthIndex(text: string, needle: string, n: number): number {
  let at = -1;
  for (let i = 0; i < n; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) return -1;
  }
  return at;
}

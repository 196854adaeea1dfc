import { execFileSync } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChildApp, spawnService, startService } from './support/child-app';

jest.setTimeout(60_000);

describe('the built service as a process', () => {
  const children: ChildApp[] = [];
  afterEach(() => {
    for (const child of children.splice(0)) if (child.proc.exitCode === null) child.proc.kill('SIGKILL');
  });

  it('finishes an in-flight request on SIGTERM, then exits 0', async () => {
    const child = await startService({ SHUTDOWN_TIMEOUT_MS: '5000' });
    children.push(child);
    const agent = { name: 'in-flight', kind: 'external', capabilities: ['news'], metadata: { pad: 'x'.repeat(2000) } };
    const body = JSON.stringify(agent);
    let signalledAt = Infinity;
    // A request whose body trickles in (to a route that reads one): in flight when SIGTERM arrives.
    const response = new Promise<{ status: number; body: string; at: number }>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port: child.port,
          path: '/api/v1/agents',
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, at: Date.now() }));
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, 1000));
      setTimeout(() => {
        signalledAt = Date.now();
        child.proc.kill('SIGTERM');
        setTimeout(() => req.end(body.slice(1000)), 800);
      }, 300);
    });
    const result = await response;
    expect(result.status).toBe(201);
    expect(JSON.parse(result.body).data.name).toBe('in-flight');
    expect(result.at - signalledAt).toBeGreaterThanOrEqual(800);
    expect(await child.exited).toBe(0);
    expect(child.output()).toContain('Shutdown complete');
  });

  it('stops with exit code 1 and names the setting for a bad PORT', async () => {
    const child = spawnService({ PORT: 'eighty' });
    children.push(child);
    expect(await child.exited).toBe(1);
    expect(child.output()).toContain('service.port (from env PORT): received "eighty"; must be an integer number');
  });

  it('stops with exit code 1 and names the setting for a bad YAML value', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aio-cfg-'));
    const file = join(dir, 'override.yml');
    writeFileSync(file, 'monitoring:\n  health:\n    diskThreshold: 7\n');
    const child = spawnService({ CONFIG_FILE: file });
    children.push(child);
    expect(await child.exited).toBe(1);
    expect(child.output()).toContain(
      `monitoring.health.diskThreshold (from ${file}): received 7; must not be greater than 1`,
    );
  });

  it('refuses to start in production without API keys or a JWT secret', async () => {
    const child = spawnService({ NODE_ENV: 'production' });
    children.push(child);
    expect(await child.exited).toBe(1);
    expect(child.output()).toMatch(/production/i);
    expect(child.output()).toMatch(/API_KEYS|JWT_SECRET/);
  });

  it('refuses to start in production with a 1-byte JWT_SECRET', async () => {
    const child = spawnService({ NODE_ENV: 'production', JWT_SECRET: 'k' });
    children.push(child);
    expect(await child.exited).toBe(1);
    expect(child.output()).toMatch(/Refusing to start: JWT_SECRET is shorter than 32 bytes/);
  });

  it('starts in production with AUTH_DISABLED=true, logging a warning', async () => {
    const child = await startService({ NODE_ENV: 'production', AUTH_DISABLED: 'true' });
    children.push(child);
    expect(child.output()).toMatch(/"level":"warn".*[Aa]uth/);
  });

  it('serves HTTPS when TLS_CERT_PATH and TLS_KEY_PATH are set', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aio-tls-'));
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    const child = await startService({ TLS_CERT_PATH: cert, TLS_KEY_PATH: key });
    children.push(child);
    const result = await new Promise<{ status: number; body: string; hsts?: string }>((resolve, reject) => {
      httpsRequest({ host: '127.0.0.1', port: child.port, path: '/health/live', ca: readFileSync(cert) }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: text,
            hsts: res.headers['strict-transport-security'] as string | undefined,
          }),
        );
      })
        .on('error', reject)
        .end();
    });
    expect(result.status).toBe(200);
    expect(JSON.parse(result.body).success).toBe(true);
    expect(result.hsts).toMatch(/max-age=/);
  });
});

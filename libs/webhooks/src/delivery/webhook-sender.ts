import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import type { VettedTarget } from '../security/url-guard';

/** What one POST came to: the status (null when no answer came) and, on failure, why. */
export interface SendResult {
  statusCode: number | null;
  error: string | null;
}

/** Characters of a failing answer's body kept in the delivery log. */
const ERROR_BODY_CHARS = 200;

/**
 * One POST to a vetted target, connecting to the address the guard checked (the URL's host still
 * names the server for TLS and the Host header). No redirects are followed: a 3xx is a failure,
 * since following it would reach an address nobody checked.
 */
export function sendWebhook(
  target: VettedTarget,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<SendResult> {
  const pinned: LookupFunction = (_host, options, callback) => {
    if ((options as { all?: boolean }).all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
  const request = target.url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    const req = request(
      target.url,
      {
        method: 'POST',
        lookup: pinned,
        timeout: timeoutMs,
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          'user-agent': 'ai-orchestration-webhooks/1',
        },
      },
      (res) => {
        const status = res.statusCode ?? 0;
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (text.length < ERROR_BODY_CHARS) text += chunk;
        });
        res.on('end', () =>
          resolve(
            status >= 200 && status < 300
              ? { statusCode: status, error: null }
              : { statusCode: status, error: `HTTP ${status}${text ? `: ${text.slice(0, ERROR_BODY_CHARS)}` : ''}` },
          ),
        );
        res.on('error', (err) => resolve({ statusCode: status, error: err.message }));
      },
    );
    // One bound for the whole attempt: connect, send and the answer.
    const timer = setTimeout(() => req.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    req.on('error', (err) => resolve({ statusCode: null, error: err.message }));
    req.on('close', () => clearTimeout(timer));
    req.end(body);
  });
}

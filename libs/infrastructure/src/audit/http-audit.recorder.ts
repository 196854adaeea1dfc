import { Injectable, Optional } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { sentJsonBody } from '../core/http/json-response';
import { SecretRedactor } from '../core/redaction/secret-redactor';
import { routeTemplateOf } from '../core/logging/request-logging';
import { Authenticator } from '../security/authenticator';
import { getRequestPrincipal, type Principal } from '../security/principal';
import { AuditWriter } from './audit-writer';
import { isAudited, locationId, requestEntry, responseFacts, type ResponseFacts } from './http-audit';

/**
 * Express middleware that puts requests into the audit trail. Installed before every refusal
 * (the IP allow-list runs as Express middleware, before Nest), it watches each response and, once
 * the response is done, queues an entry for every 401, every 403 and every POST/PUT/PATCH/DELETE.
 * What the answer said (error code, created id) is read from the body sent (sentJsonBody).
 * Nothing is written on the request path: the entry goes to the AuditWriter's queue.
 */
@Injectable()
export class HttpAuditRecorder {
  constructor(
    private readonly writer: AuditWriter,
    private readonly redactor: SecretRedactor,
    @Optional() private readonly authenticator?: Authenticator,
  ) {}

  readonly middleware = (req: Request, res: Response, next: NextFunction): void => {
    if (!this.writer.enabled) return next();
    res.once('close', () => {
      if (!isAudited(req.method, res.statusCode)) return;
      this.writer.enqueue(this.entryFor(req, res, responseFacts(sentJsonBody(res))));
    });
    next();
  };

  private entryFor(req: Request, res: Response, facts: ResponseFacts) {
    const route = routeTemplateOf(req);
    const redactedUrl = this.redactor.maskText(req.originalUrl ?? req.url);
    // Path values are the client's: a configured secret put in a path is blanked there too.
    const params = Object.entries((req.params ?? {}) as Record<string, string>).map(([name, value]) => [
      name,
      this.redactor.maskText(String(value)),
    ]);
    return requestEntry(
      {
        method: req.method,
        route: route === 'unmatched' ? null : route,
        path: redactedUrl.split('?')[0],
        redactedUrl,
        params: Object.fromEntries(params),
        status: res.statusCode,
        finished: res.writableFinished,
        principal: this.principalOf(req),
        requestId: typeof (req as { id?: unknown }).id === 'string' ? (req as unknown as { id: string }).id : null,
        sourceIp: req.ip ?? req.socket?.remoteAddress ?? null,
        locationId: locationId(res.getHeader('location')),
        facts,
        headers: req.headers,
      },
      new Date(),
    );
  }

  /** Whom the guards identified; for requests refused before them, whom the credentials name. */
  private principalOf(req: Request): Principal | null {
    const attached = getRequestPrincipal(req);
    if (attached) return attached;
    const result = this.authenticator?.identify(req);
    return result?.kind === 'ok' ? result.principal : null;
  }
}

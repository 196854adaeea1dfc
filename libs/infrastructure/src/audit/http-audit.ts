import type { IncomingHttpHeaders } from 'node:http';
import type { AuditLogEntryInput, AuditOutcome } from './audit-log.types';
import type { Principal } from '../security/principal';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const MAX_PATH_CHARS = 500;

/** What the response body said that the trail keeps: the error code and reason, or the created id. */
export interface ResponseFacts {
  errorCode?: string;
  reason?: string;
  createdId?: string;
}

/** One finished (or abandoned) request, as the audit trail sees it. */
export interface AuditedRequest {
  method: string;
  /** The route template the router matched (`/api/v1/ai-orchestration/tasks/:id`); null when none did. */
  route: string | null;
  /** The path without its query string, redacted. */
  path: string;
  /** Path and query string, already redacted. */
  redactedUrl: string;
  /** Path parameters, redacted. */
  params: Record<string, string>;
  status: number;
  /** False when the client went away before the answer was complete. */
  finished: boolean;
  principal: Principal | null;
  requestId: string | null;
  sourceIp: string | null;
  /** The id in the Location header (the created resource), if any. */
  locationId: string | null;
  facts: ResponseFacts;
  headers: IncomingHttpHeaders;
}

/** Authentication failures, refusals and every state-changing request, whatever its outcome. */
export function isAudited(method: string, status: number): boolean {
  return status === 401 || status === 403 || WRITE_METHODS.has(method.toUpperCase());
}

export function outcomeOf(status: number, finished: boolean): AuditOutcome {
  if (!finished) return 'aborted';
  if (status === 401 || status === 403) return 'denied';
  return status < 400 ? 'success' : 'failure';
}

/** The kind of credentials a request carried (never the credentials themselves). */
export function credentialKind(headers: IncomingHttpHeaders): string {
  if (headers['x-api-key'] !== undefined) return 'api-key';
  const authorization = headers.authorization;
  if (typeof authorization !== 'string' || authorization.trim() === '') return 'none';
  const scheme = authorization.trim().split(/\s+/)[0].toLowerCase();
  return scheme === 'bearer' ? 'bearer' : scheme === 'apikey' ? 'api-key' : 'other';
}

/** Reads the envelope a route answered with: the error code and reason, or the id of what it made. */
export function responseFacts(body: unknown): ResponseFacts {
  if (!body || typeof body !== 'object') return {};
  const envelope = body as {
    success?: unknown;
    data?: { id?: unknown };
    error?: { code?: unknown; details?: { reason?: unknown } };
  };
  if (envelope.success === false) {
    const facts: ResponseFacts = {};
    if (typeof envelope.error?.code === 'string') facts.errorCode = envelope.error.code;
    if (typeof envelope.error?.details?.reason === 'string') facts.reason = envelope.error.details.reason;
    return facts;
  }
  const id = envelope.data?.id;
  return envelope.success === true && typeof id === 'string' ? { createdId: id } : {};
}

/** The id a Location header points at: its last path segment. */
export function locationId(location: unknown): string | null {
  if (typeof location !== 'string' || location === '') return null;
  const path = location.split(/[?#]/)[0].replace(/\/+$/, '');
  const last = path.slice(path.lastIndexOf('/') + 1);
  return last ? decodeURIComponentSafely(last) : null;
}

/**
 * The target: the created resource (Location, or the id a successful POST answered with), else
 * the resource the path names (`:id`, or the last path parameter).
 */
function targetOf(request: AuditedRequest): string | null {
  if (request.locationId) return request.locationId;
  const params = Object.entries(request.params);
  const fromPath = request.params.id ?? params[params.length - 1]?.[1];
  if (fromPath) return fromPath;
  if (request.method === 'POST' && request.status < 300) return request.facts.createdId ?? null;
  return null;
}

/**
 * The audit entry for a request: who (principal, tenant, source address), what (method and route
 * template, or the path when no route matched), on what (target), how it ended (status and
 * outcome) and under which request id. Never the body; the query string only redacted.
 */
export function requestEntry(request: AuditedRequest, at: Date): AuditLogEntryInput {
  const target = targetOf(request);
  const paramValues = Object.values(request.params);
  const url = request.redactedUrl;
  const path = url.length > MAX_PATH_CHARS ? `${url.slice(0, MAX_PATH_CHARS)}…` : url;
  const details: Record<string, unknown> = { path };
  // The path parameters, unless the target already is the only one.
  if (paramValues.length > 1 || (paramValues.length === 1 && paramValues[0] !== target)) {
    details.params = request.params;
  }
  if (request.facts.errorCode) details.errorCode = request.facts.errorCode;
  if (request.facts.reason) details.reason = request.facts.reason;
  if (request.status === 401 || request.status === 403) details.credentials = credentialKind(request.headers);
  if (request.principal) details.role = request.principal.role;
  return {
    at,
    principalId: request.principal?.id ?? null,
    tenant: request.principal?.tenant ?? null,
    action: `${request.method.toUpperCase()} ${request.route ?? request.path}`,
    target,
    status: request.status,
    outcome: outcomeOf(request.status, request.finished),
    requestId: request.requestId,
    sourceIp: request.sourceIp,
    details,
  };
}

function decodeURIComponentSafely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

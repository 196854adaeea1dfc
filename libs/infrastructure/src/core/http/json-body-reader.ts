import { isUtf8 } from 'node:buffer';
import type { Readable, Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { AppError } from '../errors/app-error';
import { withJsonSource } from '../json/json-text';
import { JsonMemberRange, JsonShapeLimits, JsonShapeProblem, JsonShapeScanner } from './json-shape-scanner';
import { nextTurn } from './event-loop-turn';
import { parseJsonInSlices } from './sliced-json';

/** The size limit of one route, and the setting it comes from (named in the 413). */
export interface BodySizeLimit {
  bytes: number;
  setting: string;
}

export interface JsonBodyOptions {
  limit: BodySizeLimit;
  shape: JsonShapeLimits;
}

const DECODERS: Record<string, () => Transform> = {
  gzip: createGunzip,
  'x-gzip': createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

/** `512kb`, `5mb`, `100b` (the BODY_LIMIT format) in bytes; k and m are 1024-based. */
export function parseByteSize(text: string): number {
  const match = /^(\d+)(b|kb|mb)$/i.exec(text.trim());
  if (!match) throw new Error(`not a size: ${text}`);
  return Number(match[1]) * { b: 1, kb: 1024, mb: 1024 * 1024 }[match[2].toLowerCase() as 'b' | 'kb' | 'mb'];
}

/**
 * Reads a JSON request body and sets `req.body`, refusing early and cheaply:
 * 415 for a body whose Content-Type is missing or not JSON (or not UTF-8) and for an unknown
 * Content-Encoding; 413 over the size limit (from Content-Length before reading, else as bytes
 * arrive, decompressed bytes included); 400 for a body that is not valid gzip/deflate/br, whose
 * nesting, array lengths, key counts or string lengths exceed the shape limits (checked on each
 * chunk as it arrives, so a 5 MB hostile body is refused without being parsed), that is not
 * UTF-8, holds NUL or unpaired surrogates, or is not JSON. A refused body is drained, not parsed.
 */
export function jsonBodyReader(options: JsonBodyOptions): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (!hasBody(req)) return next();
    const refusal = refuseHeaders(req, options.limit);
    if (refusal) {
      req.resume();
      return next(refusal);
    }
    readBody(req, options, next);
  };
}

/** A request has a body when it is chunked or declares a non-zero length. */
function hasBody(req: Request): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return true;
  const length = req.headers['content-length'];
  return length !== undefined && length !== '0';
}

function refuseHeaders(req: Request, limit: BodySizeLimit): AppError | undefined {
  const contentType = req.headers['content-type'];
  if (!contentType) {
    const message = 'The request has a body but no Content-Type; send application/json';
    return new AppError('UNSUPPORTED_MEDIA_TYPE', message, { contentType: null });
  }
  const [mediaType, ...parameters] = contentType.split(';').map((part) => part.trim().toLowerCase());
  if (mediaType !== 'application/json' && !/^application\/[a-z0-9.!#$&^_-]+\+json$/.test(mediaType)) {
    const message = `Content-Type ${mediaType} is not supported; send application/json`;
    return new AppError('UNSUPPORTED_MEDIA_TYPE', message, { contentType: mediaType });
  }
  const charset = parameters
    .find((p) => p.startsWith('charset='))
    ?.slice('charset='.length)
    .replace(/^"|"$/g, '');
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    return new AppError('UNSUPPORTED_MEDIA_TYPE', `Charset ${charset} is not supported; send UTF-8`, { charset });
  }
  const encoding = contentEncoding(req);
  if (encoding !== 'identity' && !(encoding in DECODERS)) {
    const message = `Content-Encoding ${encoding} is not supported; send identity, gzip, deflate or br`;
    return new AppError('UNSUPPORTED_MEDIA_TYPE', message, { contentEncoding: encoding });
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit.bytes) return tooLarge(limit);
  return undefined;
}

function contentEncoding(req: Request): string {
  return (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase() || 'identity';
}

function tooLarge(limit: BodySizeLimit): AppError {
  return new AppError(
    'PAYLOAD_TOO_LARGE',
    `Request body exceeds the ${limit.bytes}-byte limit of this route (${limit.setting})`,
    { limitBytes: limit.bytes, setting: limit.setting },
  );
}

function shapeError(problem: JsonShapeProblem): AppError {
  const fields = [{ field: problem.field, message: problem.message }];
  const details = problem.limit ? { fields, limit: problem.limit } : { fields };
  return new AppError('VALIDATION_FAILED', `${problem.field}: ${problem.message}`, details);
}

function readBody(req: Request, options: JsonBodyOptions, next: NextFunction): void {
  const encoding = contentEncoding(req);
  const decoder = encoding === 'identity' ? undefined : DECODERS[encoding]();
  const source: Readable = decoder ? req.pipe(decoder) : req;
  const scanner = new JsonShapeScanner(options.shape);
  const chunks: Buffer[] = [];
  let received = 0;
  let settled = false;

  const finish = (error?: unknown) => {
    if (settled) return;
    settled = true;
    source.removeListener('data', onData);
    source.removeListener('end', onEnd);
    if (error) {
      if (decoder) {
        req.unpipe(decoder);
        decoder.destroy();
      }
      // Drained, not parsed: the client still gets the answer on this connection.
      req.resume();
      return next(error);
    }
    next();
  };
  const onData = (chunk: Buffer) => {
    received += chunk.length;
    if (received > options.limit.bytes) return finish(tooLarge(options.limit));
    const problem = scanner.write(chunk);
    if (problem) return finish(shapeError(problem));
    chunks.push(chunk);
  };
  const onEnd = () => {
    // A body waits for its turn before it is parsed and handed to its route. Turns go one per
    // event-loop iteration in arrival order, so a burst of bodies that all end in one poll is
    // served first come, first served, with sockets polled between them, instead of every route
    // running in that one iteration while new connections and probes wait (64 connections of
    // 48 KB tasks: p99 5 s, max 8 s before; about the mean wait after).
    // Nest's ValidationPipe strips prototype keys too, but free-form fields now bypass its copy.
    const bytes = Buffer.concat(chunks, received);
    nextTurn()
      .then(() => parseJson(bytes, options.shape, scanner.hasPrototypeKeys, scanner.memberRanges))
      .then(
        (body) => {
          req.body = body;
          finish();
        },
        (err: unknown) => finish(err),
      );
  };
  source.on('data', onData);
  source.once('end', onEnd);
  if (decoder) {
    let compressed = 0;
    req.on('data', (chunk: Buffer) => {
      compressed += chunk.length;
      if (compressed > options.limit.bytes) finish(tooLarge(options.limit));
    });
    decoder.once('error', (err: Error) => {
      const message = `Request body is not valid ${encoding} data (Content-Encoding: ${encoding})`;
      finish(new AppError('VALIDATION_FAILED', message, { contentEncoding: encoding, reason: err.message }));
    });
  }
  req.once('error', () => finish(requestAborted()));
  req.once('close', () => {
    if (!req.complete) finish(requestAborted());
  });
}

function requestAborted(): AppError {
  return new AppError('VALIDATION_FAILED', 'Request body was aborted');
}

/**
 * Decodes and parses a body the scanner let through (an empty body is `{}`, as with body-parser),
 * in slices that leave the event loop free, dropping prototype keys when the scanner saw some.
 */
async function parseJson(
  bytes: Buffer,
  shape: JsonShapeLimits,
  stripPrototypeKeys: boolean,
  members: readonly JsonMemberRange[],
): Promise<unknown> {
  if (!isUtf8(bytes)) {
    // Rare: scan again, checking every byte, to name the string that holds the bad bytes.
    const scanner = new JsonShapeScanner(shape, { utf8: true });
    const problem = scanner.write(bytes) ?? scanner.end();
    throw AppError.validation([problem ?? { field: '(body)', message: 'is not valid UTF-8' }]);
  }
  const text = bytes.toString('utf8');
  const first = /\S/.exec(text)?.[0];
  if (first === undefined) return {};
  if (first !== '{' && first !== '[') throw notJson('the body must be a JSON object or array');
  let body: unknown;
  try {
    body = await parseJsonInSlices(text, { stripPrototypeKeys });
  } catch (err) {
    throw notJson((err as Error).message);
  }
  // Stripped keys would still be in the text, so then the values are serialised as before.
  if (!stripPrototypeKeys) keepMemberSources(body, bytes, members);
  return body;
}

/**
 * Each object or array member of the root object remembers its text in the body (read only if
 * someone asks): a task's 48 KB input is stored and sent to a worker as the client wrote it instead
 * of being stringified again. For a repeated key the last range is the value JSON.parse kept.
 */
function keepMemberSources(body: unknown, bytes: Buffer, members: readonly JsonMemberRange[]): void {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return;
  for (const { key, start, end } of members) {
    const value: unknown = Object.hasOwn(body, key) ? (body as Record<string, unknown>)[key] : undefined;
    if (typeof value === 'object' && value !== null) withJsonSource(value, () => bytes.toString('utf8', start, end));
  }
}

function notJson(reason: string): AppError {
  return new AppError('VALIDATION_FAILED', 'Request body is not valid JSON', { reason });
}

import type { INestApplication } from '@nestjs/common';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import express, { NextFunction, Request, RequestHandler, Response, Router } from 'express';
import {
  AppConfig,
  authRequirement,
  BodySizeLimit,
  BULK_BODY,
  jsonBodyReader,
  parseByteSize,
  SecurityPolicy,
} from '@app/infrastructure';

type BodyMethod = 'post' | 'put' | 'patch' | 'delete';

const METHODS: Partial<Record<RequestMethod, BodyMethod>> = {
  [RequestMethod.POST]: 'post',
  [RequestMethod.PUT]: 'put',
  [RequestMethod.PATCH]: 'patch',
  [RequestMethod.DELETE]: 'delete',
};

/** A route that takes a JSON body: it declares a `@Body()` parameter. */
export interface JsonBodyRoute {
  method: BodyMethod;
  path: string;
  bulk: boolean;
  /** Whether a caller without credentials may use it (auth off, `@Public()`, an open path). */
  open: boolean;
}

/** Every route with a `@Body()` parameter, read from the controllers' Nest metadata. */
export function jsonBodyRoutes(app: INestApplication): JsonBodyRoute[] {
  const scanner = new MetadataScanner();
  const policy = app.get(SecurityPolicy, { strict: false });
  const reflector = app.get(Reflector, { strict: false });
  const routes: JsonBodyRoute[] = [];
  for (const wrapper of app.get(DiscoveryService).getControllers()) {
    const controller = wrapper.metatype as (new (...args: never[]) => object) | undefined;
    if (!controller) continue;
    const prefixes = asList(Reflect.getMetadata(PATH_METADATA, controller) as string | string[] | undefined);
    for (const name of scanner.getAllMethodNames(controller.prototype)) {
      const handler = (controller.prototype as Record<string, unknown>)[name] as object;
      const method = METHODS[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
      if (!method || !takesBody(controller, name)) continue;
      const bulk = Reflect.getMetadata(BULK_BODY, handler) === true;
      for (const prefix of prefixes) {
        for (const path of asList(Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined)) {
          const full = joinPath(prefix, path);
          const { open } = authRequirement(policy, reflector, handler, controller, method.toUpperCase(), full);
          routes.push({ method, path: full, bulk, open });
        }
      }
    }
  }
  return routes;
}

/**
 * Reads JSON bodies on exactly the routes that take one, each with its size limit (BODY_LIMIT
 * on @BulkBody routes, BODY_LIMIT_DEFAULT elsewhere); any other request passes on unread, and so
 * does a request without credentials to a route that needs them (it gets its 401 unparsed).
 * Express matches these paths the way it matches the routes themselves.
 *
 * One router per method: Express tries a route's path before its method, so a single router made
 * every GET (a probe, a read) test its path against each of the seventy body routes first.
 */
export function jsonBodyRouter(app: INestApplication, config: AppConfig): RequestHandler {
  const { bodyLimit, body } = config.service;
  const bulk: BodySizeLimit = { bytes: parseByteSize(bodyLimit), setting: 'BODY_LIMIT' };
  const defaultBytes = parseByteSize(body.defaultLimit);
  const small: BodySizeLimit =
    defaultBytes < bulk.bytes ? { bytes: defaultBytes, setting: 'BODY_LIMIT_DEFAULT' } : bulk;
  const { maxDepth, maxArrayItems, maxObjectKeys, maxStringChars, maxValues } = body;
  const shape = { maxDepth, maxArrayItems, maxObjectKeys, maxStringChars, maxValues };
  const readers = { bulk: jsonBodyReader({ limit: bulk, shape }), small: jsonBodyReader({ limit: small, shape }) };
  const routers = new Map<string, Router>();
  for (const route of jsonBodyRoutes(app)) {
    const method = route.method.toUpperCase();
    const router = routers.get(method) ?? routers.set(method, express.Router()).get(method)!;
    const reader = route.bulk ? readers.bulk : readers.small;
    if (route.open) router[route.method](route.path, reader);
    else router[route.method](route.path, skipWithoutCredentials, reader);
  }
  return (req, res, next) => {
    const router = routers.get(req.method);
    if (router) router(req, res, next);
    else next();
  };
}

/** Credentials are checked later, by AuthGuard; without any, the body is not worth reading. */
function skipWithoutCredentials(req: Request, _res: Response, next: NextFunction): void {
  next(req.headers['x-api-key'] || req.headers.authorization ? undefined : 'route');
}

function takesBody(controller: object, method: string): boolean {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) ?? {}) as Record<string, unknown>;
  return Object.keys(args).some((key) => key.split(':')[0] === String(RouteParamtypes.BODY));
}

function asList(value: string | string[] | undefined): string[] {
  if (value === undefined) return ['/'];
  return Array.isArray(value) ? value : [value];
}

function joinPath(prefix: string, path: string): string {
  const joined = `/${prefix}/${path}`.replace(/\/+/g, '/');
  return joined.length > 1 ? joined.replace(/\/$/, '') : joined;
}

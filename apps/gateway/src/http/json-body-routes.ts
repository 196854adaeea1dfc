import type { INestApplication } from '@nestjs/common';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import express, { Router } from 'express';
import { AppConfig, BodySizeLimit, BULK_BODY, jsonBodyReader, parseByteSize } from '@app/infrastructure';

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
}

/** Every route with a `@Body()` parameter, read from the controllers' Nest metadata. */
export function jsonBodyRoutes(app: INestApplication): JsonBodyRoute[] {
  const scanner = new MetadataScanner();
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
          routes.push({ method, path: joinPath(prefix, path), bulk });
        }
      }
    }
  }
  return routes;
}

/**
 * Reads JSON bodies on exactly the routes that take one, each with its size limit (BODY_LIMIT
 * on @BulkBody routes, BODY_LIMIT_DEFAULT elsewhere); any other request passes on unread.
 * Express matches these paths the way it matches the routes themselves.
 */
export function jsonBodyRouter(app: INestApplication, config: AppConfig): Router {
  const { bodyLimit, body } = config.service;
  const bulk: BodySizeLimit = { bytes: parseByteSize(bodyLimit), setting: 'BODY_LIMIT' };
  const defaultBytes = parseByteSize(body.defaultLimit);
  const small: BodySizeLimit = defaultBytes < bulk.bytes
    ? { bytes: defaultBytes, setting: 'BODY_LIMIT_DEFAULT' }
    : bulk;
  const { maxDepth, maxArrayItems, maxObjectKeys, maxStringChars, maxValues } = body;
  const shape = { maxDepth, maxArrayItems, maxObjectKeys, maxStringChars, maxValues };
  const readers = { bulk: jsonBodyReader({ limit: bulk, shape }), small: jsonBodyReader({ limit: small, shape }) };
  const router = express.Router();
  for (const route of jsonBodyRoutes(app)) router[route.method](route.path, route.bulk ? readers.bulk : readers.small);
  return router;
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

import { RequestMethod, type INestApplication } from '@nestjs/common';
import { PATH_METADATA, METHOD_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { authRequirement, type RouteAuthRequirement } from './auth.guard';
import { matchesPathPrefix } from './path-match';
import { SecurityPolicy } from './security-policy';

export interface NestRoute {
  method: string;
  /** Candidate full paths (with and without the global prefix, which can exclude routes). */
  paths: string[];
  controller: string;
  handler: string;
  /** What AuthGuard demands, keyed by candidate path (open paths depend on the path). */
  requirements: Record<string, RouteAuthRequirement>;
}

export interface ServedRoute {
  method: string;
  path: string;
}

export interface OpenRoute extends ServedRoute {
  reason: string;
  controller?: string;
  handler?: string;
}

function joinPath(...parts: Array<string | undefined>): string {
  const segments = parts
    .filter((p): p is string => typeof p === 'string')
    .map((p) => p.replace(/^\/+|\/+$/g, ''))
    .filter((p) => p !== '');
  return `/${segments.join('/')}`;
}

function asList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  return [typeof value === 'string' ? value : '/'];
}

/** The NestApplication keeps its ApplicationConfig private; read the global prefix defensively. */
function globalPrefixOf(app: INestApplication): string {
  const config = (app as unknown as { config?: { getGlobalPrefix?: () => string } }).config;
  return typeof config?.getGlobalPrefix === 'function' ? config.getGlobalPrefix() : '';
}

/** Every controller handler Nest knows, with what AuthGuard would demand of a caller. */
export function listNestRoutes(app: INestApplication): NestRoute[] {
  const discovery = app.get(DiscoveryService, { strict: false });
  const scanner = app.get(MetadataScanner, { strict: false });
  const reflector = app.get(Reflector, { strict: false });
  const policy = app.get(SecurityPolicy, { strict: false });
  const prefix = globalPrefixOf(app);
  const routes: NestRoute[] = [];
  for (const wrapper of discovery.getControllers()) {
    const controller = wrapper.metatype as (new (...args: never[]) => object) | undefined;
    if (!controller || !wrapper.instance) continue;
    const controllerPaths = asList(Reflect.getMetadata(PATH_METADATA, controller));
    const prototype = Object.getPrototypeOf(wrapper.instance) as Record<string, unknown>;
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[name] as object;
      const methodPaths = Reflect.getMetadata(PATH_METADATA, handler) as unknown;
      if (methodPaths === undefined) continue; // not a route handler
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod] ?? 'GET';
      for (const cp of controllerPaths) {
        for (const mp of asList(methodPaths)) {
          const bare = joinPath(cp, mp);
          const prefixed = joinPath(prefix, cp, mp);
          const paths = prefixed === bare ? [bare] : [prefixed, bare];
          const requirements: Record<string, RouteAuthRequirement> = {};
          for (const path of paths) {
            requirements[path] = authRequirement(policy, reflector, handler, controller, method, path);
          }
          routes.push({ method, paths, controller: controller.name, handler: name, requirements });
        }
      }
    }
  }
  return routes;
}

interface ExpressLayer {
  route?: { path: unknown; methods: Record<string, boolean> };
}

/** Routes actually registered on the Express application router (what a client can reach). */
export function listServedRoutes(app: INestApplication): ServedRoute[] {
  const instance = app.getHttpAdapter().getInstance() as {
    router?: { stack?: ExpressLayer[] };
    _router?: { stack?: ExpressLayer[] };
  };
  const stack = instance.router?.stack ?? instance._router?.stack ?? [];
  const served: ServedRoute[] = [];
  for (const layer of stack) {
    if (!layer.route) continue;
    for (const path of asList(layer.route.path)) {
      for (const [method, on] of Object.entries(layer.route.methods)) {
        if (on) served.push({ method: method === '_all' ? 'ALL' : method.toUpperCase(), path });
      }
    }
  }
  return served;
}

function samePath(a: string, b: string): boolean {
  const norm = (p: string) => (p.length > 1 ? p.replace(/\/+$/, '') : p);
  return norm(a) === norm(b);
}

/**
 * Every served route under `prefix` that a caller without credentials could reach: handlers
 * that are @Public or under an open path, everything when auth is not enforced, and routes
 * registered on Express directly (no Nest handler → no guard ever runs for them).
 * The e2e suite asserts this is empty and also probes each route over HTTP.
 */
export function findOpenRoutes(app: INestApplication, prefix = '/api'): OpenRoute[] {
  const nestRoutes = listNestRoutes(app);
  const open: OpenRoute[] = [];
  for (const route of listServedRoutes(app)) {
    if (!matchesPathPrefix(route.path, prefix)) continue;
    let owner: NestRoute | undefined;
    let requirement: RouteAuthRequirement | undefined;
    for (const r of nestRoutes) {
      if (r.method !== route.method && r.method !== 'ALL') continue;
      const path = r.paths.find((p) => samePath(p, route.path));
      if (path !== undefined) {
        owner = r;
        requirement = r.requirements[path];
        break;
      }
    }
    if (!owner || !requirement) {
      open.push({ ...route, reason: 'registered outside Nest: no guard runs for it' });
    } else if (requirement.open) {
      open.push({ ...route, reason: requirement.reason, controller: owner.controller, handler: owner.handler });
    }
  }
  return open;
}

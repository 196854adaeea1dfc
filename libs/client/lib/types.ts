import type { FetchResponse, MaybeOptionalInit } from 'openapi-fetch';
import type { HttpMethod, MediaType, PathsWithMethod, RequiredKeysOf } from 'openapi-typescript-helpers';
import type { components, paths } from './generated/openapi';

export type { components, paths };
export type Schemas = components['schemas'];

/** The service's paths that answer `method`. */
export type PathOf<M extends HttpMethod> = PathsWithMethod<paths, M>;

/** Options of one call: path, query and header parameters and the body, as the document types them. */
export type InitOf<M extends HttpMethod, P extends PathOf<M>> = MaybeOptionalInit<paths[P], M>;

/** The init argument, optional when nothing in it is required (as in openapi-fetch). */
export type InitArg<Init> =
  RequiredKeysOf<Init> extends never ? [(Init & { [key: string]: unknown })?] : [Init & { [key: string]: unknown }];

/** A success envelope's `data`, or the whole body for the few routes without an envelope. */
export type Unwrap<Body> = Body extends { success: true; data: infer D } ? D : Body;

/** What a call returns: the `data` of its success envelope. */
export type ResultOf<M extends HttpMethod, P extends PathOf<M>, Init = InitOf<M, P>> = Unwrap<
  NonNullable<FetchResponse<Extract<paths[P][M], Record<string | number, any>>, Init, MediaType>['data']>
>;

/** The JSON body a call takes. */
export type BodyOf<M extends HttpMethod, P extends PathOf<M>> = paths[P][M] extends {
  requestBody?: { content: { 'application/json': infer B } };
}
  ? B
  : never;

/** The query parameters a call takes. */
export type QueryOf<M extends HttpMethod, P extends PathOf<M>> = paths[P][M] extends {
  parameters: { query?: infer Q };
}
  ? NonNullable<Q>
  : never;

/** GET paths that answer one page of a cursor-paginated list (`{ items, nextCursor }`). */
export type ListPath = {
  [P in PathOf<'get'>]: ResultOf<'get', P> extends { items?: unknown[]; nextCursor?: unknown } ? P : never;
}[PathOf<'get'>];

/** One item of a list path's pages. */
export type ItemOf<P extends ListPath> = ResultOf<'get', P> extends { items?: (infer I)[] } ? I : never;

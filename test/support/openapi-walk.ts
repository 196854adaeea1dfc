/**
 * The service's own OpenAPI document as test input: every operation, its parameters and schemas,
 * and request bodies built from the documented examples. The tenant-isolation walk and the API
 * fuzzer both start here, so a new route is covered by both without a new test.
 */

export type Schema = {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  example?: unknown;
  default?: unknown;
  nullable?: boolean;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  required?: string[];
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  items?: Schema;
  oneOf?: Schema[];
  anyOf?: Schema[];
  allOf?: Schema[];
};

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}

export interface OperationObject {
  operationId?: string;
  summary?: string;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema?: Schema; example?: unknown }> };
  responses: Record<string, { description?: string; content?: Record<string, { schema?: Schema }> }>;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OperationObject>>;
  components?: { schemas?: Record<string, Schema> };
}

/** One documented operation: `path` is the OpenAPI template (`/api/v1/agents/{id}`). */
export interface Operation {
  readonly method: string;
  readonly path: string;
  readonly operation: OperationObject;
  readonly pathParams: string[];
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

export function operationsOf(doc: OpenApiDocument): Operation[] {
  const out: Operation[] = [];
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      if (!METHODS.includes(method)) continue;
      const pathParams = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      out.push({ method: method.toUpperCase(), path, operation, pathParams });
    }
  }
  return out;
}

export function isWrite(op: Operation): boolean {
  return op.method !== 'GET';
}

/** The schema behind a `$ref` (one level; component schemas do not chain refs here). */
export function resolve(doc: OpenApiDocument, schema: Schema | undefined): Schema {
  if (!schema) return {};
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    const target = doc.components?.schemas?.[name];
    if (!target) throw new Error(`unresolved ${schema.$ref}`);
    return resolve(doc, target);
  }
  if (schema.allOf?.length === 1) return { ...resolve(doc, schema.allOf[0]), ...withoutAllOf(schema) };
  return schema;
}

function withoutAllOf(schema: Schema): Schema {
  const copy = { ...schema };
  delete copy.allOf;
  return copy;
}

export function requestBodySchema(doc: OpenApiDocument, op: Operation): Schema | undefined {
  const content = op.operation.requestBody?.content?.['application/json'];
  return content?.schema ? resolve(doc, content.schema) : undefined;
}

/** The documented schema of the response body for `status`, if the operation documents one. */
export function responseSchema(doc: OpenApiDocument, op: Operation, status: number): Schema | undefined {
  const response = op.operation.responses[String(status)];
  const schema = response?.content?.['application/json']?.schema;
  return schema ? resolve(doc, schema) : undefined;
}

export interface ExampleOptions {
  /** Rewrites free-text strings (names, content, …) so a later read can be traced to this body. */
  mark?: (value: string, schema: Schema) => string;
}

/**
 * A valid value for `schema` from its documented example, default or bounds: what a careful user
 * copying Swagger's examples would send.
 */
export function exampleOf(doc: OpenApiDocument, raw: Schema | undefined, options: ExampleOptions = {}): unknown {
  const schema = resolve(doc, raw);
  if (schema.example !== undefined) return markAll(structuredClone(schema.example), schema, options);
  if (schema.default !== undefined) return structuredClone(schema.default);
  if (schema.enum?.length) return schema.enum[0];
  if (schema.oneOf?.length) return exampleOf(doc, schema.oneOf[0], options);
  if (schema.anyOf?.length) return exampleOf(doc, schema.anyOf[0], options);
  switch (schema.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, property] of Object.entries(schema.properties ?? {})) {
        // Only required properties: optional ones with examples are often alternatives to each
        // other (cron | everyMs | at), which a user would not send together.
        if (!(schema.required?.includes(key) ?? false)) continue;
        out[key] = exampleOf(doc, property, options);
      }
      return out;
    }
    case 'array':
      return Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () => exampleOf(doc, schema.items, options));
    case 'integer':
      return Math.ceil(schema.minimum ?? 1);
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    case 'string':
      return markString(stringFor(schema), schema, options);
    default:
      return {};
  }
}

function stringFor(schema: Schema): string {
  if (schema.format === 'date-time') return new Date(Date.now() + 3_600_000).toISOString();
  if (schema.format === 'uri' || schema.format === 'url') return 'http://127.0.0.1:9/hook';
  return 'x'.repeat(Math.max(1, schema.minLength ?? 1));
}

function markString(value: string, schema: Schema, options: ExampleOptions): string {
  if (!options.mark || schema.enum || schema.format) return value;
  const marked = options.mark(value, schema);
  if (schema.maxLength !== undefined && marked.length > schema.maxLength) return value;
  if (schema.pattern && !new RegExp(schema.pattern).test(marked)) return value;
  return marked;
}

/** Examples are whole values: mark their free-text strings (not enums, ids or formats). */
function markAll(value: unknown, schema: Schema, options: ExampleOptions): unknown {
  if (!options.mark) return value;
  if (typeof value === 'string') return markString(value, schema, options);
  return value;
}

/** The path with its `{param}` slots filled (each value URL-encoded). */
export function fillPath(template: string, values: Record<string, string>): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for {${name}} in ${template}`);
    return encodePathValue(value);
  });
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** encodeURIComponent, except that a lone surrogate becomes the invalid UTF-8 bytes a client would send. */
export function encodePathValue(value: string): string {
  return value.split(LONE_SURROGATE).map(encodeURIComponent).join('%ED%A0%80');
}

/** The template prefix that names the collection a `{param}` slot picks from. */
export function collectionOf(template: string, param: string): string {
  return template.slice(0, template.indexOf(`/{${param}}`));
}

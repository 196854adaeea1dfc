import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { OpenApiDocument, Schema } from './openapi-walk';

/**
 * Ajv over the document's schemas: OpenAPI's `nullable` and `example` are understood. `closed`:
 * an object schema that lists its properties admits no other (a field the document does not
 * describe fails), so a lib refactor cannot change the API silently. The API fuzzer and the
 * examples walk check answers with it.
 */
export function validatorFor(doc: OpenApiDocument, options: { closed: boolean }): (schema: Schema) => ValidateFunction {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: 'openapi', components: jsonSchemaOf(doc.components ?? {}, options.closed) });
  const cache = new Map<Schema, ValidateFunction>();
  return (schema) => {
    let validate = cache.get(schema);
    if (!validate) {
      validate = ajv.compile(
        JSON.parse(
          JSON.stringify(jsonSchemaOf(schema, options.closed)).replace(/"#\/components\//g, '"openapi#/components/'),
        ),
      );
      cache.set(schema, validate);
    }
    return validate;
  };
}

/** OpenAPI 3.0's `nullable` beside `$ref` or `oneOf` (no `type`) as JSON Schema says it. */
function jsonSchemaOf(node: unknown, closed: boolean): unknown {
  if (Array.isArray(node)) return node.map((item) => jsonSchemaOf(item, closed));
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) out[key] = key === 'example' ? value : jsonSchemaOf(value, closed);
  if (closed && out.properties && typeof out.properties === 'object' && out.additionalProperties === undefined) {
    out.additionalProperties = false;
  }
  if (out.nullable === true && out.type === undefined) {
    delete out.nullable;
    return { anyOf: [out, { type: 'null' }] };
  }
  return out;
}

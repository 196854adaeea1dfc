/** class-transformer's decorator registry: how ValidationPipe finds `@Type()` and `@Transform()`. */
export interface TransformerRegistry {
  findTypeMetadata(target: object, property: string): { typeFunction: (options?: unknown) => unknown } | undefined;
  findTransformMetadatas(target: object, property: string, transformationType: number): unknown[];
}

/** class-transformer's TransformationType.PLAIN_TO_CLASS. */
export const PLAIN_TO_CLASS = 0;

// The registry is not on class-transformer's public surface; @nestjs/mapped-types reads it the same way.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const storage = require('class-transformer/cjs/storage') as { defaultMetadataStorage: TransformerRegistry };
export const transformerRegistry = storage.defaultMetadataStorage;

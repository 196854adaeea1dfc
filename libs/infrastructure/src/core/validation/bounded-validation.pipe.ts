import { ArgumentMetadata, ValidationPipe } from '@nestjs/common';
import { AppError } from '../errors/app-error';
import { flattenValidationErrors } from '../errors/validation-problems';
import { checkDeclaredBounds } from './declared-bounds';
import { setOpaqueAside } from './opaque-properties';

/**
 * The global validation pipe: whitelist, forbid unknown fields, transform, errors as
 * VALIDATION_FAILED naming each field. The lengths a DTO declares are checked first, on the plain
 * value, so an oversized array never reaches class-transformer and class-validator; free-form
 * JSON properties are validated as a whole and passed through, not deep-copied.
 */
export class BoundedValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: (errors) => AppError.validation(flattenValidationErrors(errors)),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const problems = checkDeclaredBounds(value, metadata.metatype);
    if (problems.length) throw AppError.validation(problems);
    const { shallow, restore } = setOpaqueAside(value, metadata.metatype);
    return restore(await super.transform(shallow, metadata));
  }
}

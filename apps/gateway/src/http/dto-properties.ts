import { applyDecorators, Type as Class } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiPropertyOptions } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDate,
  IsNumber,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

/** Swagger options for a number whose documented bounds are also the bounds it is checked against. */
type BoundedOptions = ApiPropertyOptions & { minimum: number; maximum: number };

/**
 * Combines property decorators listed top to bottom, as they would be stacked over a property. A stack
 * applies bottom-up and applyDecorators in list order, so the list is reversed: class-validator keeps the
 * constraints in the stacked order, and a field's joined validation message reads the same either way.
 */
export function stacked(...decorators: PropertyDecorator[]): PropertyDecorator {
  return applyDecorators(...[...decorators].reverse());
}

/** An optional free-form JSON object (metadata, config, context, …): any keys, checked only as an object. */
export const OptionalObject = (options: ApiPropertyOptions = {}) =>
  stacked(
    ApiPropertyOptional({ type: 'object', additionalProperties: true, ...options } as ApiPropertyOptions),
    IsOptional(),
    IsObject(),
  );

/** An optional string of at most `maxLength` characters. */
export const OptionalText = (maxLength: number, options: ApiPropertyOptions = {}) =>
  stacked(ApiPropertyOptional(options), IsOptional(), IsString(), MaxLength(maxLength));

/** A required string of at most `maxLength` characters. */
export const RequiredText = (maxLength: number, options: ApiPropertyOptions = {}) =>
  stacked(ApiProperty(options), IsString(), MaxLength(maxLength));

/** An optional boolean in a JSON body. */
export const OptionalBoolean = (options: ApiPropertyOptions = {}) =>
  stacked(ApiPropertyOptional(options), IsOptional(), IsBoolean());

/** An optional value out of `values`, documented as an enum. */
export const OptionalEnum = (values: readonly string[], options: ApiPropertyOptions = {}) =>
  stacked(
    ApiPropertyOptional({ enum: values as string[], ...options } as ApiPropertyOptions),
    IsOptional(),
    IsIn(values),
  );

/** A required value out of `values`, documented as an enum. */
export const RequiredEnum = (values: readonly string[], options: ApiPropertyOptions = {}) =>
  stacked(ApiProperty({ enum: values as string[], ...options } as ApiPropertyOptions), IsIn(values));

/** An optional whole number in a JSON body, within the documented minimum and maximum. */
export const OptionalInt = (options: BoundedOptions) =>
  stacked(ApiPropertyOptional(options), IsOptional(), IsInt(), Min(options.minimum), Max(options.maximum));

/** An optional whole number in a query string (converted from its text), within the documented bounds. */
export const OptionalQueryInt = (options: BoundedOptions) =>
  stacked(
    ApiPropertyOptional(options),
    IsOptional(),
    Type(() => Number),
    IsInt(),
    Min(options.minimum),
    Max(options.maximum),
  );

/** An optional finite number in a JSON body, within the documented minimum and maximum. */
export const OptionalNumber = (options: BoundedOptions) =>
  stacked(
    ApiPropertyOptional(options),
    IsOptional(),
    IsNumber({ allowNaN: false, allowInfinity: false }),
    Min(options.minimum),
    Max(options.maximum),
  );

/** An optional instant, documented as an ISO 8601 date-time and converted to a Date. */
export const OptionalDate = (options: ApiPropertyOptions = {}) =>
  stacked(
    ApiPropertyOptional({ type: String, format: 'date-time', ...options } as ApiPropertyOptions),
    IsOptional(),
    Type(() => Date),
    IsDate(),
  );

/** A required nested DTO, validated with its own rules. */
export const RequiredNested = (dto: Class<unknown>, options: ApiPropertyOptions = {}) =>
  stacked(
    ApiProperty({ type: dto, ...options }),
    ValidateNested(),
    Type(() => dto),
  );

/** A required list of at most `maxItems` (and at least `minItems`, if given) nested DTOs, each validated by its rules. */
export const RequiredNestedList = (
  dto: Class<unknown>,
  { minItems, maxItems }: { minItems?: number; maxItems: number },
  options: ApiPropertyOptions = {},
) =>
  stacked(
    ApiProperty({ type: [dto], ...options }),
    IsArray(),
    ...(minItems === undefined ? [] : [ArrayMinSize(minItems)]),
    ArrayMaxSize(maxItems),
    ValidateNested({ each: true }),
    Type(() => dto),
  );

/** An optional nested DTO, validated with its own rules. */
export const OptionalNested = (dto: Class<unknown>, options: ApiPropertyOptions = {}) =>
  stacked(
    ApiPropertyOptional({ type: dto, ...options }),
    IsOptional(),
    ValidateNested(),
    Type(() => dto),
  );

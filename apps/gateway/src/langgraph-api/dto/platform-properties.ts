import { ApiPropertyOptional, ApiPropertyOptions } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { OptionalEnum, OptionalInt, stacked } from '../../http/dto-properties';

export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;
export const ID_MESSAGE = 'must be 1-128 letters, digits and _.:- (starting with a letter or digit)';

/** An optional assistant, thread, run or checkpoint id, in the alphabet the SDK's ids use. */
export const OptionalId = (options: ApiPropertyOptions) =>
  stacked(ApiPropertyOptional(options), IsOptional(), Matches(ID_PATTERN, { message: ID_MESSAGE }));

/** A search body's `limit`: 1-1000 items, `defaultLimit` when left out. */
export const SearchLimit = (defaultLimit = 10) =>
  OptionalInt({ minimum: 1, maximum: 1000, default: defaultLimit, example: defaultLimit });

/** A search body's `offset`: items to skip, at most 100,000. */
export const SearchOffset = () => OptionalInt({ minimum: 0, maximum: 100000, default: 0, example: 0 });

/** A search body's `sort_order`. */
export const SortOrder = (options: ApiPropertyOptions = {}) => OptionalEnum(['asc', 'desc'], options);

/** `select`, which the SDK may send: every field is returned whatever it names. */
export const SelectFields = (options: ApiPropertyOptions = {}) =>
  stacked(ApiPropertyOptional({ description: 'Fields to return (all when left out)', ...options }), IsOptional());

/** `interrupt_before` / `interrupt_after`: node names, or `*` for every node. */
export const InterruptNodes = (example: string[]) =>
  stacked(
    ApiPropertyOptional({
      oneOf: [
        { type: 'string', enum: ['*'] },
        { type: 'array', items: { type: 'string' } },
      ],
      example,
    }),
    IsOptional(),
  );

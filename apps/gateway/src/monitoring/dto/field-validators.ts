import { isISO8601, ValidateBy, ValidateIf } from 'class-validator';

/**
 * The field may be left out, but not sent as null: unlike @IsOptional (which lets null through to
 * the service as if it were a value), a null fails the field's own checks and is named in the 400.
 */
export const IsOmittable = (): PropertyDecorator => ValidateIf((_object, value) => value !== undefined);

/**
 * An ISO 8601 date-time that is also a real instant. Week (`2030-W01-1`) and ordinal (`2030-123`)
 * dates are ISO 8601 but JavaScript cannot read them, so @IsISO8601 alone lets them through to
 * an Invalid Date.
 */
export const IsDateTime = (): PropertyDecorator =>
  ValidateBy({
    name: 'isDateTime',
    validator: {
      validate: (value) =>
        typeof value === 'string' && isISO8601(value, { strict: true }) && !Number.isNaN(Date.parse(value)),
      defaultMessage: () => '$property must be an ISO 8601 date-time such as 2030-01-01T09:00:00Z',
    },
  });

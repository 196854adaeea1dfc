import 'reflect-metadata';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { plainToInstance, Type } from 'class-transformer';
import { getMetadataStorage, IsInt, IsOptional, IsString, IsUrl, Max, MaxLength, Min, validate } from 'class-validator';
import { OptionalQueryInt, OptionalText } from './dto-properties';

/** The stacks as the DTOs wrote them before the composite decorators. */
class Written {
  @ApiPropertyOptional({ description: 'Wait up to this many ms', minimum: 0, maximum: 300000, example: 5000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(300_000)
  wait?: number;

  @ApiPropertyOptional({ example: 'https://hooks.example.com/runs' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @IsUrl()
  webhook?: string;
}

class Composed {
  @OptionalQueryInt({ description: 'Wait up to this many ms', minimum: 0, maximum: 300000, example: 5000 })
  wait?: number;

  @OptionalText(100, { example: 'https://hooks.example.com/runs' })
  @IsUrl()
  webhook?: string;
}

const SWAGGER_PROPERTY = 'swagger/apiModelProperties';

function validatorsOf(dto: new () => object): string[] {
  return getMetadataStorage()
    .getTargetValidationMetadatas(dto, '', true, false)
    .map((meta) => `${meta.propertyName}:${meta.name ?? meta.type}`);
}

async function problemsOf(dto: new () => object, body: Record<string, unknown>) {
  const errors = await validate(plainToInstance(dto, body));
  return errors.map((error) => [error.property, error.constraints]);
}

describe('composite DTO property decorators', () => {
  it('register the validators in the order the written stack did', () => {
    expect(validatorsOf(Composed)).toEqual(validatorsOf(Written));
  });

  it('document the property with the same Swagger options', () => {
    for (const property of ['wait', 'webhook']) {
      expect(Reflect.getMetadata(SWAGGER_PROPERTY, Composed.prototype, property)).toEqual(
        Reflect.getMetadata(SWAGGER_PROPERTY, Written.prototype, property),
      );
    }
  });

  it('convert and refuse values as the written stack did, with the messages in the same order', async () => {
    for (const body of [
      { wait: '5000' },
      { wait: 'soon' },
      { wait: '-1' },
      { webhook: 'x'.repeat(101) },
      { webhook: 7 },
    ]) {
      expect(await problemsOf(Composed, body)).toEqual(await problemsOf(Written, body));
    }
    expect(plainToInstance(Composed, { wait: '5000' }).wait).toBe(5000);
  });
});

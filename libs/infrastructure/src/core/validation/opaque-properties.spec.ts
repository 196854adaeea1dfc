import 'reflect-metadata';
import { Transform, Type } from 'class-transformer';
import { IsArray, IsDefined, IsObject, IsOptional, IsString, ValidateNested } from 'class-validator';
import { BoundedValidationPipe } from './bounded-validation.pipe';
import { opaqueProperties, setOpaqueAside } from './opaque-properties';

class Inner {
  @IsString() name: string;
}

class TaskLikeDto {
  @IsString() type: string;
  @IsObject() input: Record<string, unknown>;
  @IsOptional() @IsObject() metadata?: Record<string, unknown>;
  @IsDefined() payload: unknown;
  @IsOptional() @ValidateNested() @Type(() => Inner) inner?: Inner;
  @IsOptional() @IsArray() @IsString({ each: true }) tags?: string[];
  @IsOptional() @Transform(({ value }) => value) @IsObject() transformed?: Record<string, unknown>;
}

describe('opaque properties', () => {
  it('are the free-form JSON properties, judged only as a whole', () => {
    expect(opaqueProperties(TaskLikeDto).sort()).toEqual(['input', 'metadata', 'payload']);
    expect(opaqueProperties(Object)).toEqual([]);
  });

  it('are set aside as empty values of the same kind and restored on the result', () => {
    const input = { candles: [{ close: 1 }] };
    const { shallow, restore } = setOpaqueAside({ type: 't', input, payload: [1, 2], metadata: 'text' }, TaskLikeDto);
    expect(shallow).toEqual({ type: 't', input: {}, payload: [], metadata: 'text' });
    expect(restore({ type: 't', input: {}, payload: [] })).toEqual({ type: 't', input, payload: [1, 2] });
  });

  it('through the pipe: validated the same way, passed through by reference, not copied', async () => {
    const pipe = new BoundedValidationPipe();
    const input = { candles: [{ close: 1 }], nested: { deep: [1, 2, 3] } };
    const body = { type: 'body' as const, metatype: TaskLikeDto };
    const result = (await pipe.transform({ type: 't', input, payload: 0, inner: { name: 'x' } }, body)) as TaskLikeDto;
    expect(result).toBeInstanceOf(TaskLikeDto);
    expect(result.input).toBe(input);
    expect(result.inner).toBeInstanceOf(Inner);
    await expect(pipe.transform({ type: 't', input: [1, 2], payload: 0 }, body)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { fields: [{ field: 'input', message: 'must be an object' }] },
    });
    await expect(pipe.transform({ type: 't', input: {} }, body)).rejects.toMatchObject({
      details: { fields: [expect.objectContaining({ field: 'payload' })] },
    });
  });
});

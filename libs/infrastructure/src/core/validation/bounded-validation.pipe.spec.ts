import 'reflect-metadata';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsString, ValidateNested } from 'class-validator';
import { BoundedValidationPipe } from './bounded-validation.pipe';
import { itemArrays } from './item-arrays';

class ItemDto {
  @IsInt() n: number;
}

class ListDto {
  @IsString() name: string;
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(10_000)
  @ValidateNested({ each: true })
  @Type(() => ItemDto)
  items: ItemDto[];
  @IsArray() @IsString({ each: true }) tags: string[];
}

const body = { type: 'body' as const, metatype: ListDto };
const items = (count: number) => Array.from({ length: count }, (_, n) => ({ n }));

describe('BoundedValidationPipe with long arrays of nested DTOs', () => {
  const pipe = new BoundedValidationPipe();

  it('finds the arrays whose items can be validated one by one', () => {
    expect(itemArrays(ListDto)).toEqual([{ property: 'items', itemType: expect.any(Function), minItems: 2 }]);
  });

  it('validates every item, in order, as instances of the item class', async () => {
    const result = (await pipe.transform({ name: 'x', items: items(2_500), tags: [] }, body)) as ListDto;
    expect(result).toBeInstanceOf(ListDto);
    expect(result.items).toHaveLength(2_500);
    expect(result.items.every((item, i) => item instanceof ItemDto && item.n === i)).toBe(true);
    // 2,500 class-validator runs in time slices: seconds on a loaded machine, beyond Jest's 5 s default.
  }, 30_000);

  it('names failing items by index, head and tail alike, and refuses unknown fields in items', async () => {
    const list: unknown[] = items(500);
    list[1] = { n: 'one' };
    list[300] = { n: 3.5 };
    list[400] = 'text';
    list[450] = { n: 1, extra: true };
    await expect(pipe.transform({ name: 'x', items: list, tags: [] }, body)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { fields: [{ field: 'items[1].n', message: 'must be an integer number', value: 'one' }] },
    });
    list[1] = { n: 1 };
    const error = await pipe.transform({ name: 'x', items: list, tags: [] }, body).catch((err: unknown) => err);
    expect((error as { details: { fields: { field: string }[] } }).details.fields.map((f) => f.field)).toEqual([
      'items[300].n',
      'items[400]',
      'items[450].extra',
    ]);
  });

  it('stops at MAX_FIELD_PROBLEMS problems: the first 100 failing items are named, no more', async () => {
    const list = [...items(2), ...Array(9_998).fill({})];
    const error = await pipe.transform({ name: 'x', items: list, tags: [] }, body).catch((err: unknown) => err);
    const fields = (error as { details: { fields: { field: string }[] } }).details.fields.map((f) => f.field);
    expect(fields).toEqual(Array.from({ length: 100 }, (_, i) => `items[${i + 2}].n`));
  });
});

import 'reflect-metadata';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { checkDeclaredBounds } from './declared-bounds';

class TagDto {
  @IsString() @MaxLength(5) label: string;
}

class ItemDto {
  @IsArray() @ArrayMaxSize(3) @IsString({ each: true }) @MaxLength(4, { each: true }) tags: string[];
  @IsOptional() @ValidateNested() @Type(() => TagDto) main?: TagDto;
}

class BodyDto {
  @IsString() @MaxLength(10) name: string;
  @IsArray() @ArrayMaxSize(4) @ValidateNested({ each: true }) @Type(() => ItemDto) items: ItemDto[];
}

describe('checkDeclaredBounds', () => {
  it('passes values within the declared lengths, and ignores what it cannot judge', () => {
    const valid = { name: 'ok', items: [{ tags: ['a', 'b'], main: { label: 'x' } }] };
    expect(checkDeclaredBounds(valid, BodyDto)).toEqual([]);
    expect(checkDeclaredBounds({ name: 42, items: 'not an array' }, BodyDto)).toEqual([]);
    expect(checkDeclaredBounds('text', BodyDto)).toEqual([]);
    expect(checkDeclaredBounds({ name: 'x'.repeat(99) }, Object)).toEqual([]);
  });

  it('refuses an oversized array by its length alone, naming the path', () => {
    const items = Array(1_000_000).fill({ tags: Array(1000).fill('x') });
    expect(checkDeclaredBounds({ name: 'ok', items }, BodyDto)).toEqual([
      { field: 'items', message: 'must contain no more than 4 elements (got 1000000)' },
    ]);
  });

  it('walks nested DTOs: arrays, each-element lengths and nested objects', () => {
    const items = [{ tags: ['a'] }, { tags: Array(4).fill('a') }, { tags: ['abcde'], main: { label: 'toolong' } }];
    const problems = checkDeclaredBounds({ name: 'x'.repeat(11), items }, BodyDto);
    expect(problems).toEqual([
      { field: 'name', message: 'must be shorter than or equal to 10 characters (got 11)' },
      { field: 'items[1].tags', message: 'must contain no more than 3 elements (got 4)' },
      { field: 'items[2].tags[0]', message: 'must be shorter than or equal to 4 characters (got 5)' },
      { field: 'items[2].main.label', message: 'must be shorter than or equal to 5 characters (got 7)' },
    ]);
  });
});

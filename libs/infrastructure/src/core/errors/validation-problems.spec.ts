import 'reflect-metadata';
import { plainToInstance, Type } from 'class-transformer';
import { IsIn, IsInt, IsString, Matches, ValidateNested, validateSync } from 'class-validator';
import { flattenValidationErrors, MAX_FIELD_PROBLEMS } from './validation-problems';

class MemoryLikeDto {
  @IsIn(['semantic', 'episodic'], { message: 'must be one of semantic, episodic' }) type: string;
  @IsInt() importance: number;
  @IsString({ each: true }) tags: string[];
  @Matches(/^[a-z]+$/, { each: true, message: 'each capability must be lowercase' }) capabilities: string[];
}

class ItemDto {
  @IsInt() n: number;
}

class ListDto {
  @ValidateNested({ each: true }) @Type(() => ItemDto) items: ItemDto[];
}

describe('flattenValidationErrors', () => {
  it('lists at most MAX_FIELD_PROBLEMS problems, whatever the number of failing items', () => {
    const dto = plainToInstance(ListDto, { items: Array.from({ length: 200_000 }, () => ({})) });
    const problems = flattenValidationErrors(validateSync(dto));
    expect(problems).toHaveLength(MAX_FIELD_PROBLEMS);
    expect(problems[99]).toEqual({ field: 'items[99].n', message: 'must be an integer number' });
  });

  it('drops the property from class-validator messages and keeps custom messages whole', () => {
    const dto = plainToInstance(MemoryLikeDto, { type: 'nope', importance: 'high', tags: [1], capabilities: ['A'] });
    expect(flattenValidationErrors(validateSync(dto))).toEqual([
      { field: 'type', message: 'must be one of semantic, episodic', value: 'nope' },
      { field: 'importance', message: 'must be an integer number', value: 'high' },
      { field: 'tags', message: 'each value must be a string' },
      { field: 'capabilities', message: 'each capability must be lowercase' },
    ]);
  });
});

import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { IsIn, IsInt, IsString, Matches, validateSync } from 'class-validator';
import { flattenValidationErrors } from './validation-problems';

class MemoryLikeDto {
  @IsIn(['semantic', 'episodic'], { message: 'must be one of semantic, episodic' }) type: string;
  @IsInt() importance: number;
  @IsString({ each: true }) tags: string[];
  @Matches(/^[a-z]+$/, { each: true, message: 'each capability must be lowercase' }) capabilities: string[];
}

describe('flattenValidationErrors', () => {
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

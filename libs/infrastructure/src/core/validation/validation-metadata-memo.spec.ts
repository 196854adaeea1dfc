import { IsInt, IsOptional, IsString, Min, validateSync } from 'class-validator';
import { plainToInstance } from 'class-transformer';
import { memoizeValidationMetadata } from './validation-metadata-memo';

class Base {
  @IsInt()
  n!: number;
}

class Derived extends Base {
  @IsOptional()
  @IsString()
  label?: string;
}

const problems = <T extends object>(type: new () => T, plain: object) =>
  validateSync(plainToInstance(type, plain), { whitelist: true, forbidNonWhitelisted: true }).map((e) => [
    e.property,
    Object.keys(e.constraints ?? {}).sort(),
  ]);

describe('memoizeValidationMetadata', () => {
  it('gives the same answers as before, inherited rules included, and sees rules added later', () => {
    const before = [problems(Base, { n: 'x' }), problems(Derived, { n: 1.5, label: 3, extra: true })];
    memoizeValidationMetadata();
    memoizeValidationMetadata();
    expect([problems(Base, { n: 'x' }), problems(Derived, { n: 1.5, label: 3, extra: true })]).toEqual(before);
    expect(before[1]).toEqual([
      ['extra', ['whitelistValidation']],
      ['label', ['isString']],
      ['n', ['isInt']],
    ]);
    expect(problems(Derived, { n: 1 })).toEqual([]);
    // A rule added after the lookups were remembered applies at once, to the class and its subclasses.
    Min(5)(Base.prototype, 'n');
    expect(problems(Base, { n: 1 })).toEqual([['n', ['min']]]);
    expect(problems(Derived, { n: 1 })).toEqual([['n', ['min']]]);
  });
});

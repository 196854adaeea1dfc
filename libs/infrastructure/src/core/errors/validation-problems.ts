import { ValidationError } from 'class-validator';
import { FieldProblem } from './app-error';

/**
 * Flattens class-validator's tree into one problem per offending field, with paths a client can
 * follow: `candles[3].high`, `indicators[0].period`.
 */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const error of errors) {
    const path = joinPath(parent, error.property);
    if (error.constraints) {
      for (const [name, message] of Object.entries(error.constraints)) {
        problems.push({
          field: path,
          message: name === 'whitelistValidation' ? 'is not an allowed field' : message.replace(/^\S+ /, 'must ').replace(/^must must/, 'must'),
          ...(error.value !== undefined && typeof error.value !== 'object' ? { value: error.value } : {}),
        });
      }
    }
    if (error.children?.length) problems.push(...flattenValidationErrors(error.children, path));
  }
  return problems;
}

function joinPath(parent: string, property: string): string {
  if (/^\d+$/.test(property)) return `${parent}[${property}]`;
  return parent ? `${parent}.${property}` : property;
}

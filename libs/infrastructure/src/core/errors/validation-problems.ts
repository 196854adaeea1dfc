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
      // One entry per field; several broken constraints are joined into one message.
      const message = Object.entries(error.constraints)
        .map(([name, text]) => (name === 'whitelistValidation' ? 'is not an allowed field' : text.replace(/^\S+ /, '')))
        .join('; ');
      problems.push({
        field: path,
        message,
        ...(error.value !== undefined && typeof error.value !== 'object' ? { value: error.value } : {}),
      });
    }
    if (error.children?.length) problems.push(...flattenValidationErrors(error.children, path));
  }
  return problems;
}

function joinPath(parent: string, property: string): string {
  if (/^\d+$/.test(property)) return `${parent}[${property}]`;
  return parent ? `${parent}.${property}` : property;
}

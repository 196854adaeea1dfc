import { ValidationError } from 'class-validator';
import { FieldProblem } from './app-error';

/** The most problems one answer lists: enough to fix a request, bounded for a hostile one. */
export const MAX_FIELD_PROBLEMS = 100;

/**
 * Flattens class-validator's tree into one problem per offending field, with paths a client can
 * follow: `candles[3].high`, `indicators[0].period`; at most MAX_FIELD_PROBLEMS of them.
 */
export function flattenValidationErrors(
  errors: ValidationError[],
  parent = '',
  problems: FieldProblem[] = [],
): FieldProblem[] {
  for (const error of errors) {
    if (problems.length >= MAX_FIELD_PROBLEMS) break;
    const path = joinPath(parent, error.property);
    if (error.constraints) {
      // One entry per field; several broken constraints are joined into one message.
      const message = Object.entries(error.constraints)
        .map(([name, text]) => describeConstraint(name, text, error.property))
        .join('; ');
      problems.push({
        field: path,
        message,
        ...(error.value !== undefined && typeof error.value !== 'object' ? { value: error.value } : {}),
      });
    }
    if (error.children?.length) flattenValidationErrors(error.children, path, problems);
  }
  return problems;
}

function describeConstraint(name: string, text: string, property: string): string {
  return name === 'whitelistValidation' ? 'is not an allowed field' : withoutSubject(text, property);
}

/**
 * class-validator's messages start with the property ("type must be …", "each value in tags must
 * …"); the field already names it. Custom messages that do not start with it are kept whole.
 */
function withoutSubject(text: string, property: string): string {
  if (text.startsWith(`${property} `)) return text.slice(property.length + 1);
  const each = `each value in ${property} `;
  return text.startsWith(each) ? `each value ${text.slice(each.length)}` : text;
}

function joinPath(parent: string, property: string): string {
  if (/^\d+$/.test(property)) return `${parent}[${property}]`;
  return parent ? `${parent}.${property}` : property;
}

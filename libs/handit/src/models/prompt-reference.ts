import type { FieldProblem } from '@app/infrastructure';

/** Prompt names: letters, digits and `_.-`, as Langfuse allows them (no folders: the tenant is the folder). */
export const PROMPT_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;
/** Labels: lower case, as Langfuse's (`production`, `staging`, any). */
export const PROMPT_LABEL_PATTERN = /^[a-z0-9][a-z0-9_.-]{0,35}$/;
const MAX_VARIABLES = 50;
const MAX_VARIABLE_CHARS = 16_000;

/** Checks a prompt reference's shape (whether the prompt exists is known when the task runs). */
export function validatePromptReference(value: unknown, field: string): FieldProblem[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return [{ field, message: 'must be an object { name, label?, version?, variables? }' }];
  const ref = value as Record<string, unknown>;
  const problems: FieldProblem[] = [];
  for (const key of Object.keys(ref))
    if (!['name', 'label', 'version', 'variables'].includes(key))
      problems.push({ field: `${field}.${key}`, message: 'is not an allowed field' });
  if (typeof ref.name !== 'string' || !PROMPT_NAME_PATTERN.test(ref.name))
    problems.push({ field: `${field}.name`, message: `must match ${PROMPT_NAME_PATTERN.source}` });
  if (ref.label !== undefined && (typeof ref.label !== 'string' || !PROMPT_LABEL_PATTERN.test(ref.label)))
    problems.push({ field: `${field}.label`, message: `must match ${PROMPT_LABEL_PATTERN.source}` });
  if (ref.version !== undefined && !(Number.isInteger(ref.version) && (ref.version as number) >= 1))
    problems.push({ field: `${field}.version`, message: 'must be an integer of at least 1' });
  if (ref.label !== undefined && ref.version !== undefined)
    problems.push({ field: `${field}.version`, message: 'give either label or version, not both' });
  if (ref.variables !== undefined) {
    const vars = ref.variables;
    if (typeof vars !== 'object' || vars === null || Array.isArray(vars))
      problems.push({ field: `${field}.variables`, message: 'must be an object of strings' });
    else {
      const entries = Object.entries(vars);
      if (entries.length > MAX_VARIABLES)
        problems.push({ field: `${field}.variables`, message: `must hold at most ${MAX_VARIABLES} variables` });
      for (const [k, v] of entries)
        if (typeof v !== 'string' || v.length > MAX_VARIABLE_CHARS)
          problems.push({
            field: `${field}.variables.${k}`,
            message: `must be a string of at most ${MAX_VARIABLE_CHARS} characters`,
          });
    }
  }
  return problems;
}

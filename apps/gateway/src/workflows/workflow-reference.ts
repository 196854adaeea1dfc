import { AppError } from '@app/infrastructure';

const NAME = /^[a-z][a-z0-9-]{1,62}$/;

/** A workflow is named (template or registered) or given inline as a definition object; 400 otherwise. */
export function assertWorkflowReference(workflow: unknown, field = 'workflow'): void {
  const ok =
    typeof workflow === 'string'
      ? NAME.test(workflow)
      : workflow !== null && typeof workflow === 'object' && !Array.isArray(workflow);
  if (!ok)
    throw AppError.validation([
      { field, message: 'must be a workflow name (lowercase letters, digits, -) or a definition object' },
    ]);
}

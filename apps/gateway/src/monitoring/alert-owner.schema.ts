/** A Date as the API writes it (null stays null). */
export const iso = (d: Date | null) => d?.toISOString() ?? null;

/** The `tenant` of a rule, silence or history event. */
export const OWNER_SCHEMA = {
  type: 'string',
  nullable: true,
  example: 'desk-fx',
  description: 'Owner: the creator’s tenant; null for the system scope (config rules, rules made with `scope: system`)',
};

/** Answer to deleting a rule or a silence. */
export function presentDeletion(id: string) {
  return { id, deleted: true as const };
}

export const DELETION_SCHEMA = (example: string) => ({ type: 'object', example: { id: example, deleted: true } });

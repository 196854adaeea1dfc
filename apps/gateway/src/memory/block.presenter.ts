import type { CoreBlock, ExportedBlock } from '@app/letta';
import { TIMESTAMP_SCHEMA } from './memory.presenter';

/** The API's view of a core block. */
export function presentBlock(block: CoreBlock) {
  return { agentId: block.agentId, ...presentExportedBlock(block) };
}

/** A block without its agent, as an export document holds it (the document names the agent once). */
export function presentExportedBlock(block: ExportedBlock) {
  return {
    label: block.label,
    value: block.value,
    limitChars: block.limitChars,
    description: block.description,
    createdAt: block.createdAt.toISOString(),
    updatedAt: block.updatedAt.toISOString(),
  };
}

export const BLOCK_SCHEMA = {
  type: 'object',
  properties: {
    agentId: { type: 'string', example: 'fx-trader-1' },
    label: { type: 'string', example: 'persona' },
    value: { type: 'string', example: 'You are a disciplined FX trader.' },
    limitChars: { type: 'integer', example: 2000 },
    description: { type: 'string', nullable: true, example: 'Who the agent is' },
    createdAt: TIMESTAMP_SCHEMA,
    updatedAt: TIMESTAMP_SCHEMA,
  },
};

export function presentBlocks(blocks: CoreBlock[]) {
  return { items: blocks.map(presentBlock) };
}

export const BLOCKS_SCHEMA = { type: 'object', properties: { items: { type: 'array', items: BLOCK_SCHEMA } } };

export function presentDeletedBlock(label: string) {
  return { label, deleted: true };
}

export const DELETED_BLOCK_SCHEMA = {
  type: 'object',
  properties: { label: { type: 'string', example: 'persona' }, deleted: { type: 'boolean', example: true } },
};

/** The OpenAPI schema of one page of a cursor-paginated list: `{ items, nextCursor }`. */
export function page(items: object) {
  return {
    type: 'object',
    required: ['items', 'nextCursor'],
    properties: {
      items: { type: 'array', items },
      nextCursor: {
        type: 'string',
        nullable: true,
        description: 'Pass as `cursor` for the next page; null on the last page',
        example: null,
      },
    },
  };
}

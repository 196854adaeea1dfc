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

/** One page of a cursor-paginated list as the API answers it: each item presented, the cursor as it is. */
export function presentPage<T, U, C>(page: { items: T[]; nextCursor: C }, present: (item: T) => U) {
  return { items: page.items.map(present), nextCursor: page.nextCursor };
}

import { SetMetadata } from '@nestjs/common';

export const BULK_BODY = 'infrastructure:bulk-body';

/**
 * Marks a route whose JSON body may carry bulk data (candles, memories, message payloads): it
 * takes BODY_LIMIT; every other route takes the smaller BODY_LIMIT_DEFAULT.
 */
export const BulkBody = (): MethodDecorator => SetMetadata(BULK_BODY, true);

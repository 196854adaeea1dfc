import { SetMetadata } from '@nestjs/common';

export const RAW_RESPONSE = 'infrastructure:raw-response';

/** Marks a handler whose body is not JSON-enveloped (Prometheus text, SSE streams, HTML). */
export const RawResponse = (): MethodDecorator & ClassDecorator => SetMetadata(RAW_RESPONSE, true);

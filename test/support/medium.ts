// The medium test layer's helper lives in infrastructure's testing surface, so medium specs beside
// a library's code and in test/medium share it.
import type { Principal } from '@app/infrastructure';

export { createMediumModule, type MediumModule, type MediumOptions } from '@app/infrastructure/testing';

/** Later than any real clock, so nothing a medium suite stores by the real time is due on its manual clock. */
export const MEDIUM_START = new Date('2031-01-06T08:00:00.000Z');

/** The operator of tenant desk-a, as an API key authenticates it: the caller of the medium suites' use cases. */
export const OPERATOR: Principal = { id: 'ops', role: 'operator', tenant: 'desk-a', authMethod: 'api-key' };

// The medium test layer's helper lives in infrastructure's testing surface, so medium specs beside
// a library's code and in test/medium share it.
export { createMediumModule, type MediumModule, type MediumOptions } from '@app/infrastructure/testing';

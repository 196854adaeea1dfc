// The list lives in infrastructure, so logs and span data blank the same configured secrets.
export { configuredSecretValues } from '@app/infrastructure';

// Public surface of the security layer. Everything else in this folder is private.
export * from './roles';
export * from './principal';
export { parseApiKeys, matchApiKey, ApiKeyParseError, type ApiKeyEntry } from './api-keys';
export { verifyJwt, type JwtVerifyOptions } from './jwt';
export { parseIpAllowlist, IpAllowlist, IpAllowlistParseError, type IpRule } from './ip-allowlist';
export { isAuthConfigured, isAuthEnforced, assertAuthConfigured, type WarnLogger } from './auth-config';
export * from './security-options';
export { SecurityPolicy } from './security-policy';
export { Authenticator, type AuthResult } from './authenticator';
export { Public, RequireRole, CurrentPrincipal, IS_PUBLIC_KEY, REQUIRED_ROLE_KEY } from './decorators';
export { AuthGuard, authRequirement, type RouteAuthRequirement } from './auth.guard';
export { IpAllowlistGuard } from './ip-allowlist.guard';
export { RateLimitGuard } from './rate-limit.guard';
export { RedisThrottlerStorage } from './redis-throttler-storage';
export {
  findOpenRoutes,
  listNestRoutes,
  listServedRoutes,
  type OpenRoute,
  type NestRoute,
  type ServedRoute,
} from './route-walker';
export { SecurityModule, type SecurityModuleAsyncOptions } from './security.module';

import { defaultRoleForMethod, isRole, roleAtLeast } from './roles';

describe('roles', () => {
  it('orders admin > operator > viewer', () => {
    expect(roleAtLeast('admin', 'operator')).toBe(true);
    expect(roleAtLeast('admin', 'viewer')).toBe(true);
    expect(roleAtLeast('operator', 'viewer')).toBe(true);
    expect(roleAtLeast('operator', 'operator')).toBe(true);
    expect(roleAtLeast('viewer', 'operator')).toBe(false);
    expect(roleAtLeast('operator', 'admin')).toBe(false);
    expect(roleAtLeast('viewer', 'admin')).toBe(false);
  });

  it('recognises only the three roles', () => {
    expect(['admin', 'operator', 'viewer'].every(isRole)).toBe(true);
    expect(isRole('Admin')).toBe(false);
    expect(isRole('toString')).toBe(false); // not fooled by Object.prototype
    expect(isRole(undefined)).toBe(false);
  });

  it('lets viewers read and asks operators for everything else', () => {
    expect(['GET', 'head', 'OPTIONS'].map(defaultRoleForMethod)).toEqual(['viewer', 'viewer', 'viewer']);
    expect(['POST', 'PUT', 'PATCH', 'DELETE'].map(defaultRoleForMethod)).toEqual([
      'operator',
      'operator',
      'operator',
      'operator',
    ]);
  });
});

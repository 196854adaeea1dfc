import { listenFailure } from './listen-failure';

const failure = (code: string, message = `listen ${code}`) => Object.assign(new Error(message), { code });

describe('listenFailure', () => {
  it('names host:port and the settings to change for a port in use', () => {
    expect(listenFailure(failure('EADDRINUSE'), '0.0.0.0', 3000)).toBe(
      'Cannot listen on 0.0.0.0:3000: the address is already in use (EADDRINUSE); stop the other process or set PORT/HOST',
    );
  });

  it('explains a privileged port and an address the host does not have', () => {
    expect(listenFailure(failure('EACCES'), '0.0.0.0', 80)).toMatch(
      /^Cannot listen on 0\.0\.0\.0:80: permission denied/,
    );
    expect(listenFailure(failure('EADDRNOTAVAIL'), '10.9.9.9', 3000)).toMatch(
      /^Cannot listen on 10\.9\.9\.9:3000: no such local address/,
    );
  });

  it('keeps the system message for anything else', () => {
    expect(listenFailure(failure('EINVAL', 'listen EINVAL: invalid argument'), '::1', 3000)).toBe(
      'Cannot listen on ::1:3000: listen EINVAL: invalid argument',
    );
  });
});

const IN_USE_HINT = 'stop the other process or set PORT/HOST';

/** Why the HTTP server could not listen, in one line naming host:port and the setting to change. */
export function listenFailure(err: NodeJS.ErrnoException, host: string, port: number): string {
  const where = `${host}:${port}`;
  switch (err.code) {
    case 'EADDRINUSE':
      return `Cannot listen on ${where}: the address is already in use (EADDRINUSE); ${IN_USE_HINT}`;
    case 'EACCES':
      return `Cannot listen on ${where}: permission denied (EACCES); use a port above 1023 or set PORT`;
    case 'EADDRNOTAVAIL':
      return `Cannot listen on ${where}: no such local address (EADDRNOTAVAIL); set HOST`;
    default:
      return `Cannot listen on ${where}: ${err.message}`;
  }
}

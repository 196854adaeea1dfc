import { readFileSync } from 'node:fs';
import { DASHBOARD_CLIENT_JS } from './dashboard-client';
import { DASHBOARD_HTML } from './dashboard-page';

export interface Asset {
  contentType: string;
  body: string;
}

/** uPlot ships its browser build in dist/; resolved through its package.json, read once. */
function uplotFile(file: string): string {
  const pkg = require.resolve('uplot/package.json');
  return readFileSync(pkg.replace(/package\.json$/, `dist/${file}`), 'utf8');
}

let cache: Record<string, Asset> | null = null;

/** The page and everything it loads, all served by the gateway itself (no CDN). */
export function dashboardAssets(): Record<string, Asset> {
  cache ??= {
    'index.html': { contentType: 'text/html; charset=utf-8', body: DASHBOARD_HTML },
    'dashboard.js': { contentType: 'text/javascript; charset=utf-8', body: DASHBOARD_CLIENT_JS },
    'uplot.min.js': { contentType: 'text/javascript; charset=utf-8', body: uplotFile('uPlot.iife.min.js') },
    'uplot.min.css': { contentType: 'text/css; charset=utf-8', body: uplotFile('uPlot.min.css') },
  };
  return cache;
}

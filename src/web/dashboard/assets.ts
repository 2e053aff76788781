import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const assetsFolder = fileURLToPath(new URL('./assets/', import.meta.url));
// Chart.js is served from its own package so that its version follows package-lock.json.
const chartJsFolder = path.dirname(createRequire(import.meta.url).resolve('chart.js'));

const dashboardAssets: Record<string, { file: string; contentType: string }> = {
  'dashboard.js': { file: path.join(assetsFolder, 'dashboard.js'), contentType: 'text/javascript; charset=utf-8' },
  'dashboard.css': { file: path.join(assetsFolder, 'dashboard.css'), contentType: 'text/css; charset=utf-8' },
  'chart.umd.min.js': { file: path.join(chartJsFolder, 'chart.umd.min.js'), contentType: 'text/javascript; charset=utf-8' },
};

/** Reads one of the dashboard's static files by name, or returns null for an unknown name. */
export async function readDashboardAsset(name: string): Promise<{ body: string; contentType: string } | null> {
  const asset = Object.hasOwn(dashboardAssets, name) ? dashboardAssets[name] : undefined;
  if (!asset) return null;
  return { body: await readFile(asset.file, 'utf8'), contentType: asset.contentType };
}

import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/** The package version, read from the nearest package.json above this file (bundled or compiled alike). */
export function packageVersion(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'release-flow-studio' && pkg.version) return pkg.version;
    } catch {
      // keep looking upwards
    }
    if (path.dirname(dir) === dir) return 'unknown';
  }
}

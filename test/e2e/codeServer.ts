/**
 * A real VS Code for the end-to-end tests: code-server 4.100.3 (VS Code
 * 1.100.3), installed by test/support/setup-e2e.sh into .cache/code-server. Each
 * test run gets its own user-data and extensions folders, installs the
 * packaged .vsix there, and serves one workspace on 127.0.0.1 without auth.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';

export const repoRoot = path.join(__dirname, '../../..');
export const CODE_SERVER = path.join(process.env.RELEASE_FLOW_E2E_CACHE ?? path.join(repoRoot, '.cache', 'code-server'), 'node_modules', '.bin', 'code-server');
export const EXTENSION_ID = 'release-flow-studio.release-flow-studio';

const run = promisify(execFile);

/**
 * code-server is installed by the project's own script (npm test's pretest
 * runs it). In CI its absence is a failure; on a machine where the script
 * could not install it, the suite is skipped and says why.
 */
export function requireCodeServer(context: Mocha.Context): void {
  if (existsSync(CODE_SERVER)) return;
  if (process.env.CI) throw new Error(`${CODE_SERVER} is missing in CI: test/support/setup-e2e.sh should have installed it.`);
  console.log(`      (skipped: ${CODE_SERVER} is missing; run 'bash test/support/setup-e2e.sh' to enable the editor end-to-end tests)`);
  context.skip();
}

/** `npm run package`'s packaging step, into `file`: the e2e tests install what users install. */
export async function packageExtension(file: string): Promise<void> {
  await run(process.execPath, [path.join(repoRoot, 'scripts', 'package.mjs'), file], { cwd: repoRoot, maxBuffer: 16 * 1024 * 1024 });
}

export interface Profile {
  userData: string;
  extensions: string;
  /** code-server's config.yaml (it writes one with a password when there is none) and its logs stay in here, not under ~/.config and ~/.local. */
  env: NodeJS.ProcessEnv;
}

/**
 * A fresh profile with user settings that keep the welcome pages away, and the
 * .vsix installed (none: the extension comes from extensionDevelopmentPath).
 */
export async function makeProfile(folder: string, vsix: string | undefined, settings: Record<string, unknown>): Promise<Profile> {
  const profile: Profile = {
    userData: path.join(folder, 'user-data'),
    extensions: path.join(folder, 'extensions'),
    env: { ...process.env, XDG_CONFIG_HOME: path.join(folder, 'config'), XDG_DATA_HOME: path.join(folder, 'data'), XDG_CACHE_HOME: path.join(folder, 'cache') },
  };
  await fs.mkdir(path.join(profile.userData, 'User'), { recursive: true });
  await fs.writeFile(path.join(profile.userData, 'User', 'settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'security.workspace.trust.enabled': false,
    'git.enabled': false,
    'editor.minimap.enabled': false,
    'window.commandCenter': false,
    // VS Code for the web saves after a delay by default: the tests decide when a file is saved.
    'files.autoSave': 'off',
    ...settings,
  }, null, 2));
  if (vsix === undefined) return profile;
  const { stdout, stderr } = await run(CODE_SERVER, ['--extensions-dir', profile.extensions, '--user-data-dir', profile.userData, '--install-extension', vsix], { maxBuffer: 16 * 1024 * 1024, env: profile.env });
  if (!/successfully installed/i.test(stdout + stderr)) throw new Error(`Installing the .vsix failed:\n${stdout}\n${stderr}`);
  return profile;
}

export interface CodeServer {
  url: string;
  process: ChildProcess;
  /** Everything code-server printed, for failure reports. */
  output(): string;
  stop(): Promise<void>;
}

/** Starts code-server on a free loopback port; resolves once it says where it listens. */
export async function startCodeServer(profile: Profile, workspace: string, env: NodeJS.ProcessEnv = {}): Promise<CodeServer> {
  const child = spawn(CODE_SERVER, [
    '--auth', 'none', '--bind-addr', '127.0.0.1:0', '--user-data-dir', profile.userData, '--extensions-dir', profile.extensions,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override', workspace,
  // No extension gallery: the workbench would otherwise query open-vsx.org, which these machines must not reach.
  ], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...profile.env, ...env, CS_DISABLE_FILE_DOWNLOADS: '1', EXTENSIONS_GALLERY: '{}' } });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      const match = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) resolve(match[1] as string);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`code-server exited (${code}) before listening:\n${output}`)));
    child.once('error', reject);
  });
  return {
    url,
    process: child,
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** git with a fixed identity, in `cwd`. */
export async function git(cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await run('git', ['-c', 'user.name=E2E', '-c', 'user.email=e2e@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd });
  return stdout.trim();
}

/** Ends an e2e session: the browser, code-server (its output printed with RELEASE_FLOW_E2E_LOG), the scratch folder. */
export async function endSession(browser: { close(): Promise<void> } | undefined, server: CodeServer | undefined, folder: string | undefined): Promise<void> {
  await browser?.close().catch(() => undefined);
  if (server) {
    if (process.env.RELEASE_FLOW_E2E_LOG) console.log(server.output());
    await server.stop();
  }
  if (folder) await fs.rm(folder, { recursive: true, force: true });
}

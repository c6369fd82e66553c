/**
 * Who the editor talks to Northflank as. The API token given to "Sign in to
 * Northflank" lives in VS Code's SecretStorage only (never in settings, files
 * or the log); without one, the CLI's sources are used as `release-flow
 * remote` uses them (NORTHFLANK_TOKEN, else the northflank CLI's current
 * context, core/northflank/credentials.ts), and every message says which.
 * The API is `releaseFlow.northflank.apiUrl`, else where those sources point.
 *
 * One PlatformClient per token and API, so its rate-limit state is shared by
 * every view and command; the official client inside it is loaded on the
 * first request (dist/northflank-client.js), never at activation.
 */
import * as os from 'node:os';
import * as vscode from 'vscode';
import { PlatformClient } from '../../core/northflank/client';
import { PUBLIC_API_URL, sendsTokenInClear, withoutToken, type Credentials } from '../../core/northflank/credentials';
import { apiUrlSetting, chooseCredentials } from './credentialChoice';

export const TOKEN_SECRET = 'releaseFlow.northflank.token';
/** Context keys for `when` clauses: signed in (a saved token), connected (a token from any source). */
const SIGNED_IN_KEY = 'releaseFlow.northflank.signedIn';
const CONNECTED_KEY = 'releaseFlow.northflank.connected';

export interface ConnectionLog {
  info(message: string): void;
  warn(message: string): void;
}

export class NorthflankConnection implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Signed in or out, the API changed: views and previews read again. */
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];
  private cached: { key: string; client: PlatformClient; credentials: Credentials } | undefined;
  private current: Promise<Credentials | undefined> | undefined;
  private toldSource: string | undefined;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly log: ConnectionLog,
    private readonly env: Readonly<Record<string, string | undefined>> = process.env,
  ) {
    this.disposables.push(
      this.changed,
      secrets.onDidChange((e) => {
        if (e.key === TOKEN_SECRET) this.reset();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('releaseFlow.northflank.apiUrl')) this.reset();
      }),
    );
    void this.credentials();
  }

  private reset(): void {
    this.current = undefined;
    this.cached = undefined;
    void this.credentials().then(() => this.changed.fire());
  }

  /** The credentials in use, or undefined when there is no token anywhere. */
  credentials(): Promise<Credentials | undefined> {
    this.current ??= (async () => {
      const saved = await this.secrets.get(TOKEN_SECRET);
      const found = await (async () => chooseCredentials(saved, apiUrlSetting(vscode.workspace.getConfiguration('releaseFlow').get('northflank.apiUrl')), this.env, this.env.HOME ?? os.homedir()))().catch((error: Error) => {
        // A wrong setting or a broken CLI config: said, and nothing is sent anywhere.
        this.log.warn(`Northflank: ${error.message}`);
        void vscode.window.showWarningMessage(`Northflank: ${error.message}`, 'Show Log').then((choice) => {
          if (choice) void vscode.commands.executeCommand('releaseFlow.showLog');
        });
        return undefined;
      });
      void vscode.commands.executeCommand('setContext', SIGNED_IN_KEY, saved !== undefined && saved !== '');
      void vscode.commands.executeCommand('setContext', CONNECTED_KEY, found !== undefined);
      if (found && this.toldSource !== `${found.source} ${found.baseUrl}`) {
        this.toldSource = `${found.source} ${found.baseUrl}`;
        this.log.info(`Northflank: using ${found.source}, API ${found.baseUrl}.`);
        if (sendsTokenInClear(found.baseUrl)) {
          this.log.warn(`Northflank: ${found.baseUrl} is plain http: the API token travels unencrypted.`);
          void vscode.window.showWarningMessage(`Northflank: ${found.baseUrl} is plain http: the API token would travel unencrypted. Use https in releaseFlow.northflank.apiUrl.`);
        }
      }
      return found;
    })();
    return this.current;
  }

  /** The client for the current credentials; undefined when there is no token. */
  async client(): Promise<{ client: PlatformClient; credentials: Credentials } | undefined> {
    const credentials = await this.credentials();
    if (!credentials) return undefined;
    const key = `${credentials.baseUrl}\u0000${credentials.token}`;
    if (this.cached?.key !== key) {
      const client = new PlatformClient(credentials, { onNotice: (message) => this.log.info(`Northflank: ${withoutToken(message, credentials.token)}`) });
      this.cached = { key, client, credentials };
    }
    return { client: this.cached.client, credentials: this.cached.credentials };
  }

  /** The client, or a message offering to sign in; undefined when there is none. */
  async requireClient(): Promise<{ client: PlatformClient; credentials: Credentials } | undefined> {
    const found = await this.client();
    if (found) return found;
    void vscode.window.showWarningMessage('Northflank: no API token. Sign in, or set NORTHFLANK_TOKEN, or log in with the northflank CLI.', 'Sign In').then((choice) => {
      if (choice === 'Sign In') void vscode.commands.executeCommand('releaseFlow.northflank.signIn');
    });
    return undefined;
  }

  /** Asks for a token (masked input) and keeps it in SecretStorage; `token` is given by tests and keybindings. */
  async signIn(token?: string): Promise<boolean> {
    const value = token ?? (await vscode.window.showInputBox({
      title: 'Sign in to Northflank',
      prompt: 'An API token (Team or Account settings > API > Tokens). It is kept in VS Code\'s secret storage, never in settings or files.',
      password: true,
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() === '' ? 'Paste the API token.' : /\s/.test(v.trim()) ? 'A token has no spaces.' : undefined),
    }));
    if (value === undefined || value.trim() === '') return false;
    await this.secrets.store(TOKEN_SECRET, value.trim());
    this.current = undefined;
    this.cached = undefined;
    const credentials = await this.credentials();
    this.changed.fire();
    void vscode.window.showInformationMessage(`Signed in to Northflank (API ${credentials?.baseUrl ?? PUBLIC_API_URL}).`);
    return true;
  }

  async signOut(): Promise<void> {
    const had = (await this.secrets.get(TOKEN_SECRET)) !== undefined;
    await this.secrets.delete(TOKEN_SECRET);
    this.current = undefined;
    this.cached = undefined;
    const left = await this.credentials();
    this.changed.fire();
    const still = left ? ` ${left.source} is still used: unset it to disconnect.` : '';
    void vscode.window.showInformationMessage(had ? `Signed out of Northflank: the saved token is deleted.${still}` : `No token was saved.${still}`);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

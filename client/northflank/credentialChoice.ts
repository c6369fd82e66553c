/**
 * Which token and API the editor uses (no `vscode` here, so that it is
 * tested directly): the token saved by "Sign in to Northflank" first, else
 * the CLI's sources (NORTHFLANK_TOKEN, the northflank CLI's context); the
 * `releaseFlow.northflank.apiUrl` setting, when set, wins over where they point.
 */
import { CredentialsError, PUBLIC_API_URL, resolveCredentials, type Credentials } from '../../core/northflank/credentials';

export const SIGNED_IN_SOURCE = 'the token saved by "Sign in to Northflank"';

/** The API base URL the setting asks for: undefined when it is empty (the token's source decides); CredentialsError unless absolute http(s). */
export function apiUrlSetting(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const url = value.trim();
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new CredentialsError(`releaseFlow.northflank.apiUrl '${url}' is not an absolute URL (e.g. https://api.northflank.com).`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new CredentialsError(`releaseFlow.northflank.apiUrl '${url}' is not http or https.`);
  return url.replace(/\/+$/, '');
}

/**
 * The credentials to use: the saved token first, else the environment and
 * the CLI's context; `apiUrl` (the setting) overrides where they point.
 */
export async function chooseCredentials(saved: string | undefined, apiUrl: string | undefined, env: Readonly<Record<string, string | undefined>>, home: string | undefined): Promise<Credentials | undefined> {
  if (saved !== undefined && saved.trim() !== '') {
    return { token: saved.trim(), source: SIGNED_IN_SOURCE, baseUrl: apiUrl ?? env.NORTHFLANK_API_URL?.trim().replace(/\/+$/, '') ?? PUBLIC_API_URL };
  }
  try {
    const found = await resolveCredentials(env, home);
    return apiUrl === undefined ? found : { ...found, baseUrl: apiUrl };
  } catch (error) {
    // No token anywhere: signed out. Anything else (a broken CLI config) is said by the caller.
    if (error instanceof CredentialsError && /^No Northflank API token/.test(error.message)) return undefined;
    throw error;
  }
}


/** What the status bar says of the connection for the active flow; undefined: nothing to say (no token, and the flow is not linked). */
export interface ConnectionStatus {
  text: string;
  tooltip: string;
  command: string;
}

export function connectionStatus(credentials: Pick<Credentials, 'source' | 'baseUrl'> | undefined, flowLinked: boolean): ConnectionStatus | undefined {
  if (credentials) {
    const how = credentials.source === SIGNED_IN_SOURCE ? 'Signed in to Northflank' : `Connected to Northflank with ${credentials.source}`;
    return { text: '$(cloud) Northflank', tooltip: `${how}, API ${credentials.baseUrl}. Click for the Northflank view.`, command: 'releaseFlow.northflank.focus' };
  }
  // Signed out, only worth saying where it matters: a flow linked to a pipeline.
  if (!flowLinked) return undefined;
  return { text: '$(debug-disconnect) Northflank: signed out', tooltip: 'This flow is linked to Northflank, but no API token is there. Click to sign in.', command: 'releaseFlow.northflank.signIn' };
}

/**
 * Repository URLs in their many spellings, reduced to one form so that a
 * trigger's `repoUrl` can be compared with the repository's remotes:
 *
 *   https://github.com/Acme/shop.git      -> github.com/Acme/shop
 *   git@GitHub.com:Acme/shop.git          -> github.com/Acme/shop
 *   ssh://git@github.com:22/Acme/shop     -> github.com/Acme/shop
 *   github.com/Acme/shop/                 -> github.com/Acme/shop
 *
 * Host names are case-insensitive (DNS); user, password, port, a leading
 * `www.`, a `.git` suffix and trailing slashes are dropped. The path keeps its
 * case: GitHub treats `Acme/Shop` and `acme/shop` as one repository but GitLab
 * and self-hosted servers need not, so a case-only difference is reported, not
 * silently matched.
 */

export interface NormalisedUrl {
  host: string;
  path: string;
  /** `host/path`, the comparable form. */
  key: string;
}

const SCP_LIKE = /^(?:[^@/\s]+@)?([^:/\s]+):(?!\/\/)(.+)$/;

export function normaliseRepoUrl(url: string): NormalisedUrl | undefined {
  const text = url.trim();
  if (text === '') return undefined;
  let host: string;
  let rest: string;
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text);
  if (scheme) {
    let parsed: URL;
    try {
      parsed = new URL(text);
    } catch {
      return undefined;
    }
    if (parsed.protocol === 'file:') return { host: '', path: stripPath(parsed.pathname), key: `file:${stripPath(parsed.pathname)}` };
    host = parsed.hostname;
    rest = decodeURIComponent(parsed.pathname);
  } else {
    const scp = SCP_LIKE.exec(text);
    if (scp && !text.startsWith('/') && !/^[a-z]:[\\/]/i.test(text)) {
      host = scp[1] as string;
      rest = scp[2] as string;
    } else if (/^[^/\s]+\.[^/\s]+\//.test(text)) {
      // Scheme-less `github.com/owner/repo`, as the API's repoUrl pattern allows.
      const slash = text.indexOf('/');
      host = text.slice(0, slash);
      rest = text.slice(slash);
    } else {
      // A local path used as a remote (tests, mirrors): compared as a path.
      return { host: '', path: stripPath(text), key: `file:${stripPath(text)}` };
    }
  }
  host = host.toLowerCase().replace(/^www\./, '').replace(/\.$/, '');
  const path = stripPath(rest);
  if (host === '' || path === '') return undefined;
  return { host, path, key: `${host}/${path}` };
}

function stripPath(path: string): string {
  return path.replace(/\/+$/, '').replace(/\.git$/i, '').replace(/\/+$/, '').replace(/^\/+/, '');
}

export type RepoMatch = { same: true } | { same: false; caseOnly: boolean };

export function compareRepoUrls(a: string, b: string): RepoMatch {
  const x = normaliseRepoUrl(a);
  const y = normaliseRepoUrl(b);
  if (!x || !y) return { same: false, caseOnly: false };
  if (x.key === y.key) return { same: true };
  return { same: false, caseOnly: x.key.toLowerCase() === y.key.toLowerCase() };
}

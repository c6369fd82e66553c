// The README that goes into the .vsix: the user-facing docs/extension/README.md
// with every relative link made to work where VS Code shows it (the extension's
// details page, whose webview loads no file of the extension: only https: and
// data: images).
// - With a GitHub or GitLab `repository` in package.json: relative links become
//   absolute links into that repository (images as raw files), as the
//   Marketplace expects.
// - Without one: images are inlined as data: URIs (PNG, JPEG or GIF; the .vsix
//   grows by about their size), and a relative link that is not an image is an
//   error, since nothing could resolve it.
import { readFileSync } from 'node:fs';
import { posix } from 'node:path';

/** The user-facing README, relative to the repository root. */
export const USER_README = 'docs/extension/README.md';

const IMAGE_TYPES = { '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif' };

/**
 * The repository's web address from package.json's `repository` (a string such
 * as `github:owner/name`, `owner/name`, a URL, or `{ url }`), when it is on
 * GitHub or GitLab; undefined otherwise.
 */
export function repositoryWebUrl(repository) {
  const raw = typeof repository === 'string' ? repository : repository?.url;
  if (typeof raw !== 'string' || raw.trim() === '') return undefined;
  const text = raw.trim();
  const shorthand = /^(?:(github|gitlab):)?([\w.-]+)\/([\w.-]+?)(?:\.git)?$/.exec(text);
  if (shorthand) return `https://${shorthand[1] ?? 'github'}.com/${shorthand[2]}/${shorthand[3]}`;
  const url = /^(?:git\+)?(?:https?|ssh|git):\/\/(?:[^@/]+@)?(github\.com|gitlab\.com)(?::\d+)?\/(.+?)(?:\.git)?\/?$/i.exec(text)
    ?? /^(?:[^@]+@)?(github\.com|gitlab\.com):(.+?)(?:\.git)?$/i.exec(text);
  if (!url) return undefined;
  return `https://${url[1].toLowerCase()}/${url[2]}`;
}

/** Raw-file and page addresses of a repository path, on GitHub or GitLab, at the default branch. */
function repositoryLinks(webUrl) {
  const gitlab = webUrl.startsWith('https://gitlab.com/');
  return {
    image: (file) => `${webUrl}/${gitlab ? '-/raw' : 'raw'}/HEAD/${file}`,
    page: (file) => `${webUrl}/${gitlab ? '-/blob' : 'blob'}/HEAD/${file}`,
  };
}

function isRelative(link) {
  return !/^[a-z][\w+.-]*:/i.test(link) && !link.startsWith('#') && !link.startsWith('//');
}

/**
 * Rewrites a README's relative links. `readmePath` is the README's path in the
 * repository (posix), `readFile(repoPath)` reads a repository file as a Buffer.
 * Returns the new text and, per image, where it now points.
 * Throws, naming the link, when an image is missing or a link cannot resolve.
 */
export function packagedReadme(markdown, { readmePath, repository, readFile }) {
  const webUrl = repositoryWebUrl(repository);
  const links = webUrl ? repositoryLinks(webUrl) : undefined;
  const folder = posix.dirname(readmePath);
  const images = [];
  const resolveTarget = (target) => {
    const [file, anchor] = target.split('#', 2);
    const resolved = posix.normalize(posix.join(folder, decodeURI(file)));
    if (resolved.startsWith('../')) throw new Error(`${readmePath}: '${target}' points outside the repository.`);
    return { file: resolved, anchor: anchor === undefined ? '' : `#${anchor}` };
  };
  const image = (target) => {
    const { file } = resolveTarget(target);
    let bytes;
    try {
      bytes = readFile(file);
    } catch {
      throw new Error(`${readmePath}: the image '${target}' (${file}) does not exist.`);
    }
    const type = IMAGE_TYPES[posix.extname(file).toLowerCase()];
    let url;
    if (links) url = links.image(file);
    else if (type) url = `data:${type};base64,${bytes.toString('base64')}`;
    else throw new Error(`${readmePath}: the image '${target}' cannot be inlined (PNG, JPEG or GIF only) and package.json names no GitHub or GitLab repository to link it from.`);
    images.push({ target, file, bytes: bytes.length, url: url.startsWith('data:') ? `data:${type} (${bytes.length} bytes)` : url });
    return url;
  };
  const page = (target) => {
    const { file, anchor } = resolveTarget(target);
    if (!links) throw new Error(`${readmePath}: the link '${target}' cannot work in the package: package.json names no GitHub or GitLab repository to link it to.`);
    return links.page(file) + anchor;
  };
  // ![alt](target "title") and [text](target "title"); an image inside a link's text is handled by the inner match first.
  const markdownLink = /(!?)\[((?:[^\[\]]|!\[[^\[\]]*\]\([^)]*\))*)\]\(\s*<?([^)\s>]+)>?(\s+"[^"]*")?\s*\)/g;
  const rewrite = (text) => text.replace(markdownLink, (whole, bang, label, target, title = '') => {
    const inner = rewrite(label);
    if (!isRelative(target)) return `${bang}[${inner}](${target}${title})`;
    return `${bang}[${inner}](${bang ? image(target) : page(target)}${title})`;
  });
  let text = rewrite(markdown);
  text = text.replace(/(<img\b[^>]*\bsrc=)(["'])([^"']+)\2/gi, (whole, start, quote, target) => (isRelative(target) ? `${start}${quote}${image(target)}${quote}` : whole));
  return { text, images };
}

/** packagedReadme for the file at `root/readmePath`, with package.json's repository. */
export function packagedReadmeOf(root, readmePath = USER_README) {
  const manifest = JSON.parse(readFileSync(posix.join(root, 'package.json'), 'utf8'));
  return packagedReadme(readFileSync(posix.join(root, readmePath), 'utf8'), {
    readmePath,
    repository: manifest.repository,
    readFile: (file) => readFileSync(posix.join(root, file)),
  });
}

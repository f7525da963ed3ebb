import * as fs from 'fs';
import * as path from 'path';

// The npm package ships README.md, package.json, LICENSE and what `files` lists (dist/, docs/): a relative
// link in a shipped page must point at a file of the package, and an anchor at a heading of that page.

const ROOT = path.join(__dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const ALWAYS_SHIPPED = ['README.md', 'package.json', 'LICENSE'];

/** The Markdown pages of the package: README.md and every page under a shipped folder. */
function shippedPages(): string[] {
  const pages = ['README.md'];
  for (const entry of pkg.files as string[]) {
    const dir = path.join(ROOT, entry);
    if (fs.existsSync(dir) && fs.statSync(dir).isDirectory()) {
      for (const f of fs.readdirSync(dir, { recursive: true }) as string[]) if (f.endsWith('.md')) pages.push(path.join(entry, f));
    }
  }
  return pages;
}

/** Whether a path (relative to the repository root) is in the package. */
function isShipped(relative: string): boolean {
  if (ALWAYS_SHIPPED.includes(relative)) return true;
  return (pkg.files as string[]).some((entry) => {
    const e = entry.replace(/\/$/, '');
    return relative === e || relative.startsWith(`${e}/`);
  });
}

/** GitHub's anchor for a heading: lowercase, punctuation dropped, spaces to "-". */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/`/g, '')
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

function anchorsOf(file: string): Set<string> {
  const text = fs.readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
  return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1])));
}

/** Relative links of a page (code blocks and absolute URLs left out). */
function linksOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]).filter((l) => !/^[a-z][a-z0-9+.-]*:/i.test(l));
}

/** What is wrong with a link of `page`, or undefined. */
export function brokenLink(page: string, link: string): string | undefined {
  const [target, anchor] = link.split('#');
  const relative = target === '' ? page : path.posix.normalize(path.posix.join(path.posix.dirname(page), target));
  if (relative.startsWith('..')) return `points outside the repository (${relative})`;
  if (!fs.existsSync(path.join(ROOT, relative))) return `points at ${relative}, which does not exist`;
  if (!isShipped(relative)) return `points at ${relative}, which the npm package does not contain (files: ${pkg.files.join(', ')})`;
  if (anchor !== undefined && relative.endsWith('.md') && !anchorsOf(path.join(ROOT, relative)).has(anchor)) return `points at #${anchor}, which is no heading of ${relative}`;
  return undefined;
}

describe('links in the published docs', () => {
  const pages = shippedPages();

  test('README.md and docs/ are the shipped pages', () => {
    expect(pages).toContain('README.md');
    expect(pages.filter((p) => p.startsWith('docs/')).length).toBeGreaterThan(0);
  });

  test.each(pages)('every relative link of %s points into the package', (page) => {
    const broken = linksOf(path.join(ROOT, page))
      .map((link) => ({ link, why: brokenLink(page, link) }))
      .filter((b) => b.why !== undefined)
      .map((b) => `${page}: (${b.link}) ${b.why}`);
    expect(broken).toEqual([]);
  });

  test('the check catches a link to a file the package leaves out, a missing file and a missing anchor', () => {
    expect(brokenLink('docs/aws-ecr.md', '../examples/aws-ecr/main.ts')).toMatch(/which the npm package does not contain/);
    expect(brokenLink('docs/aws-ecr.md', 'no-such-page.md')).toMatch(/does not exist/);
    expect(brokenLink('README.md', 'docs/aws-ecr.md#no-such-heading')).toMatch(/no heading/);
    expect(brokenLink('README.md', 'docs/aws-ecr.md')).toBeUndefined();
  });
});

describe('the package description', () => {
  // What each lib/<family>/ folder provides, and what each retention dialect folder compiles to.
  const FAMILIES: Record<string, string> = { aws: 'AWS ECR', gcp: 'GCP Artifact Registry', azure: 'Azure Container Registry', harbor: 'Harbor' };
  const DIALECTS: Record<string, string> = { ecr: 'ECR', gar: 'GCP Artifact Registry', acr: 'Azure Container Registry', harbor: 'Harbor' };
  const present = (dir: string, names: Record<string, string>) => Object.keys(names).filter((k) => fs.existsSync(path.join(ROOT, dir, k)));

  test('names as construct families exactly the registry families lib/ has', () => {
    const m = /constructs for container registries \(([^)]*)\)/.exec(pkg.description);
    expect(m).not.toBeNull();
    const claimed = m![1].split(/, | and /).map((s: string) => s.trim());
    expect(claimed.sort()).toEqual(present('lib', FAMILIES).map((k) => FAMILIES[k]).sort());
  });

  test('names as retention targets exactly the dialects lib/core/retention has', () => {
    const m = /compiled to the cleanup rules of ([^;.]*)[;.]/.exec(pkg.description);
    expect(m).not.toBeNull();
    const claimed = m![1].split(/, | and /).map((s: string) => s.trim()).filter(Boolean);
    expect(claimed.sort()).toEqual(present('lib/core/retention', DIALECTS).map((k) => DIALECTS[k]).sort());
  });
});

import * as fs from 'fs';
import * as path from 'path';

// The Harbor snippet of docs/retention.md "Using the engine from code", run as written on a Harbor listing whose
// pages are appended in one file.
test('the Harbor snippet of "Using the engine from code" runs on appended Harbor pages; native and neutral agree', () => {
  const root = path.join(__dirname, '..', '..', '..');
  const doc = fs.readFileSync(path.join(root, 'docs', 'retention.md'), 'utf8');
  const section = doc.split('## Using the engine from code')[1].split('\n## ')[0];
  const snippet = [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]).find((s) => s.includes('HarborRetention.parseImages'));
  expect(snippet).toBeDefined();
  const pages = JSON.parse(fs.readFileSync(path.join(root, 'test', 'fixtures', 'cli', 'harbor', 'images-pages.json'), 'utf8')) as unknown[][];
  const appended = pages.map((p) => JSON.stringify(p, null, 2)).join('\n');
  const dir = fs.mkdtempSync(path.join(__dirname, '.docs-'));
  const file = path.join(dir, 'harbor.ts');
  fs.writeFileSync(file, `const artifactsText = ${JSON.stringify(appended)};\n${snippet!.replace('console.log(retained.warnings);', 'module.exports = { retained, meant, artifacts };')}`);
  try {
    let out: any;
    jest.isolateModules(() => (out = require(file)));
    const expired = (r: any) => r.decisions.filter((d: any) => d.action === 'expire').map((d: any) => d.digest);
    expect(out.artifacts.length).toBe(pages.flat().length);
    expect(expired(out.meant).length).toBeGreaterThan(0);
    expect(expired(out.retained)).toEqual(expired(out.meant));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// The README's TypeScript snippets, run in order as one program: the quick start must synthesize as written.
const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
const snippets = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);

test('the README quick start synthesizes both repositories as written', () => {
  expect(snippets.length).toBeGreaterThanOrEqual(2);
  // Imports first (they are hoisted anyway), then the statements in order.
  const lines = snippets.join('\n').split('\n');
  const program = [...lines.filter((l) => l.startsWith('import ')), ...lines.filter((l) => !l.startsWith('import '))].join('\n');
  const dir = fs.mkdtempSync(path.join(__dirname, '.readme-'));
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-out-'));
  const file = path.join(dir, 'quickstart.ts');
  fs.writeFileSync(file, program);
  const previous = process.env.CDKTF_OUTDIR;
  process.env.CDKTF_OUTDIR = outdir;
  try {
    jest.isolateModules(() => require(file));
    const json = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'registry', 'cdk.tf.json'), 'utf8'));
    const names = Object.values(json.resource.aws_ecr_repository).map((r: any) => r.name);
    expect(names.sort()).toEqual(['shop/api', 'shop/checkout']);
    expect(Object.keys(json.resource.aws_ecr_lifecycle_policy).some((k) => k.startsWith('Api_'))).toBe(true);
  } finally {
    if (previous === undefined) delete process.env.CDKTF_OUTDIR;
    else process.env.CDKTF_OUTDIR = previous;
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(outdir, { recursive: true, force: true });
  }
});

test('the "Using the engine from code" snippet of docs/retention.md runs on a real ECR listing', () => {
  const doc = fs.readFileSync(path.join(__dirname, '..', 'docs', 'retention.md'), 'utf8');
  const section = doc.split('## Using the engine from code')[1].split('\n## ')[0];
  const snippet = /```ts\n([\s\S]*?)```/.exec(section)![1];
  const fixture = path.join(__dirname, 'fixtures', 'cli', 'ecr', 'images.json');
  const dir = fs.mkdtempSync(path.join(__dirname, '.readme-'));
  const file = path.join(dir, 'engine.ts');
  // The snippet's free variable is the listing; its last statement is kept as the module's result.
  fs.writeFileSync(
    file,
    `const describeImagesJson = require('fs').readFileSync(${JSON.stringify(fixture)}, 'utf8');\n` +
      snippet.replace('console.log(gar.warnings);', 'module.exports = { reference, result, gar };'),
  );
  try {
    let out: any;
    jest.isolateModules(() => (out = require(file)));
    const expired = (r: any) => r.decisions.filter((d: any) => d.action === 'expire').map((d: any) => d.digest);
    expect(expired(out.reference).length).toBeGreaterThan(0);
    expect(expired(out.result)).toEqual(expired(out.reference));
    expect(out.gar.warnings.length).toBeGreaterThan(0);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

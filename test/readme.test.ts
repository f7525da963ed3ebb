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

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const doc = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'harbor.md'), 'utf8');

describe('docs/harbor.md', () => {
  test('the first snippet synthesizes as written: project, retention, immutable v*, CI robot with a sensitive output', () => {
    const snippet = /```ts\n([\s\S]*?)```/.exec(doc)![1];
    const dir = fs.mkdtempSync(path.join(__dirname, '..', '.readme-'));
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'harbor-doc-'));
    const previous = process.env.CDKTF_OUTDIR;
    process.env.CDKTF_OUTDIR = outdir;
    try {
      fs.writeFileSync(path.join(dir, 'quickstart.ts'), snippet);
      jest.isolateModules(() => require(path.join(dir, 'quickstart.ts')));
      const json = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'harbor', 'cdk.tf.json'), 'utf8'));
      expect(Object.values(json.resource.harbor_project).map((p: any) => p.name)).toEqual(['shop']);
      expect(Object.values(json.resource.harbor_immutable_tag_rule).map((r: any) => r.tag_matching)).toEqual(['v*']);
      expect(Object.keys(json.resource.harbor_retention_policy)).toHaveLength(1);
      expect(json.output.shop_ci_secret.sensitive).toBe(true);
      expect(json.provider.harbor[0].insecure).toBe(false);
    } finally {
      if (previous === undefined) delete process.env.CDKTF_OUTDIR;
      else process.env.CDKTF_OUTDIR = previous;
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  test('every trap in the table names a test file that exists', () => {
    const table = doc.split('## Provider traps and how the constructs avoid them')[1].split('\n## ')[0];
    const files = [...table.matchAll(/`([a-z-]+\.test\.ts)`/g)].map((m) => m[1]);
    expect(files.length).toBeGreaterThanOrEqual(14);
    for (const f of new Set(files)) expect(fs.existsSync(path.join(__dirname, f))).toBe(true);
  });
});

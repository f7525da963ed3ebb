import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.resolve(__dirname, '..', '..');
const committed = path.join(root, 'lib', 'harbor', '.gen');

/** Every file under `dir`, relative, sorted. */
function files(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else out.push(path.relative(dir, full).split(path.sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

describe('generated Harbor bindings', () => {
  let fresh: string;
  beforeAll(() => {
    fresh = fs.mkdtempSync(path.join(os.tmpdir(), 'harbor-gen-'));
    // No Terraform and no network: PATH keeps only node's folder, so a terraform binary cannot be found either.
    execFileSync(process.execPath, [path.join(root, 'scripts', 'generate-harbor.js'), fresh], {
      cwd: root,
      env: { PATH: path.dirname(process.execPath), HOME: fresh },
      stdio: 'pipe',
    });
  });
  afterAll(() => fs.rmSync(fresh, { recursive: true, force: true }));

  test('regenerating from the committed schema gives exactly the committed files', () => {
    expect(files(fresh)).toEqual(files(committed));
    const differing = files(committed).filter((f) => fs.readFileSync(path.join(fresh, f), 'utf8') !== fs.readFileSync(path.join(committed, f), 'utf8'));
    expect(differing).toEqual([]);
  });

  test('only the resources the constructs use are generated, and the provider pins goharbor/harbor 3.12.4', () => {
    const dirs = fs.readdirSync(path.join(committed, 'providers', 'harbor'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
    const { RESOURCES } = require('../../scripts/generate-harbor.js');
    const expected = [...RESOURCES.map((r: string) => r.replace(/^harbor_/, '').replace(/_/g, '-')), 'provider'].sort();
    expect(dirs).toEqual(expected);
    const provider = fs.readFileSync(path.join(committed, 'providers', 'harbor', 'provider', 'index.ts'), 'utf8');
    expect(provider).toContain("providerVersionConstraint: '3.12.4'");
    expect(provider).toContain("terraformProviderSource: 'goharbor/harbor'");
  });

  test('the schema copy is the shared v3.12.4 schema, with its provenance noted', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(root, 'lib', 'harbor', 'schema', 'harbor-provider-schema.json'), 'utf8'));
    expect(Object.keys(schema.provider_schemas)).toEqual(['registry.terraform.io/goharbor/harbor']);
    const provenance = fs.readFileSync(path.join(root, 'lib', 'harbor', 'schema', 'PROVENANCE.md'), 'utf8');
    expect(provenance).toContain('v3.12.4');
    expect(provenance).toContain(require('crypto').createHash('sha256').update(fs.readFileSync(path.join(root, 'lib', 'harbor', 'schema', 'harbor-provider-schema.json'))).digest('hex'));
  });
});

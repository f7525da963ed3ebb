import { execFileSync } from 'child_process';
import * as path from 'path';

const root = path.resolve(__dirname, '..');

/** Loads an entry point in a fresh node process and returns the package folders it pulled in. */
function loadedPackages(entry: string): string[] {
  const script = `
    require(${JSON.stringify(entry)});
    const pkgs = new Set();
    for (const f of Object.keys(require.cache)) {
      const m = f.match(/node_modules\\/((?:@[^/]+\\/)?[^/]+)(\\/.*)?$/);
      if (m) pkgs.add(m[1] + (m[1].startsWith('@cdktf/provider-') && /\\/lib\\/index\\.js$/.test(m[2] || '') ? '(root)' : ''));
    }
    process.stdout.write(JSON.stringify([...pkgs]));`;
  const out = execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], { cwd: root, encoding: 'utf8' });
  return JSON.parse(out);
}

describe('entry points', () => {
  test('the root entry point loads no provider package and not cdktf', () => {
    const pkgs = loadedPackages('./lib/index.ts');
    expect(pkgs.filter((p) => p.startsWith('@cdktf/'))).toEqual([]);
    expect(pkgs).not.toContain('cdktf');
  });

  test('the aws entry point loads only the AWS provider, by deep path', () => {
    const pkgs = loadedPackages('./lib/aws/index.ts');
    expect(pkgs).toContain('@cdktf/provider-aws');
    expect(pkgs.filter((p) => p.startsWith('@cdktf/provider-') && p !== '@cdktf/provider-aws')).toEqual([]);
  });

  test('the guardrails entry point loads cdktf and no provider package', () => {
    const pkgs = loadedPackages('./lib/guardrails/index.ts');
    expect(pkgs).toContain('cdktf');
    expect(pkgs.filter((p) => p.startsWith('@cdktf/provider-'))).toEqual([]);
  });

  test('the gcp entry point loads only the Google provider, by deep path', () => {
    const pkgs = loadedPackages('./lib/gcp/index.ts');
    expect(pkgs).toContain('@cdktf/provider-google');
    expect(pkgs.filter((p) => p.startsWith('@cdktf/provider-') && p !== '@cdktf/provider-google')).toEqual([]);
  });

  test('the azure entry point loads only the azurerm provider, by deep path', () => {
    const pkgs = loadedPackages('./lib/azure/index.ts');
    expect(pkgs).toContain('@cdktf/provider-azurerm');
    expect(pkgs.filter((p) => p.startsWith('@cdktf/provider-') && p !== '@cdktf/provider-azurerm')).toEqual([]);
  });

  test('the harbor entry point loads no provider package: its bindings are generated into the library', () => {
    const pkgs = loadedPackages('./lib/harbor/index.ts');
    expect(pkgs).toContain('cdktf');
    expect(pkgs.filter((p) => p.startsWith('@cdktf/'))).toEqual([]);
  });

  test('package.json exports the root and each registry family with types', () => {
    const pkg = require('../package.json');
    expect(pkg.exports['.']).toEqual({ types: './dist/index.d.ts', default: './dist/index.js' });
    expect(pkg.exports['./aws']).toEqual({ types: './dist/aws/index.d.ts', default: './dist/aws/index.js' });
    expect(pkg.exports['./gcp']).toEqual({ types: './dist/gcp/index.d.ts', default: './dist/gcp/index.js' });
    expect(pkg.typesVersions['*'].gcp).toEqual(['dist/gcp/index.d.ts']);
    expect(pkg.exports['./azure']).toEqual({ types: './dist/azure/index.d.ts', default: './dist/azure/index.js' });
    expect(pkg.typesVersions['*'].azure).toEqual(['dist/azure/index.d.ts']);
    expect(pkg.exports['./harbor']).toEqual({ types: './dist/harbor/index.d.ts', default: './dist/harbor/index.js' });
    expect(pkg.typesVersions['*'].harbor).toEqual(['dist/harbor/index.d.ts']);
    for (const p of ['@cdktf/provider-aws', '@cdktf/provider-google', '@cdktf/provider-azurerm', '@cdktf/provider-docker']) {
      expect(pkg.peerDependenciesMeta[p]).toEqual({ optional: true });
      expect(pkg.devDependencies[p]).toMatch(/^\d+\.\d+\.\d+$/);
    }
    expect(pkg.peerDependencies.cdktf).toBe('^0.21.0');
  });
});

describe('import rule', () => {
  test('flags a root provider import and a cdktf import in core', () => {
    const fs = require('fs');
    const os = require('os');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'imports-'));
    fs.mkdirSync(path.join(dir, 'scripts'));
    fs.mkdirSync(path.join(dir, 'lib', 'core'), { recursive: true });
    fs.copyFileSync(path.join(root, 'scripts', 'check-imports.js'), path.join(dir, 'scripts', 'check-imports.js'));
    // Built from parts so that this file itself does not trip the rule it tests.
    const provider = ['@cdktf', 'provider-aws'].join('/');
    fs.writeFileSync(path.join(dir, 'lib', 'a.ts'), `import { EcrRepository } from '${provider}';\n`);
    fs.writeFileSync(path.join(dir, 'lib', 'core', 'b.ts'), "import { Lazy } from 'cdktf';\n");
    fs.mkdirSync(path.join(dir, 'lib', 'azure'));
    fs.writeFileSync(path.join(dir, 'lib', 'azure', 'c.ts'), `import { EcrRepository } from '${provider}/lib/ecr-repository';\n`);
    let output = '';
    try {
      execFileSync(process.execPath, [path.join(dir, 'scripts', 'check-imports.js')], { encoding: 'utf8', stdio: 'pipe' });
    } catch (e: any) {
      output = e.stderr;
    }
    expect(output).toContain('lib/a.ts:1: root import of @cdktf/provider-aws');
    expect(output).toContain('lib/core/b.ts:1: core code imports cdktf');
    expect(output).toContain('lib/azure/c.ts:1: lib/azure imports @cdktf/provider-aws/lib/ecr-repository; a registry family imports only its own provider');
  });

  test('flags a GCP construct that imports another family\'s provider', () => {
    const fs = require('fs');
    const os = require('os');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'imports-'));
    fs.mkdirSync(path.join(dir, 'scripts'));
    fs.mkdirSync(path.join(dir, 'lib', 'gcp'), { recursive: true });
    fs.copyFileSync(path.join(root, 'scripts', 'check-imports.js'), path.join(dir, 'scripts', 'check-imports.js'));
    const aws = ['@cdktf', 'provider-aws', 'lib', 'iam-role'].join('/');
    const google = ['@cdktf', 'provider-google', 'lib', 'project-service'].join('/');
    fs.writeFileSync(path.join(dir, 'lib', 'gcp', 'a.ts'), `import { IamRole } from '${aws}';\nimport { ProjectService } from '${google}';\n`);
    let output = '';
    try {
      execFileSync(process.execPath, [path.join(dir, 'scripts', 'check-imports.js')], { encoding: 'utf8', stdio: 'pipe' });
    } catch (e: any) {
      output = e.stderr;
    }
    expect(output).toContain(`lib/gcp/a.ts:1: lib/gcp imports ${aws}; a registry family imports only its own provider`);
    expect(output).not.toContain('lib/gcp/a.ts:2');
  });

  test('lib/harbor may import its generated bindings, lib/core, cdktf and constructs, and nothing else', () => {
    const fs = require('fs');
    const os = require('os');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'imports-'));
    fs.mkdirSync(path.join(dir, 'scripts'));
    fs.mkdirSync(path.join(dir, 'lib', 'harbor', '.gen'), { recursive: true });
    fs.copyFileSync(path.join(root, 'scripts', 'check-imports.js'), path.join(dir, 'scripts', 'check-imports.js'));
    const provider = ['@cdktf', 'provider-aws', 'lib', 'provider'].join('/');
    const lines = [
      "import { Project } from './.gen/providers/harbor/project';",
      "import { Violations } from '../core/errors';",
      "import { Lazy } from 'cdktf';",
      "import { Construct } from 'constructs';",
      `import { AwsProvider } from '${provider}';`,
      "import { EcrRepository } from '../aws/ecr-repository';",
      "import * as yaml from 'yaml';",
    ];
    fs.writeFileSync(path.join(dir, 'lib', 'harbor', 'x.ts'), lines.join('\n') + '\n');
    // Generated code is not checked.
    fs.writeFileSync(path.join(dir, 'lib', 'harbor', '.gen', 'g.ts'), "import * as yaml from 'yaml';\n");
    let output = '';
    try {
      execFileSync(process.execPath, [path.join(dir, 'scripts', 'check-imports.js')], { encoding: 'utf8', stdio: 'pipe' });
    } catch (e: any) {
      output = e.stderr;
    }
    const flagged = [...output.matchAll(/lib\/harbor\/([^:]+):(\d+): lib\/harbor imports/g)].map((m) => `${m[1]}:${m[2]}`);
    expect(flagged).toEqual(['x.ts:5', 'x.ts:6', 'x.ts:7']);
  });
});

#!/usr/bin/env node
/**
 * The import rule, run by `npm test`:
 * - provider packages are imported by deep path only (`@cdktf/provider-aws/lib/ecr-repository`): a root import
 *   loads every resource class of the provider (3-4 s and ~500 MB per process);
 * - lib/core and lib/index.ts import neither cdktf, constructs nor any provider, so the core outlives cdktf;
 * - a registry family's folder imports only its own provider package; lib/guardrails imports none;
 * - lib/harbor has no provider package: it imports its generated bindings (lib/harbor/.gen/, written by
 *   scripts/generate-harbor.js and not checked here), lib/core, cdktf and constructs, nothing else.
 */
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const dirs = ['lib', 'test', 'examples', 'bench'];
const importRe = /(?:from\s+|require\(\s*|import\(\s*)['"]([^'"]+)['"]/g;
const providerRoot = /^@cdk(?:tf|tn)\/provider-[a-z0-9-]+$/;
const familyProvider = { aws: 'aws', gcp: 'google', azure: 'azurerm', harbor: null, docker: 'docker' };

function* walk(dir) {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== '.gen') yield* walk(full);
    } else if (/\.(ts|js|mjs|cjs)$/.test(entry.name)) yield full;
  }
}

function harborMayImport(file, spec) {
  if (/^(cdktf|constructs)(\/|$)/.test(spec)) return true;
  if (!spec.startsWith('.')) return false;
  const target = path.relative(root, path.resolve(path.dirname(file), spec)).split(path.sep).join('/');
  return target.startsWith('lib/harbor/') || target.startsWith('lib/core/');
}

const problems = [];
for (const d of dirs) {
  for (const file of walk(path.join(root, d))) {
    const rel = path.relative(root, file).split(path.sep).join('/');
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(importRe)) {
      const spec = m[1];
      const line = text.slice(0, m.index).split('\n').length;
      const at = `${rel}:${line}`;
      if (providerRoot.test(spec)) {
        problems.push(`${at}: root import of ${spec}; import the resource by deep path, e.g. ${spec}/lib/<resource>`);
      }
      const isCore = rel.startsWith('lib/core/') || rel === 'lib/index.ts' || rel.startsWith('lib/cli/');
      if (isCore && (/^(cdktf|constructs)(\/|$)/.test(spec) || /^@cdk(tf|tn)\//.test(spec))) {
        problems.push(`${at}: ${rel.startsWith('lib/cli/') ? 'the CLI' : 'core code'} imports ${spec}; lib/core, lib/cli and lib/index.ts must stay free of cdktf, constructs and providers`);
      }
      if (rel.startsWith('lib/guardrails/') && /^@cdk(tf|tn)\/provider-/.test(spec)) {
        problems.push(`${at}: lib/guardrails imports ${spec}; guardrails read synthesized resources and import no provider, so they check any family`);
      }
      const fam = rel.match(/^lib\/(aws|gcp|azure|harbor|docker)\//);
      const prov = spec.match(/^@cdk(?:tf|tn)\/provider-([a-z0-9-]+)/);
      if (fam && prov && familyProvider[fam[1]] !== undefined && prov[1] !== familyProvider[fam[1]]) {
        problems.push(`${at}: lib/${fam[1]} imports ${spec}; a registry family imports only its own provider`);
      }
      if (rel.startsWith('lib/harbor/') && !prov && !harborMayImport(file, spec)) {
        problems.push(`${at}: lib/harbor imports ${spec}; it may import only its generated bindings (./.gen/...), lib/core, cdktf and constructs`);
      }
    }
  }
}

if (problems.length) {
  console.error(`Import rule: ${problems.length} problem(s)\n${problems.join('\n')}`);
  process.exit(1);
}
console.log('Import rule: ok');

#!/usr/bin/env node
/**
 * `npm run generate:harbor [outdir]`: generates the TypeScript bindings of the goharbor/harbor provider from the
 * schema committed in lib/harbor/schema/ with cdktf's own generator (@cdktf/provider-generator, pinned in
 * devDependencies), offline: no Terraform binary, no registry, no network. Only the resources the constructs use
 * (RESOURCES below) are generated. The output goes to lib/harbor/.gen/ unless an outdir is given;
 * test/harbor/bindings.test.ts regenerates into a temporary folder and fails if the committed copy differs.
 */
const fs = require('fs');
const path = require('path');

// The generator calls HashiCorp's checkpoint service unless told not to; generation must not touch the network.
process.env.CHECKPOINT_DISABLE = '1';
// @cdktf/commons runs `terraform version` when it loads; generation uses neither its answer nor Terraform, so the
// lookup is pointed at a name that does not exist (it then settles quietly) and a machine with Terraform behaves as
// one without it.
process.env.TERRAFORM_BINARY_NAME = 'terraform-not-used-by-generate-harbor';

const root = path.resolve(__dirname, '..');
const SCHEMA = path.join(root, 'lib', 'harbor', 'schema', 'harbor-provider-schema.json');
const DEFAULT_OUT = path.join(root, 'lib', 'harbor', '.gen');
const PROVIDER = 'registry.terraform.io/goharbor/harbor';
const VERSION = '3.12.4';
/** The resources lib/harbor uses; add one here (and in the schema) before a construct needs it. */
const RESOURCES = [
  'harbor_project',
  'harbor_retention_policy',
  'harbor_immutable_tag_rule',
  'harbor_robot_account',
  'harbor_project_member_user',
  'harbor_project_member_group',
  'harbor_registry',
  'harbor_replication',
  'harbor_garbage_collection',
  'harbor_interrogation_services',
];


/** The committed schema reduced to the provider block and RESOURCES, with the version cdktf's reader would add. */
function loadSchema() {
  const full = JSON.parse(fs.readFileSync(SCHEMA, 'utf8'));
  const provider = full.provider_schemas[PROVIDER];
  const missing = RESOURCES.filter((r) => !provider.resource_schemas[r]);
  if (missing.length) throw new Error(`generate-harbor: ${path.relative(root, SCHEMA)} has no schema for ${missing.join(', ')}`);
  const resource_schemas = Object.fromEntries(RESOURCES.map((r) => [r, provider.resource_schemas[r]]));
  return {
    format_version: full.format_version,
    provider_schemas: { [PROVIDER]: { provider: provider.provider, resource_schemas, data_source_schemas: {} } },
    provider_versions: { [PROVIDER]: VERSION },
  };
}

async function generate(outdir) {
  // Deep imports: the package root also loads the jsii toolchain (get/constructs-maker), which generation does not
  // use. codemaker and @cdktf/commons are resolved from the generator's own folder, so they are the copies it uses.
  const generatorDir = path.dirname(require.resolve('@cdktf/provider-generator/package.json'));
  const fromGenerator = (id) => require(require.resolve(id, { paths: [generatorDir] }));
  const { TerraformProviderGenerator } = require('@cdktf/provider-generator/lib/get/generator/provider-generator');
  const { CodeMaker } = fromGenerator('codemaker');
  const { ConstructsMakerProviderTarget, TerraformProviderConstraint, LANGUAGES } = fromGenerator('@cdktf/commons');
  fs.rmSync(outdir, { recursive: true, force: true });
  const code = new CodeMaker();
  const generator = new TerraformProviderGenerator(code, loadSchema());
  generator.generate(new ConstructsMakerProviderTarget(new TerraformProviderConstraint(`goharbor/harbor@${VERSION}`), LANGUAGES[0]));
  await code.save(outdir);
  return outdir;
}

module.exports = { generate, RESOURCES, VERSION };

if (require.main === module) {
  const out = path.resolve(process.argv[2] || DEFAULT_OUT);
  generate(out).then(
    (dir) => console.log(`generate-harbor: bindings for ${RESOURCES.length} resources written to ${path.relative(process.cwd(), dir) || '.'}`),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}

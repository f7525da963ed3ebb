/**
 * One GAR synth measurement in a fresh process: `node gcp-synth-worker.js construct|raw|scoped N OUTDIR`; prints
 * {"ms", "cpuMs", "maxRssMb"}. "construct" makes N ArtifactRegistryRepo with a retention policy (three cleanup
 * policies) and two grants each; "raw" writes the same resources with the provider classes; "scoped" writes them
 * with the provider classes inside one plain Construct per repository, at the construct's paths, which isolates
 * what the construct level itself costs (longer paths, hashed logical ids, one more node). Modules load before the clock.
 */
const path = require('path');
const [, , kind, nText, outdir] = process.argv;
const n = Number(nText);
const root = path.resolve(__dirname, '..');

const { App, TerraformStack } = require('cdktf');
const { GoogleProvider } = require('@cdktf/provider-google/lib/provider');
const lib = kind === 'construct' ? require(path.join(root, 'dist/gcp/index.js')) : undefined;
const core = kind === 'construct' ? require(path.join(root, 'dist/index.js')) : undefined;
const { ArtifactRegistryRepository } = require('@cdktf/provider-google/lib/artifact-registry-repository');
const { ArtifactRegistryRepositoryIamMember } = require('@cdktf/provider-google/lib/artifact-registry-repository-iam-member');

const runtime = 'serviceAccount:run@acme-prod.iam.gserviceaccount.com';
const ci = 'serviceAccount:ci@acme-prod.iam.gserviceaccount.com';
// The ids ArtifactRegistryRepo gives these two grants, so that "scoped" has the construct's paths.
const IAM_IDS = ['Iam-artifactregistryreader-9lnmy1', 'Iam-artifactregistrywriter-1mktjci'];

const t0 = process.hrtime.bigint();
const c0 = process.cpuUsage();
const app = new App({ outdir });
const stack = new TerraformStack(app, 'bench');
new GoogleProvider(stack, 'google', { project: 'acme-prod', region: 'europe-west1' });

if (kind === 'construct') {
  const { ArtifactRegistryRepo, GcpMember } = lib;
  const { RetentionPolicy, RetentionRule } = core;
  const policy = RetentionPolicy.of({
    rules: [RetentionRule.protect({ tagPatterns: ['v*'] }), RetentionRule.expireUntagged({ days: 7 }), RetentionRule.expireTagged({ tagPatterns: ['pr-*'], days: 30 })],
  });
  const runtimeMember = GcpMember.serviceAccount('run@acme-prod.iam.gserviceaccount.com');
  const ciMember = GcpMember.serviceAccount('ci@acme-prod.iam.gserviceaccount.com');
  for (let i = 0; i < n; i++) {
    const repo = new ArtifactRegistryRepo(stack, `Repo${i}`, { repositoryId: `app-${i}`, location: 'europe-west1', project: 'acme-prod', retentionPolicy: policy, cleanupPolicyDryRun: false });
    repo.grantPull(runtimeMember);
    repo.grantPush(ciMember);
  }
} else {
  const { Construct } = require('constructs');
  const scoped = kind === 'scoped';
  for (let i = 0; i < n; i++) {
    const scope = scoped ? new Construct(stack, `Repo${i}`) : stack;
    const repo = new ArtifactRegistryRepository(scope, scoped ? 'Resource' : `Repo${i}`, {
      repositoryId: `app-${i}`,
      location: 'europe-west1',
      project: 'acme-prod',
      format: 'DOCKER',
      mode: 'STANDARD_REPOSITORY',
      dockerConfig: { immutableTags: true },
      vulnerabilityScanningConfig: { enablementConfig: 'INHERITED' },
      cleanupPolicyDryRun: false,
      cleanupPolicies: [
        { id: 'keep-protected-tags', action: 'KEEP', condition: { tagState: 'TAGGED', tagPrefixes: ['v'] } },
        { id: 'delete-untagged-7d', action: 'DELETE', condition: { tagState: 'UNTAGGED', olderThan: '604800s' } },
        { id: 'delete-tagged-30d', action: 'DELETE', condition: { tagState: 'TAGGED', tagPrefixes: ['pr-'], olderThan: '2592000s' } },
      ],
    });
    for (const [j, [role, member]] of [['roles/artifactregistry.reader', runtime], ['roles/artifactregistry.writer', ci]].entries()) {
      new ArtifactRegistryRepositoryIamMember(scope, scoped ? IAM_IDS[j] : `Iam${i}-${j}`, { project: 'acme-prod', location: 'europe-west1', repository: repo.name, role, member });
    }
  }
}
app.synth();
const ms = Number(process.hrtime.bigint() - t0) / 1e6;
const cpu = process.cpuUsage(c0);
process.stdout.write(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024 }));

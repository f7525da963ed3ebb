/**
 * One Harbor synth measurement in a fresh process: `node harbor-synth-worker.js construct|raw N OUTDIR`; prints
 * {"ms", "cpuMs", "maxRssMb"}. "construct" makes N HarborProject (neutral retention policy, the default immutable
 * rule, a push robot and a pull robot); "raw" writes the same five resources per project with the generated classes
 * and the retention rules written out by hand, the floor the construct is compared with. Modules are loaded before
 * the clock starts (loading is measured in bench/run.js (a)).
 */
const path = require('path');
const [, , kind, nText, outdir] = process.argv;
const n = Number(nText);
const root = path.resolve(__dirname, '..');
const gen = (name) => require(path.join(root, 'dist/harbor/.gen/providers/harbor', name, 'index.js'));

const { App, TerraformStack } = require('cdktf');
const { HarborProvider } = gen('provider');
const { Project } = gen('project');
const { RetentionPolicy } = gen('retention-policy');
const { ImmutableTagRule } = gen('immutable-tag-rule');
const { RobotAccount } = gen('robot-account');
const core = require(path.join(root, 'dist/index.js'));
const lib = kind === 'construct' ? require(path.join(root, 'dist/harbor/index.js')) : undefined;

const t0 = process.hrtime.bigint();
const c0 = process.cpuUsage();
const app = new App({ outdir });
const stack = new TerraformStack(app, 'bench');

if (kind === 'construct') {
  new lib.HarborConnection(stack, 'Harbor', { url: 'https://harbor.example.com' });
  const policy = core.RetentionPolicy.of({ rules: [core.RetentionRule.expireUntagged({ days: 7 }), core.RetentionRule.keepMostRecent({ count: 20, tagPatterns: ['*'] })] });
  for (let i = 0; i < n; i++) {
    const project = new lib.HarborProject(stack, `Project${i}`, { projectName: `team-${i}`, retentionPolicy: policy });
    project.addRobotAccount('Push', { name: 'ci', permissions: lib.HarborRobotPermissions.PUSH });
    project.addRobotAccount('Pull', { name: 'runtime', permissions: lib.HarborRobotPermissions.PULL });
  }
} else {
  const provider = new HarborProvider(stack, 'Harbor', { url: 'https://harbor.example.com', insecure: false });
  const access = (...actions) => actions.map((action) => ({ resource: 'repository', action, effect: 'allow' }));
  for (let i = 0; i < n; i++) {
    const project = new Project(stack, `Project${i}`, {
      name: `team-${i}`,
      public: false,
      vulnerabilityScanning: true,
      deploymentSecurity: 'critical',
      enableContentTrustCosign: false,
      storageQuota: -1,
      forceDestroy: false,
      provider,
    });
    new RetentionPolicy(stack, `Retention${i}`, {
      scope: project.id,
      schedule: 'Daily',
      rule: [
        { mostRecentlyPushed: 20, tagMatching: '**', untaggedArtifacts: false, repoMatching: '**' },
        { nDaysSinceLastPush: 7, tagExcluding: '**', untaggedArtifacts: false, repoMatching: '**' },
      ],
      provider,
    });
    new ImmutableTagRule(stack, `Immutable${i}`, { projectId: project.id, tagMatching: '{v[0-9]*,[0-9]*}', repoMatching: '**', disabled: false, provider });
    new RobotAccount(stack, `Push${i}`, { name: 'ci', level: 'project', duration: -1, disable: false, permissions: [{ kind: 'project', namespace: project.name, access: access('pull', 'push') }], provider });
    new RobotAccount(stack, `Pull${i}`, { name: 'runtime', level: 'project', duration: -1, disable: false, permissions: [{ kind: 'project', namespace: project.name, access: access('pull') }], provider });
  }
}
app.synth();
const ms = Number(process.hrtime.bigint() - t0) / 1e6;
const cpu = process.cpuUsage(c0);
process.stdout.write(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024 }));

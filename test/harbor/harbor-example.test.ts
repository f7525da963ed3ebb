import { Testing } from 'cdktf';
import { AwsEcrStack } from '../../examples/aws-ecr/main';
import { HarborStack, SHOP_RETENTION } from '../../examples/harbor/main';
import { ImageAction, ImageRecord, SimulationResult } from '../../lib/core/retention/image';
import { EcrRetention, HarborRetention, NeutralRetention } from '../../lib/core/retention/registries';

// The harbor example delivers the list: each part is checked in the synthesized JSON.
describe('example harbor', () => {
  const stack = new HarborStack(Testing.app(), 'harbor');
  const json = JSON.parse(Testing.synth(stack, true));
  const all = (type: string): any[] => Object.values(json.resource[type] ?? {});
  const project = (name: string) => all('harbor_project').find((p) => p.name === name);

  test('a private project, scanned on push, with retention compiled from the shared neutral policy', () => {
    expect(project('shop')).toMatchObject({ public: false, vulnerability_scanning: true, deployment_security: 'critical', storage_quota: 200 });
    const retention = all('harbor_retention_policy').find((r) => r.scope.includes('harbor_project.Shop_'));
    expect(retention.schedule).toBe('0 30 2 * * *');
    const snake = (r: object) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), v]));
    expect(retention.rule).toEqual(HarborRetention.compile(SHOP_RETENTION).rules.map(snake));
  });

  test('the neutral policy is the aws-ecr example\'s intent: compiled to ECR it gives that example\'s lifecycle rules', () => {
    const ecr = JSON.parse(Testing.synth(new AwsEcrStack(Testing.app(), 'aws-ecr')));
    const lifecycle = JSON.parse((Object.values(ecr.resource.aws_ecr_lifecycle_policy)[0] as any).policy).rules;
    const selections = (rules: any[]) => rules.map((r) => JSON.stringify(r.selection)).sort();
    expect(selections(EcrRetention.build(EcrRetention.compile(SHOP_RETENTION).rules).rules)).toEqual(selections(lifecycle));
  });

  test('the compiled Harbor rules delete what the neutral policy deletes on a sample', () => {
    const day = 86_400_000;
    const now = Date.UTC(2026, 10, 30);
    const records: ImageRecord[] = Array.from({ length: 30 }, (_, i) => ({
      repository: 'checkout',
      digest: `sha256:${i.toString(16).padStart(64, '0')}`,
      tags: i % 3 === 0 ? [] : [`v1.${i}.0`],
      pushedAt: now - i * day,
    }));
    const neutral = NeutralRetention.simulate(SHOP_RETENTION, records, now);
    const harbor = HarborRetention.simulate({ rules: HarborRetention.compile(SHOP_RETENTION).rules }, records, now);
    const deleted = (r: SimulationResult) => r.decisions.filter((d) => d.action === ImageAction.EXPIRE).map((d) => d.digest).sort();
    expect(deleted(harbor)).toEqual(deleted(neutral));
    expect(deleted(neutral).length).toBeGreaterThan(0);
  });

  test('v* tags are immutable in the project; the proxy cache keeps every tag mutable', () => {
    const rules = all('harbor_immutable_tag_rule');
    expect(rules).toHaveLength(1);
    expect(rules[0]).toMatchObject({ tag_matching: 'v*', repo_matching: '**' });
    expect(rules[0].project_id).toMatch(/harbor_project\.Shop_/);
  });

  test('a CI push robot and a runtime pull robot, secrets only in sensitive outputs', () => {
    const robots = all('harbor_robot_account');
    const access = (name: string) => robots.find((r) => r.name === name).permissions[0].access.map((a: any) => `${a.resource}:${a.action}`);
    expect(access('ci')).toEqual(['repository:pull', 'repository:push']);
    expect(access('runtime')).toEqual(['repository:pull']);
    expect(json.output.shop_ci_robot_secret.sensitive).toBe(true);
    expect(json.output.shop_runtime_robot_secret.sensitive).toBe(true);
  });

  test('a Docker Hub proxy-cache project with its token in a sensitive variable', () => {
    expect(all('harbor_registry')).toEqual([expect.objectContaining({ provider_name: 'docker-hub', endpoint_url: 'https://hub.docker.com', access_secret: '${var.dockerhub_token}', insecure: false })]);
    expect(json.variable.dockerhub_token.sensitive).toBe(true);
    expect(project('dockerhub').registry_id).toMatch(/harbor_registry\.DockerHub_.*\.registry_id/);
  });

  test('GC and scan-all schedules; the provider verifies TLS and is pinned', () => {
    expect(all('harbor_garbage_collection')).toEqual([expect.objectContaining({ schedule: 'Weekly', workers: 2, delete_untagged: true })]);
    expect(all('harbor_interrogation_services')).toEqual([expect.objectContaining({ vulnerability_scan_policy: 'Daily' })]);
    expect(json.provider.harbor[0].insecure).toBe(false);
    expect(json.terraform.required_providers.harbor).toEqual({ source: 'goharbor/harbor', version: '3.12.4' });
  });

  test('synthesizes without warnings', () => {
    const warnings = stack.node.findAll().flatMap((c) => c.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => `${c.node.path}: ${m.data}`));
    expect(warnings).toEqual([]);
  });
});

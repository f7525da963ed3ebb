import { EcrRepository as RawRepository } from '@cdktf/provider-aws/lib/ecr-repository';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { App, Aspects, TerraformStack, Testing } from 'cdktf';
import { Construct } from 'constructs';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EcrRepository } from '../../lib/aws';
import { GuardrailPack, GuardrailRules, GuardrailSuppressions, RegistryGuardrails } from '../../lib/guardrails';
import { annotationsOf, findingsOf, of } from './helpers';

function aws(stack: TerraformStack): void {
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
}

describe('RegistryGuardrails.applyTo', () => {
  test('one line checks every stack of the app, including stacks under plain constructs', () => {
    const app = Testing.app();
    const a = new TerraformStack(app, 'a');
    aws(a);
    new RawRepository(a, 'Raw', { name: 'raw/a' });
    const group = new Construct(app, 'Group');
    const b = new TerraformStack(group, 'b');
    aws(b);
    new RawRepository(b, 'Raw', { name: 'raw/b' });
    const guardrails = RegistryGuardrails.applyTo(app);
    Testing.synth(a);
    Testing.synth(b);
    expect(of(guardrails.findings, 'EcrTagImmutability').map((f) => f.path)).toEqual(['a/Raw', 'Group/b/Raw']);
  });

  test('an aspect added to the App alone is never run by cdktf 0.21, which is why applyTo exists', () => {
    const app = Testing.app();
    const s = new TerraformStack(app, 's');
    aws(s);
    new RawRepository(s, 'Raw', { name: 'raw/a' });
    const guardrails = new RegistryGuardrails();
    Aspects.of(app).add(guardrails);
    Testing.synth(s);
    expect(guardrails.findings).toEqual([]);
  });

  test('findings are annotations on the resource: construct path, rule id, problem and fix; a repeated synth does not repeat them', () => {
    const app = Testing.app();
    const s = new TerraformStack(app, 's');
    aws(s);
    const raw = new RawRepository(s, 'Raw', { name: 'raw/a', imageScanningConfiguration: { scanOnPush: true } });
    RegistryGuardrails.applyTo(app, { packs: [GuardrailPack.RECOMMENDED] });
    Testing.synth(s);
    Testing.synth(s);
    const notes = annotationsOf(raw);
    expect(notes.filter((n) => n.includes('[EcrTagImmutability]'))).toEqual([
      'warn: [EcrTagImmutability] image_tag_mutability is "MUTABLE" (the default): any tag, release tags included, can be moved to another image (aws_ecr_repository.Raw). Fix: use IMMUTABLE (EcrRepository\'s default), or IMMUTABLE_WITH_EXCLUSION with narrow development-tag filters',
    ]);
  });

  test('an error-level finding fails app.synth like any cdktf error annotation', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'guard-'));
    const app = new App({ outdir });
    const s = new TerraformStack(app, 's');
    aws(s);
    const repo = new RawRepository(s, 'Raw', { name: 'raw/a' });
    new (require('@cdktf/provider-aws/lib/ecr-repository-policy').EcrRepositoryPolicy)(s, 'Open', { repository: repo.name, policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*', Action: 'ecr:BatchGetImage' }] }) });
    RegistryGuardrails.applyTo(app);
    expect(() => app.synth()).toThrow(/EcrNoPublicPolicy/);
  });

  test('escape-hatch overrides are what the rules read', () => {
    const findings = findingsOf((s) => {
      aws(s);
      const repo = new EcrRepository(s, 'Repo', { repositoryName: 'team/app' });
      repo.resource.addOverride('image_tag_mutability', 'MUTABLE');
    });
    expect(of(findings, 'EcrTagImmutability')).toHaveLength(1);
  });

  test('a rule in several packs runs once, at the most severe level', () => {
    const guardrails = new RegistryGuardrails({ packs: [GuardrailPack.RECOMMENDED, GuardrailPack.STRICT] });
    expect(guardrails.ruleIds).toEqual(GuardrailRules.all.map((r) => r.id).sort());
    const findings = findingsOf((s) => { aws(s); new RawRepository(s, 'Raw', { name: 'raw/a' }); }, [GuardrailPack.RECOMMENDED, GuardrailPack.STRICT]);
    expect(of(findings, 'EcrTagImmutability').map((f) => f.level)).toEqual(['error']);
  });
});

describe('GuardrailSuppressions', () => {
  test('a suppression on a construct subtree silences the rule there, is reported as info with its reason, and is listed', () => {
    const app = Testing.app();
    const s = new TerraformStack(app, 's');
    aws(s);
    const legacy = new Construct(s, 'Legacy');
    const raw = new RawRepository(legacy, 'Raw', { name: 'raw/legacy' });
    new RawRepository(s, 'Other', { name: 'raw/other' });
    GuardrailSuppressions.add(legacy, [{ id: 'EcrTagImmutability', reason: 'legacy deploy tooling moves tags until Q3' }]);
    const guardrails = RegistryGuardrails.applyTo(app);
    Testing.synth(s);
    expect(of(guardrails.findings, 'EcrTagImmutability').map((f) => [f.path, f.suppression?.reason])).toEqual([
      ['s/Legacy/Raw', 'legacy deploy tooling moves tags until Q3'],
      ['s/Other', undefined],
    ]);
    expect(guardrails.suppressionsInUse).toEqual([{ id: 'EcrTagImmutability', reason: 'legacy deploy tooling moves tags until Q3', addedAt: 's/Legacy', path: 's/Legacy/Raw' }]);
    expect(annotationsOf(raw).some((n) => n.startsWith('info: [EcrTagImmutability] suppressed (legacy deploy tooling moves tags until Q3, added at s/Legacy)'))).toBe(true);
  });

  test('a reason is mandatory and the rule id must exist; every problem is reported at once', () => {
    const app = Testing.app();
    const s = new TerraformStack(app, 's');
    expect(() => GuardrailSuppressions.add(s, [{ id: 'EcrTagImmutabilty', reason: 'short' }])).toThrow(
      /s: GuardrailSuppressions.add: suppressions\[0\]\.id is not a guardrail rule id \(got "EcrTagImmutabilty"\); one of .*EcrTagImmutability.*\n.*suppressions\[0\]\.reason is too short \(5 characters\)/,
    );
  });
});

describe('rule catalogue', () => {
  const rulesDir = path.join(__dirname, '../../lib/guardrails/rules');
  test('one rule per file, and the file name is the rule id', () => {
    const files = fs.readdirSync(rulesDir).flatMap((d) => (fs.statSync(path.join(rulesDir, d)).isDirectory() ? fs.readdirSync(path.join(rulesDir, d)).filter((f) => /^[A-Z]/.test(f)).map((f) => f.replace(/\.ts$/, '')) : []));
    expect(files.sort()).toEqual(GuardrailRules.all.map((r) => r.id).sort());
  });

  test('every rule states its intent, at least one source, a level and the types it reads', () => {
    for (const r of GuardrailRules.all) {
      expect(r.intent.length).toBeGreaterThan(20);
      expect(r.sources.length).toBeGreaterThan(0);
      expect(['error', 'warning', 'info']).toContain(r.level);
      expect(r.resourceTypes.length).toBeGreaterThan(0);
    }
  });

  test('the source packs hold exactly the rules whose sources name them', () => {
    expect(GuardrailPack.AZURE_POLICY.rules.every((r) => r.sources.some((x) => x.startsWith('Azure Policy built-in')))).toBe(true);
    expect(GuardrailPack.AWS_SECURITY_HUB.rules.map((r) => r.id).sort()).toEqual(['EcrImageScanning', 'EcrKmsCustomerKey', 'EcrLifecyclePolicy', 'EcrTagImmutability']);
  });
});

describe('resolution', () => {
  test('the index resolves every element of every example exactly as cdktf resolves it whole', () => {
    const { DefaultTokenResolver, StringConcat, TerraformElement, Tokenization } = require('cdktf');
    const { resolveElement } = require('../../lib/guardrails/resource-index');
    const { EXAMPLES } = require('../../examples/stacks');
    for (const example of EXAMPLES) {
      const app = Testing.app();
      const stack: TerraformStack = example.create(app, example.name);
      Testing.synth(stack);
      const resolver = new DefaultTokenResolver(new StringConcat());
      const resolve = (v: unknown) => Tokenization.resolve(v, { scope: stack, preparing: false, resolver });
      for (const node of stack.node.findAll()) {
        if (!(node instanceof TerraformElement) || TerraformStack.isStack(node)) continue;
        const c = node as unknown as { toTerraform(): unknown };
        const whole = resolve(c.toTerraform());
        expect(JSON.parse(JSON.stringify(resolveElement(c.toTerraform(), resolve)))).toEqual(JSON.parse(JSON.stringify(whole)));
      }
    }
  });
});

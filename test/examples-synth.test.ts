import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Annotations, App, TerraformStack } from 'cdktf';
import { EcrRepository } from '../lib/aws/ecr-repository';
import { formatAnnotations, prepareSynth, synthAndPrint } from '../examples/synth';

// `npm run synth` (examples/main.ts) prints annotations as `cdktf synth` does: WARN/ERROR [path]: message.
describe('npm run synth prints synth annotations as the cdktf CLI does', () => {
  const previous = process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS;
  afterEach(() => {
    if (previous === undefined) delete process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS;
    else process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS = previous;
  });

  function app(build: (stack: TerraformStack) => void): App {
    prepareSynth();
    const a = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'synth-print-')) });
    const stack = new TerraformStack(a, 'shop');
    new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
    build(stack);
    return a;
  }

  function run(a: App): { code: number; out: string[]; err: string[] } {
    const out: string[] = [];
    const err: string[] = [];
    const code = synthAndPrint(a, (l) => out.push(l), (l) => err.push(l));
    return { code, out, err };
  }

  test('a warning of a construct is printed with its path, and the exit code is 0', () => {
    const result = run(
      app((s) => {
        const repo = new EcrRepository(s, 'Repo', { repositoryName: 'shop/app' });
        Annotations.of(repo).addWarning('scanOnPush is overridden');
      }),
    );
    expect(result).toEqual({ code: 0, out: ['WARN [shop/Repo]: scanOnPush is overridden'], err: [] });
  });

  test('error annotations of every stack are printed, and the exit code is 1', () => {
    const result = run(
      app((s) => {
        Annotations.of(new EcrRepository(s, 'A', { repositoryName: 'shop/a' })).addError('first problem');
        Annotations.of(new EcrRepository(s, 'B', { repositoryName: 'shop/b' })).addWarning('a warning after it');
      }),
    );
    expect(result.code).toBe(1);
    expect(result.out[0]).toBe('ERROR [shop/A]: first problem');
    expect(result.out).toContain('WARN [shop/B]: a warning after it');
    expect(result.err).toEqual(['Error: While synthesizing one or more error annotations have been encountered. Please check the log output above.']);
  });

  test('a failed synthesis (validation at synth) prints the error and exits 1', () => {
    const result = run(
      app((s) => {
        new EcrRepository(s, 'Repo', { repositoryName: 'shop/app' }).node.addValidation({ validate: () => ['something is wrong'] });
      }),
    );
    expect(result.code).toBe(1);
    expect(result.err.join('\n')).toMatch(/^Error: .*something is wrong/s);
  });

  test('formatAnnotations reads the manifest as cdktf writes it', () => {
    const printed = formatAnnotations({
      stacks: {
        a: { annotations: [{ constructPath: 'a/X', level: '@cdktf/info', message: 'note' }, { constructPath: 'a/Y', level: '@cdktf/error', message: 'bad', stacktrace: ['at y'] }] },
        b: { annotations: [{ constructPath: 'b/Z', level: '@cdktf/warn', message: 'careful' }] },
      },
    });
    expect(printed).toEqual({ lines: ['INFO [a/X]: note', 'ERROR [a/Y]: bad', 'at y', 'WARN [b/Z]: careful'], errors: 1, warnings: 1 });
  });
});

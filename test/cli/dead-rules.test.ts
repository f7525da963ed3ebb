import { run } from './run';

const NOW = '2026-11-30T00:00:00Z';
/** The issue's policy: its archive rule can never act. */
const issuePolicy = {
  rules: [
    { kind: 'protect', tagPatterns: ['v*'] },
    { kind: 'keepMostRecent', count: 30, tagPatterns: ['*'] },
    { kind: 'expireUntagged', days: 3 },
    { kind: 'expireNotPulled', days: 180, action: 'archive' },
  ],
};
const images = { images: [{ digest: 'sha256:aa01', tags: ['v1.0.0'], pushedAt: '2025-01-01T00:00:00Z', lastPulledAt: '2025-08-31T00:00:00Z' }] };
const DEAD =
  'registry-lifecycle: warning: rules[3] (expireNotPulled [all] after 180d (archive)) can never act: every image it selects is decided first by rules[0] (protect [v*]), rules[1] (keepMostRecent 30 [*]), rules[2] (expireUntagged after 3d); protected images are never archived by expireNotPulled: to archive them, give the protect rule archiveWhenNotPulledForDays\n';

function preview(dialect: string, policy: unknown, format: string[] = []) {
  return run(['preview', '--dialect', dialect, '--policy', 'p.json', '--images', 'i.json', '--now', NOW, ...format], {
    files: { 'p.json': JSON.stringify(policy), 'i.json': JSON.stringify(images) },
  });
}

describe('registry-lifecycle preview: rules that can never act', () => {
  test.each([[[]], [['--format', 'json']]])('neutral %j: the dead rule is a warning on stderr, the preview unchanged on stdout', (format) => {
    const r = preview('neutral', issuePolicy, format);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(DEAD);
    expect(r.stdout).toContain('sha256:aa01');
  });

  test('the archive allowance archives v1.0.0 (pulled 456 days ago) and warns about nothing', () => {
    const policy = { rules: [{ kind: 'protect', tagPatterns: ['v*'], archiveWhenNotPulledForDays: 180 }, issuePolicy.rules[1], issuePolicy.rules[2]] };
    const r = preview('neutral', policy, ['--format', 'json']);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).archived).toEqual(['sha256:aa01']);
  });

  test('neutral with "strict": true: the dead rule is an error, exit code 1, nothing on stdout', () => {
    const r = preview('neutral', { ...issuePolicy, strict: true });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^p\.json: rules\[3\] can never act: every image it selects is decided first by rules\[0\] \(protect \[v\*\]\).* \(got "expireNotPulled \[all\] after 180d \(archive\)"\); remove the rule/);
  });

  test('ecr: a native rule shadowed by an earlier one', () => {
    const r = run(['preview', '--dialect', 'ecr', '--policy', 'p.json', '--images', 'i.json', '--now', NOW, '--format', 'json'], {
      files: {
        'p.json': JSON.stringify({
          rules: [
            { rulePriority: 1, selection: { tagStatus: 'tagged', tagPatternList: ['*'], countType: 'imageCountMoreThan', countNumber: 10 }, action: { type: 'expire' } },
            { rulePriority: 2, description: 'old PRs', selection: { tagStatus: 'tagged', tagPrefixList: ['pr-'], countType: 'sinceImagePushed', countUnit: 'days', countNumber: 7 }, action: { type: 'expire' } },
          ],
        }),
        'i.json': JSON.stringify({ imageDetails: [] }),
      },
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      'registry-lifecycle: warning: rulePriority 2 (old PRs) can never act: every image it selects is claimed first by rulePriority 1, and ECR lets only the first rule that selects an image act on it\n',
    );
  });
});

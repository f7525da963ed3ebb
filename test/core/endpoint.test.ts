import { TerraformStack, Testing } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { RegistryEndpoint, RegistryFamily } from '../../lib/core/endpoint';
import { EcrRepository } from '../../lib/aws';

describe('RegistryEndpoint', () => {
  test('ECR: host from account and Region, helper ecr-login, token login as AWS', () => {
    const e = RegistryEndpoint.ecr({ accountId: '123456789012', region: 'eu-west-1' });
    expect(e.host).toBe('123456789012.dkr.ecr.eu-west-1.amazonaws.com');
    expect(e.credHelpersEntry()).toEqual({ '123456789012.dkr.ecr.eu-west-1.amazonaws.com': 'ecr-login' });
    expect(e.loginCommand).toBe('aws ecr get-login-password --region eu-west-1 | docker login --username AWS --password-stdin 123456789012.dkr.ecr.eu-west-1.amazonaws.com');
  });

  test('ECR in a China Region uses the amazonaws.com.cn suffix', () => {
    expect(RegistryEndpoint.ecr({ accountId: '123456789012', region: 'cn-north-1' }).host).toBe('123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn');
  });

  test('GAR: helper gcloud, configure-docker set-up, oauth2accesstoken login', () => {
    const e = RegistryEndpoint.gar('europe-west1');
    expect(e.host).toBe('europe-west1-docker.pkg.dev');
    expect(e.credHelpersEntry()).toEqual({ 'europe-west1-docker.pkg.dev': 'gcloud' });
    expect(e.setupCommand).toBe('gcloud auth configure-docker europe-west1-docker.pkg.dev --quiet');
    expect(e.loginUsername).toBe('oauth2accesstoken');
  });

  test('Harbor: no helper; the robot name is quoted so its $ stays literal', () => {
    const e = RegistryEndpoint.harbor({ host: 'harbor.example.com', robotFullName: 'robot$payments+ci' });
    expect(e.credHelpersEntry()).toBeUndefined();
    expect(e.loginCommand).toContain("--username 'robot$payments+ci'");
  });

  test('toJson drops absent fields and fromJson reads it back', () => {
    const e = RegistryEndpoint.generic('registry.local:5000');
    const json = e.toJson();
    expect(Object.keys(json).sort()).toEqual(['family', 'host', 'loginCommand']);
    expect(RegistryEndpoint.fromJson(json).toJson()).toEqual(json);
    expect(json.family).toBe(RegistryFamily.OCI);
  });

  test('EcrRepository exposes its endpoint, derived from the repository URL', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 's');
    new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
    const created = new EcrRepository(stack, 'Repo', { repositoryName: 'team/app' });
    const imported = EcrRepository.fromRepositoryArn(stack, 'Imp', 'arn:aws:ecr:us-east-1:123456789012:repository/team/other');
    expect(imported.endpoint.host).toBe('123456789012.dkr.ecr.us-east-1.amazonaws.com');
    expect(imported.endpoint.passwordCommand).toBe('aws ecr get-login-password --region us-east-1');
    expect(created.endpoint.credentialHelper).toBe('ecr-login');
    expect(created.endpoint.host).toMatch(/TfToken/);
  });
});

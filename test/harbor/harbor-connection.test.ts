import { TerraformStack, Testing } from 'cdktf';
import { HarborConnection, HarborCredentials, HarborTls } from '../../lib/harbor/harbor-connection';
import { validationMessageOf } from '../support/errors';
import { harborStack, synth, warnings } from './support';

function stack(): TerraformStack {
  return new TerraformStack(Testing.app(), 'test');
}

describe('HarborConnection', () => {
  test('verifies TLS by default: insecure is written as false (the provider defaults to true)', () => {
    const { stack } = harborStack();
    const json = synth(stack);
    expect(json.provider.harbor[0].insecure).toBe(false);
    expect(json.provider.harbor[0].url).toBe('https://harbor.example.com');
  });

  test('pins required_providers to goharbor/harbor 3.12.4', () => {
    const { stack } = harborStack();
    expect(synth(stack).terraform.required_providers.harbor).toEqual({ source: 'goharbor/harbor', version: '3.12.4' });
  });

  test('takes credentials from Terraform variables, the password one sensitive', () => {
    const { stack } = harborStack();
    const json = synth(stack);
    expect(json.variable.harbor_password).toMatchObject({ type: 'string', sensitive: true });
    expect(json.variable.harbor_username.sensitive).toBe(false);
    expect(json.provider.harbor[0].password).toBe('${var.harbor_password}');
    expect(json.provider.harbor[0].username).toBe('${var.harbor_username}');
  });

  test('a robot account logs in by its full name with its secret from a sensitive variable', () => {
    const { stack } = harborStack({ credentials: HarborCredentials.robotAccount({ robotFullName: 'robot$terraform' }) });
    const json = synth(stack);
    expect(json.provider.harbor[0].username).toBe('robot$terraform');
    expect(json.provider.harbor[0].password).toBe('${var.harbor_robot_secret}');
    expect(json.variable.harbor_robot_secret.sensitive).toBe(true);
    expect(warnings(stack).join('\n')).toMatch(/credentials are a robot account and robotPrefix is not set/);
    const withPrefix = harborStack({ credentials: HarborCredentials.robotAccount({ robotFullName: 'robot$terraform' }), robotPrefix: 'robot$' });
    expect(synth(withPrefix.stack).provider.harbor[0].robot_prefix).toBe('robot$');
    expect(warnings(withPrefix.stack)).toEqual([]);
  });

  test('a bearer token comes from a sensitive variable; the environment option writes no credentials', () => {
    const a = harborStack({ credentials: HarborCredentials.bearerTokenFromVariable('tok') });
    const ja = synth(a.stack);
    expect(ja.provider.harbor[0].bearer_token).toBe('${var.tok}');
    expect(ja.variable.tok.sensitive).toBe(true);
    const b = harborStack({ credentials: HarborCredentials.fromEnvironment() });
    const jb = synth(b.stack);
    expect(jb.provider.harbor[0]).not.toHaveProperty('password');
    expect(jb.provider.harbor[0]).not.toHaveProperty('username');
    expect(jb.variable).toBeUndefined();
  });

  test('unverified TLS only when asked for by name, with a warning', () => {
    const { stack } = harborStack({ tls: HarborTls.UNVERIFIED_INSECURE });
    expect(synth(stack).provider.harbor[0].insecure).toBe(true);
    expect(warnings(stack).join('\n')).toMatch(/UNVERIFIED_INSECURE: the Harbor server at https:\/\/harbor.example.com is not authenticated/);
  });

  test('refuses plain http unless unverified TLS is asked for by name', () => {
    expect(validationMessageOf(() => new HarborConnection(stack(), 'H', { url: 'http://harbor.local' }))).toMatch(
      /test\/H: url uses plain http, which sends the credentials unencrypted \(got "http:\/\/harbor.local"\); an https:\/\/ URL/,
    );
    const s = stack();
    new HarborConnection(s, 'H', { url: 'http://harbor.local:8080', tls: HarborTls.UNVERIFIED_INSECURE });
    expect(synth(s).provider.harbor[0].url).toBe('http://harbor.local:8080');
  });

  test('refuses a URL with a path or without a scheme, and invalid variable names, all at once', () => {
    const message = validationMessageOf(
      () => new HarborConnection(stack(), 'H', { url: 'harbor.example.com/api/v2.0', credentials: HarborCredentials.fromVariables({ passwordVariable: '1bad name' }), alias: 'a b' }),
    );
    expect(message).toMatch(/url is not a Harbor base URL \(got "harbor.example.com\/api\/v2.0"\)/);
    expect(message).toMatch(/credentials names an invalid Terraform variable \(got "1bad name"\)/);
    expect(message).toMatch(/alias is not a valid provider alias \(got "a b"\)/);
  });

  test('exposes the registry host and trims a trailing slash', () => {
    const { connection } = harborStack({ url: 'https://harbor.example.com:8443/' });
    expect(connection.host).toBe('harbor.example.com:8443');
    expect(connection.url).toBe('https://harbor.example.com:8443');
  });

  test('HarborConnection.of finds the only connection of a stack and refuses none or two', () => {
    const { stack: s, connection } = harborStack();
    expect(HarborConnection.of(s)).toBe(connection);
    expect(validationMessageOf(() => HarborConnection.of(stack()))).toMatch(/connection is missing and the stack has no HarborConnection/);
    new HarborConnection(s, 'Second', { url: 'https://other.example.com', alias: 'other', credentials: HarborCredentials.fromEnvironment() });
    expect(validationMessageOf(() => HarborConnection.of(s))).toMatch(/has 2 HarborConnections/);
  });
});

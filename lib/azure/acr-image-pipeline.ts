/** AcrImagePipeline: a GitHub Actions workflow and a GitLab CI job that build, push, Trivy-gate and tag one ACR repository's image. */

import { DataAzurermClientConfig } from '@cdktf/provider-azurerm/lib/data-azurerm-client-config';
import { TerraformOutput, TerraformStack } from 'cdktf';
// The hook TerraformAsset uses to write files beside the stack at synth; cdktf does not re-export it from its root.
import { addCustomSynthesis } from 'cdktf/lib/synthesize/synthesizer';
import { Construct } from 'constructs';
import { FindingsFormat } from '../core/ci/findings';
import { GITHUB_ACTIONS, PipelineTarget, renderGithubWorkflow, renderGitlabJob } from '../core/ci/pipeline';
import { ImagePipelineBuildProps, pipelineOptions, validateBuildProps, validateVariablePrefix, writePipelineFiles } from '../core/ci/pipeline-props';
import { Violations } from '../core/errors';
import { isUnresolved } from '../core/tokens';
import { AcrCiIdentity } from './acr-ci-identity';
import { AcrRegistry } from './acr-registry';

/** The Trivy image the pipeline scans with (pinned: a scanner's output format is part of the gate's contract). */
export const TRIVY_IMAGE = 'aquasec/trivy:0.66.0';
/** The user name of an ACR token login (the null GUID). */
const ACR_TOKEN_USER = '00000000-0000-0000-0000-000000000000';

/** Properties of an AcrImagePipeline. */
export interface AcrImagePipelineProps extends ImagePipelineBuildProps {
  /** The registry the image is pushed to (created in this stack, so its name is known). */
  readonly registry: AcrRegistry;
  /** The repository inside the registry, e.g. `shop/checkout`. */
  readonly repositoryName: string;
  /**
   * The managed identity the pipeline signs in as with a federated credential. It gets push on the registry
   * (refused when pull-request subjects can use it). Its subjects must cover `branches`.
   */
  readonly identity: AcrCiIdentity;
  /**
   * After the gate passes on the default branch, point `latest` at the image (a manifest copy in the registry).
   * @default true
   */
  readonly tagLatest?: boolean;
  /**
   * The prefix of the CI variables the pipeline reads (`<prefix>_CLIENT_ID`, `<prefix>_TENANT_ID`,
   * `<prefix>_SUBSCRIPTION_ID`); give each pipeline of one Git repository its own.
   * @default "ACR"
   */
  readonly variablePrefix?: string;
}

const REPOSITORY = /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/;

/** Options of the ACR target. */
export interface AcrPipelineTargetOptions {
  /** The registry name. */
  readonly registryName: string;
  /** The login server, `<name>.azurecr.io`. */
  readonly loginServer: string;
  /** The repository. */
  readonly repositoryName: string;
  /** The CI variable prefix. */
  readonly prefix: string;
  /** The audience of the GitLab id_token (the federated credential's). */
  readonly audience: string;
}

/**
 * The ACR target: azure/login with the federated credential, then the token exchange `az acr login` makes
 * (GitHub: the signed-in Entra token; GitLab: an Entra token bought with the id_token, with curl), without the
 * registry look-up in Azure Resource Manager that AcrPush does not allow. ACR has no scanner a gate can
 * wait for, so Trivy scans the pushed digest with an ACR token and the gate reads Trivy's JSON.
 */
export function acrPipelineTarget(o: AcrPipelineTargetOptions): PipelineTarget {
  const v = (s: string) => `${o.prefix}_${s}`;
  const scanScript = [
    '# ACR offers no scan a pipeline can wait for (Defender results arrive with no completion signal): Trivy scans',
    '# the pushed digest, signed in with a short-lived ACR token. A failed scan leaves findings.json empty, and the gate fails closed.',
    `TRIVY_USERNAME=${ACR_TOKEN_USER}`,
    'TRIVY_PASSWORD=$(acr_token)',
    'export TRIVY_USERNAME TRIVY_PASSWORD',
    `docker run --rm -e TRIVY_USERNAME -e TRIVY_PASSWORD ${TRIVY_IMAGE} image --quiet --format json --scanners vuln "$ACR_IMAGE@$IMAGE_DIGEST" > findings.json || : > findings.json`,
    '',
  ].join('\n');
  const tagLatestScript = [
    '# Copy the gated manifest to latest inside the registry (no rebuild).',
    'docker buildx imagetools create --tag "$ACR_IMAGE:latest" "$ACR_IMAGE@$IMAGE_DIGEST"',
    '',
  ].join('\n');
  return {
    label: `acr ${o.loginServer}/${o.repositoryName}`,
    variables: [
      { name: v('CLIENT_ID'), description: 'client id of the managed identity the pipeline signs in as (federated credential)' },
      { name: v('TENANT_ID'), description: 'the Entra tenant id' },
      { name: v('SUBSCRIPTION_ID'), description: 'the subscription of the registry' },
    ],
    env: { ACR_NAME: o.registryName, ACR_LOGIN_SERVER: o.loginServer, ACR_IMAGE: `${o.loginServer}/${o.repositoryName}` },
    githubEnv: { [v('TENANT_ID')]: `\${{ vars.${v('TENANT_ID')} }}` },
    githubLoginSteps: [
      {
        name: 'Azure sign-in (OIDC federated credential)',
        uses: GITHUB_ACTIONS.azureLogin,
        with: { 'client-id': `\${{ vars.${v('CLIENT_ID')} }}`, 'tenant-id': `\${{ vars.${v('TENANT_ID')} }}`, 'subscription-id': `\${{ vars.${v('SUBSCRIPTION_ID')} }}` },
      },
      {
        name: 'Log in to ACR',
        run: [
          '# The exchange `az acr login` makes, without its look-up of the registry in Azure Resource Manager (which',
          '# AcrPush does not allow): the signed-in Entra token, exchanged at the registry for its refresh token.',
          '# Written as a function the scan step sources again for a fresh token.',
          'cat > "$RUNNER_TEMP/acr-token.sh" <<\'EOF\'',
          'acr_token() {',
          '  aad=$(az account get-access-token --resource https://management.azure.com/ --query accessToken --output tsv)',
          `  curl -fsS "https://$ACR_LOGIN_SERVER/oauth2/exchange" --data-urlencode 'grant_type=access_token' --data-urlencode "service=$ACR_LOGIN_SERVER" --data-urlencode "tenant=$${v('TENANT_ID')}" --data-urlencode "access_token=$aad" | jq -r .refresh_token`,
          '}',
          'EOF',
          '# shellcheck source=/dev/null',
          '. "$RUNNER_TEMP/acr-token.sh"',
          `acr_token | docker login --username ${ACR_TOKEN_USER} --password-stdin "$ACR_LOGIN_SERVER"`,
          '',
        ].join('\n'),
      },
    ],
    githubImage: '${{ env.ACR_IMAGE }}',
    gitlabIdTokens: { AZURE_ID_TOKEN: o.audience },
    gitlabLogin: [
      'apk add --no-cache curl jq nodejs npm > /dev/null',
      '# OIDC without the Azure CLI: the job\'s id_token buys an Entra token for the identity, which ACR exchanges',
      '# for its own refresh token (what `az acr login` does).',
      'acr_token() {',
      `  aad=$(curl -fsS "https://login.microsoftonline.com/$${v('TENANT_ID')}/oauth2/v2.0/token" --data-urlencode "client_id=$${v('CLIENT_ID')}" --data-urlencode 'grant_type=client_credentials' --data-urlencode 'scope=https://management.azure.com/.default' --data-urlencode 'client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer' --data-urlencode "client_assertion=$AZURE_ID_TOKEN" | jq -r .access_token)`,
      `  curl -fsS "https://$ACR_LOGIN_SERVER/oauth2/exchange" --data-urlencode 'grant_type=access_token' --data-urlencode "service=$ACR_LOGIN_SERVER" --data-urlencode "tenant=$${v('TENANT_ID')}" --data-urlencode "access_token=$aad" | jq -r .refresh_token`,
      '}',
      `acr_token | docker login --username ${ACR_TOKEN_USER} --password-stdin "$ACR_LOGIN_SERVER"`,
      'IMAGE="$ACR_IMAGE"',
      '',
    ].join('\n'),
    scanScript,
    findingsFormat: FindingsFormat.TRIVY,
    tagLatestScript,
  };
}

/**
 * Generates the CI pipeline for one ACR repository and its CI identity: `contents: read` and `id-token: write`
 * only, a `<git sha>` tag on every push, no provenance, a Trivy scan of the pushed digest (ACR has no scanner a
 * gate can wait for), the fail-closed gate on Trivy's JSON, and `latest` moved only after the gate passes on the
 * default branch.
 *
 * Synth writes `cdktf.out/stacks/<stack>/ci/<name>.yml` (GitHub Actions) and `<name>.gitlab-ci.yml`. Values known
 * only after apply (client, tenant and subscription ids) are read from CI variables whose names and values the
 * stack outputs (`ciVariablesOutput`); none of them is a secret.
 */
export class AcrImagePipeline extends Construct {
  /** The GitHub Actions workflow (YAML). */
  public readonly githubWorkflow: string;
  /** The GitLab CI file with the one job (YAML). */
  public readonly gitlabJob: string;
  /** The workflow's file name, `<name>.yml`. */
  public readonly workflowFileName: string;
  /** The CI variables to set after apply: their names, and the output that holds their values. */
  public readonly ciVariablesOutput: TerraformOutput;
  /** The registry target the workflows were rendered from (escape hatch for other renderers). */
  public readonly target: PipelineTarget;

  constructor(scope: Construct, id: string, props: AcrImagePipelineProps) {
    super(scope, id);
    const v = new Violations();
    if (!(props.registry instanceof AcrRegistry)) {
      v.add('registry', 'is not an AcrRegistry created in this app', props.registry, 'new AcrRegistry(...)');
      v.throwIfAny(this.node.path);
    }
    if (!(props.identity instanceof AcrCiIdentity)) {
      v.add('identity', 'is not an AcrCiIdentity', props.identity, 'new AcrCiIdentity(...) with branch, tag or environment subjects');
      v.throwIfAny(this.node.path);
    }
    const registryName = props.registry.resource.nameInput;
    if (registryName === undefined || isUnresolved(registryName)) v.add('registry', 'has a name that is not known at synth', registryName, 'an AcrRegistry whose registryName is a literal string');
    const repositoryName = props.repositoryName;
    if (typeof repositoryName !== 'string' || !REPOSITORY.test(repositoryName) || repositoryName.length > 256) {
      v.add('repositoryName', 'is not a repository name', repositoryName, 'lower-case path components of letters and digits separated by ".", "_", "-", joined by "/"');
    }
    const prefix = props.variablePrefix ?? 'ACR';
    validateVariablePrefix(v, prefix);
    // A bad repository name is reported once, not again as the workflow name derived from it.
    const build = validateBuildProps(v, props, typeof repositoryName === 'string' && REPOSITORY.test(repositoryName) ? repositoryName : 'x');
    v.throwIfAny(this.node.path);

    // Push only (AcrPush, or the ABAC repository writer): the retag is a manifest push, the scan a pull.
    props.registry.grantPush(props.identity);

    const loginServer = `${registryName!.toLowerCase()}.azurecr.io`;
    const audience = props.identity.credentials[0]?.audienceInput?.[0] ?? 'api://AzureADTokenExchange';
    this.target = acrPipelineTarget({ registryName: registryName!, loginServer, repositoryName, prefix, audience });
    const options = pipelineOptions(build, props.tagLatest ?? true, 'AcrImagePipeline', this.node.path);
    // GitHub: the scan step needs the token helper the login steps wrote.
    this.githubWorkflow = renderGithubWorkflow({ ...options }, { ...this.target, scanScript: `# shellcheck source=/dev/null\n. "$RUNNER_TEMP/acr-token.sh"\n${this.target.scanScript}` });
    this.gitlabJob = renderGitlabJob(options, this.target);
    this.workflowFileName = `${build.name}.yml`;

    const client = new DataAzurermClientConfig(this, 'ClientConfig', { provider: props.registry.resource.provider });
    this.ciVariablesOutput = new TerraformOutput(this, 'CiVariables', {
      description: `CI variables for ${this.workflowFileName}: set each as a repository variable (GitHub) or CI/CD variable (GitLab)`,
      value: { [`${prefix}_CLIENT_ID`]: props.identity.clientId, [`${prefix}_TENANT_ID`]: props.identity.identity.tenantId, [`${prefix}_SUBSCRIPTION_ID`]: client.subscriptionId },
    });
    this.ciVariablesOutput.overrideLogicalId(`${build.name.replace(/[^A-Za-z0-9_]/g, '_')}_ci_variables`);

    const files: [string, string][] = [[this.workflowFileName, this.githubWorkflow], [`${build.name}.gitlab-ci.yml`, this.gitlabJob]];
    const stack = TerraformStack.of(this);
    addCustomSynthesis(this, {
      onSynthesize: (session) => writePipelineFiles(session.outdir, session.manifest.forStack(stack).synthesizedStackPath, files),
    });
  }
}

/**
 * Example: a self-hosted Harbor for the shop team. One private project with the same retention intent as the
 * aws-ecr example (untagged images expire after 7 days, the 20 newest tagged images stay), immutable release tags,
 * a CI push robot and a runtime pull robot; a Docker Hub proxy-cache project; and the instance's GC and scan-all
 * schedules. Credentials come from sensitive variables: TF_VAR_harbor_username, TF_VAR_harbor_password,
 * TF_VAR_dockerhub_token.
 */

import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { RetentionPolicy, RetentionRule } from '../../lib';
import {
  HarborConnection,
  HarborInstance,
  HarborProject,
  HarborRegistryEndpoint,
  HarborRobotPermissions,
  HarborRobotSecret,
  HarborSchedule,
  HarborUpstreamKind,
} from '../../lib/harbor';

/**
 * The shop's retention intent, stated once for every registry: the aws-ecr example's lifecycle rules say the same
 * in ECR's grammar (test/harbor/harbor-example.test.ts compiles this policy to ECR and compares).
 */
export const SHOP_RETENTION = RetentionPolicy.of({
  rules: [RetentionRule.expireUntagged({ days: 7 }), RetentionRule.keepMostRecent({ count: 20, tagPatterns: ['*'] })],
});

/** The `harbor` example stack. */
export class HarborStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    // TLS verified and credentials from sensitive variables are the defaults; spelled out here for the reader.
    new HarborConnection(this, 'Harbor', { url: 'https://harbor.example.com' });

    const shop = new HarborProject(this, 'Shop', {
      projectName: 'shop',
      retentionPolicy: SHOP_RETENTION,
      retentionSchedule: HarborSchedule.cron('0 30 2 * * *'),
      // Release tags (v1.2.3) can never be overwritten; other tags (latest, main-<sha>) stay mutable.
      immutableTagRules: [{ tagMatching: 'v*' }],
      storageQuotaGiB: 200,
    });
    const ci = shop.addRobotAccount('CiPush', {
      name: 'ci',
      description: 'GitHub Actions on main pushes shop images',
      permissions: HarborRobotPermissions.PUSH,
      expiresInDays: 365,
      // The CI secret store is filled from this output: `terraform output -raw shop_ci_robot_secret`.
      secret: HarborRobotSecret.sensitiveOutput('shop_ci_robot_secret'),
    });
    const runtime = shop.addRobotAccount('RuntimePull', {
      name: 'runtime',
      description: 'Kubernetes nodes pull shop images',
      permissions: HarborRobotPermissions.PULL,
      secret: HarborRobotSecret.sensitiveOutput('shop_runtime_robot_secret'),
    });

    // Docker Hub base images are pulled through harbor.example.com/dockerhub/<image>, within Docker Hub's rate
    // limits of the acme account.
    const dockerHub = new HarborRegistryEndpoint(this, 'DockerHub', {
      name: 'docker-hub',
      kind: HarborUpstreamKind.DOCKER_HUB,
      accessId: 'acme',
      accessSecretVariable: 'dockerhub_token',
    });
    new HarborProject(this, 'DockerHubCache', {
      projectName: 'dockerhub',
      proxyCacheEndpoint: dockerHub,
      // Cached upstream tags stay mutable (the default for a proxy cache) so they follow upstream; old ones go after 30 days.
      retentionPolicy: RetentionPolicy.of({ rules: [RetentionRule.expireTagged({ days: 30, tagPatterns: ['*'] }), RetentionRule.expireUntagged({ days: 30 })] }),
    });

    new HarborInstance(this, 'Instance', {
      garbageCollectionSchedule: HarborSchedule.WEEKLY,
      garbageCollectionWorkers: 2,
      garbageCollectionDeleteUntagged: true,
      scanAllSchedule: HarborSchedule.DAILY,
    });

    new TerraformOutput(this, 'image_uri', { value: shop.imageUriForTag('checkout', 'v1.0.0') });
    new TerraformOutput(this, 'ci_robot_name', { value: ci.fullName });
    new TerraformOutput(this, 'runtime_robot_name', { value: runtime.fullName });
    new TerraformOutput(this, 'ci_login_command', { value: shop.endpointFor(ci).loginCommand });
  }
}

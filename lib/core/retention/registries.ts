/**
 * The public entry points of the retention engine, one class per dialect with static methods: compile the neutral
 * policy, read a native policy and a registry listing, simulate. Classes rather than free functions keep the
 * API jsii-ready (jsii has no module-level functions); the functions behind them stay internal.
 */

import { AcrCompileResult, compileToAcr } from './acr/compile';
import { parseAcrManifests } from './acr/listing';
import { AcrPurgeCommand, AcrPurgePolicy, AcrPurgeTaskYamlOptions, parseAcrPurgeArgs, renderAcrPurgeCommand, renderAcrPurgeTaskYaml } from './acr/grammar';
import { simulateAcrPurge } from './acr/simulate';
import { DeadRule, findDeadEcrLifecycleRules, findDeadRetentionRules, findDeadTypedEcrLifecycleRules } from './dead-rules';
import { CompileOptions } from './dialect';
import { compileToEcr, EcrCompileResult } from './ecr/compile';
import { parseEcrImages } from './ecr/listing';
import { EcrLifecyclePolicyDocument, EcrLifecycleRule, buildEcrLifecyclePolicy, parseEcrLifecyclePolicy, validateEcrLifecycleRules } from './ecr/grammar';
import { simulateEcrLifecyclePolicy } from './ecr/simulate';
import { compileToGar, GarCompileResult } from './gar/compile';
import { parseGarImages } from './gar/listing';
import { GarCleanupPolicy, GarCleanupPolicyBlock, parseGarCleanupPolicies, toGarCleanupPolicyBlocks } from './gar/grammar';
import { simulateGarCleanupPolicies } from './gar/simulate';
import { applyGarPulls, GarPullLog, GarPullsApplied, parseGarPullLog } from './gar/pulls';
import { parseHarborArtifacts } from './harbor/listing';
import { compileToHarbor, HarborCompileOptions, HarborCompileResult } from './harbor/compile';
import { HarborRetentionPolicy, parseHarborRetentionPolicy } from './harbor/grammar';
import { simulateHarborRetention } from './harbor/simulate';
import { ImageRecord, SimulationResult } from './image';
import { parseNeutralImages } from './neutral';
import { RetentionPolicy } from './policy';
import { simulateRetentionPolicy } from './simulate';
import { Violation } from '../errors';

/** The neutral policy's own simulator and listing format. */
export class NeutralRetention {
  /** What `policy` does to `images` at `now` (epoch ms): the reference every compiler is tested against. */
  public static simulate(policy: RetentionPolicy, images: ImageRecord[], now: number): SimulationResult {
    return simulateRetentionPolicy(policy, images, now);
  }

  /**
   * The rules of `policy` that can decide no image in any repository, each with the rules that decide those
   * images first (see docs/retention.md, "Rules that can never act").
   */
  public static findDeadRules(policy: RetentionPolicy): DeadRule[] {
    return findDeadRetentionRules(policy);
  }

  /** Reads the neutral images JSON (`{"images": [...]}` or a bare array); errors name `source` and the field. */
  public static parseImages(input: unknown, source: string = 'images'): ImageRecord[] {
    return parseNeutralImages(input, source);
  }

  private constructor() {}
}

/** AWS ECR lifecycle policies. */
export class EcrRetention {
  /** Compiles a neutral policy to ECR lifecycle rules; throws a ValidationError naming ECR for what it cannot express. */
  public static compile(policy: RetentionPolicy, options: CompileOptions = {}, path: string = 'RetentionPolicy'): EcrCompileResult {
    return compileToEcr(policy, options, path);
  }

  /** Validates typed rules, assigns priorities and returns the policy document; throws a ValidationError at `path`. */
  public static build(rules: EcrLifecycleRule[], path: string = 'EcrLifecyclePolicy'): EcrLifecyclePolicyDocument {
    return buildEcrLifecyclePolicy(rules, path);
  }

  /**
   * The typed rules (valid ones) that can never act, named `lifecycleRules[i]`: every image their selection takes
   * is claimed first by an earlier rule of the same storage class.
   */
  public static findDeadRules(rules: EcrLifecycleRule[]): DeadRule[] {
    return findDeadTypedEcrLifecycleRules(rules);
  }

  /** The rules of a native policy document (as `parse` returns it) that can never act, named `rulePriority N`. */
  public static findDeadPolicyRules(doc: EcrLifecyclePolicyDocument): DeadRule[] {
    return findDeadEcrLifecycleRules(doc);
  }

  /** Every violation of typed rules, without throwing. */
  public static validate(rules: EcrLifecycleRule[]): Violation[] {
    return [...validateEcrLifecycleRules(rules).items];
  }

  /** Reads a native lifecycle policy document (parsed JSON or text); errors name `source` and the JSON field. */
  public static parsePolicy(input: unknown, source: string = 'policy'): EcrLifecyclePolicyDocument {
    return parseEcrLifecyclePolicy(input, source);
  }

  /** Reads `aws ecr describe-images --output json`. */
  public static parseImages(input: unknown, source: string = 'images'): ImageRecord[] {
    return parseEcrImages(input, source);
  }

  /** What a lifecycle policy does to `images` at `now`, following AWS's evaluation rules. */
  public static simulate(policy: EcrLifecyclePolicyDocument, images: ImageRecord[], now: number): SimulationResult {
    return simulateEcrLifecyclePolicy(policy, images, now);
  }

  private constructor() {}
}

/** GCP Artifact Registry cleanup policies. */
export class GarRetention {
  /** Compiles a neutral policy to cleanup policies; throws a ValidationError naming GAR for what it cannot express. */
  public static compile(policy: RetentionPolicy, options: CompileOptions = {}, path: string = 'RetentionPolicy'): GarCompileResult {
    return compileToGar(policy, options, path);
  }

  /** The provider's `cleanup_policies` blocks for `google_artifact_registry_repository`. */
  public static toProviderBlocks(policies: GarCleanupPolicy[], path: string = 'cleanupPolicies'): GarCleanupPolicyBlock[] {
    return toGarCleanupPolicyBlocks(policies, path);
  }

  /** Reads the JSON list `gcloud artifacts repositories set-cleanup-policies` takes. */
  public static parsePolicy(input: unknown, source: string = 'cleanup-policies.json'): GarCleanupPolicy[] {
    return parseGarCleanupPolicies(input, source);
  }

  /** Reads `gcloud artifacts docker images list … --include-tags --format=json`. */
  public static parseImages(input: unknown, source: string = 'images.json'): ImageRecord[] {
    return parseGarImages(input, source);
  }

  /** What cleanup policies do to `images` at `now`: KEEP beats DELETE, per package. */
  public static simulate(policies: GarCleanupPolicy[], images: ImageRecord[], now: number): SimulationResult {
    return simulateGarCleanupPolicies(policies, images, now);
  }

  /** Reads Docker pulls from `gcloud logging read … --format=json` of Artifact Registry's Data Access audit log. */
  public static parsePullLog(input: unknown, source: string = 'pulls.json'): GarPullLog {
    return parseGarPullLog(input, source);
  }

  /** Sets `lastPulledAt` of listed images from a pull log (by digest, or a tag the image carries now), with notes. */
  public static withPullTimes(images: ImageRecord[], log: GarPullLog): GarPullsApplied {
    return applyGarPulls(images, log);
  }

  private constructor() {}
}

/** Harbor tag retention policies. */
export class HarborRetention {
  /** Compiles a neutral policy to `harbor_retention_policy` rules; throws a ValidationError naming Harbor for what it cannot express. */
  public static compile(policy: RetentionPolicy, options: HarborCompileOptions = {}, path: string = 'RetentionPolicy'): HarborCompileResult {
    return compileToHarbor(policy, options, path);
  }

  /** Reads a `harbor_retention_policy` body or `GET /api/v2.0/retentions/{id}` JSON. */
  public static parsePolicy(input: unknown, source: string = 'policy'): HarborRetentionPolicy {
    return parseHarborRetentionPolicy(input, source);
  }

  /** Reads `GET /api/v2.0/projects/{p}/repositories/{r}/artifacts?with_tag=true`. */
  public static parseImages(input: unknown, source: string = 'images'): ImageRecord[] {
    return parseHarborArtifacts(input, source);
  }

  /** What a retention policy does to `images` at `now`: retain rules OR-ed, the rest deleted, per repository. */
  public static simulate(policy: HarborRetentionPolicy, images: ImageRecord[], now: number): SimulationResult {
    return simulateHarborRetention(policy, images, now);
  }

  private constructor() {}
}

/** Azure Container Registry: `acr purge` commands and untagged-manifest retention. */
export class AcrRetention {
  /** Compiles a neutral policy to purge commands; throws a ValidationError naming ACR for what it cannot express. */
  public static compile(policy: RetentionPolicy, options: CompileOptions = {}, path: string = 'RetentionPolicy'): AcrCompileResult {
    return compileToAcr(policy, options, path);
  }

  /** One purge command line, quoted for an ACR task. */
  public static renderCommand(command: AcrPurgeCommand): string {
    return renderAcrPurgeCommand(command);
  }

  /** The ACR task YAML running the commands (for `azurerm_container_registry_task.encoded_step.task_content`). */
  public static renderTaskYaml(commands: AcrPurgeCommand[], options: AcrPurgeTaskYamlOptions = {}, path: string = 'AcrPurgeTask'): string {
    return renderAcrPurgeTaskYaml(commands, options, path);
  }

  /** Reads purge command lines (text) or their JSON form. */
  public static parsePolicy(input: unknown, source: string = 'policy'): AcrPurgePolicy {
    return parseAcrPurgeArgs(input, source);
  }

  /** Reads `az acr manifest list-metadata` output (or its envelope with `show-tags --detail`). */
  public static parseImages(input: unknown, source: string = 'images'): ImageRecord[] {
    return parseAcrManifests(input, source);
  }

  /** What the purge commands (and untagged retention) do to `images` at `now`, tag by tag. */
  public static simulate(policy: AcrPurgePolicy, images: ImageRecord[], now: number): SimulationResult {
    return simulateAcrPurge(policy, images, now);
  }

  private constructor() {}
}

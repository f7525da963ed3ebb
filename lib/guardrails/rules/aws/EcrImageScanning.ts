/** EcrImageScanning: every repository's images are scanned, judged by the registry-level rules where there are any. */

import { ecrScanFilterMatches } from '../../../core/retention/patterns';
import { GuardrailLevel, IGuardrailRule, RuleFinding, block, blocks, isExpression } from '../../rule';
import { sameRegistry } from './registry';

/** True when a registry scanning rule scans `name` automatically (on push or continuously). */
function ruleScans(rule: { readonly [key: string]: unknown }, name: string): boolean {
  if (rule.scan_frequency === 'MANUAL') return false;
  return blocks(rule, 'repository_filter').some((f) => typeof f.filter === 'string' && ecrScanFilterMatches(f.filter, name));
}

export const EcrImageScanning: IGuardrailRule = {
  id: 'EcrImageScanning',
  intent: 'Every repository is scanned for vulnerabilities: on push or continuously.',
  sources: ['AWS Security Hub ECR.1', 'AWS Config ecr-private-image-scanning-enabled', 'AWS Control Tower CT.ECR.PR.2', 'CIS EKS 5.1.1'],
  level: GuardrailLevel.WARNING,
  resourceTypes: ['aws_ecr_repository'],
  check({ resource, index }): RuleFinding[] {
    const name = resource.config.name;
    const registryConfigs = index.inApp('aws_ecr_registry_scanning_configuration').filter((s) => sameRegistry(resource, s, index));
    if (registryConfigs.length === 0) {
      const scanOnPush = block(resource.config, 'image_scanning_configuration')?.scan_on_push;
      if (scanOnPush === true) return [];
      return [{
        problem: `repository ${JSON.stringify(name)} is not scanned: image_scanning_configuration.scan_on_push is ${scanOnPush === undefined ? 'unset (false)' : JSON.stringify(scanOnPush)} and no registry scanning configuration covers it`,
        fix: 'set scanOnPush: true (EcrRepository does by default), or add registry-level rules (EcrRegistry scanning) whose filters match the repository',
      }];
    }
    const config = registryConfigs[0];
    if (typeof name !== 'string' || isExpression(name)) {
      return [{ problem: 'the repository name is computed at apply, so whether a registry scanning filter matches it cannot be checked', fix: 'give the repository a literal name', at: resource }];
    }
    const type = config.config.scan_type;
    const rules = blocks(config.config, 'rule');
    const matching = rules.filter((r) => ruleScans(r, name));
    if (matching.length > 0) return [];
    return [{
      problem: type === 'ENHANCED'
        ? `repository "${name}" is not scanned: registry scanning is ENHANCED (${config.address}) and no rule filter matches it, which disables scanning for it (its own scan_on_push is ignored)`
        : `repository "${name}" is set to manual scanning: the registry's BASIC rules (${config.address}) have no scan-on-push filter that matches it`,
      fix: `add a rule filter that matches "${name}" (e.g. WILDCARD "*") to the registry scanning configuration`,
    }];
  },
};

/** A stack with a default azurerm provider, for the Azure tests. */

import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { TerraformStack, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { synth, TfJson } from '../helpers';

/** A stack with a default azurerm provider, inside a test app. */
export function azureStack(id: string = 'test'): TerraformStack {
  const stack = new TerraformStack(Testing.app(), id);
  new AzurermProvider(stack, 'azurerm', { features: [{}] });
  return stack;
}

/** Builds constructs in a fresh Azure stack and synthesizes it. */
export function synthAzure(build: (stack: Construct) => void): TfJson {
  const stack = azureStack();
  build(stack);
  return synth(stack);
}

/** The synth warnings of every construct under `scope`. */
export function warningsOf(scope: Construct): string[] {
  return scope.node
    .findAll()
    .flatMap((c) => c.node.metadata)
    .filter((m) => m.type === '@cdktf/warn')
    .map((m) => String(m.data));
}

export const SUBNET_ID = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/pe';
export const REGISTRY_ID = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/shared/providers/Microsoft.ContainerRegistry/registries/sharedacr01';
export const PRINCIPAL = '11111111-2222-3333-4444-555555555555';

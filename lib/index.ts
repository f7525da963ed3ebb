/** The cloud-neutral core of cdktf-container-registries: retention policies, simulators and validation. No provider imports. */

export * from './core/errors';
export * from './core/retention/image';
export * from './core/retention/policy';
export * from './core/retention/dialect';
export { matchesWildcard, anyTagMatches } from './core/retention/patterns';
export * from './core/retention/gar';
export * from './core/retention/acr';
export * from './core/retention/harbor';
export * from './core/retention/neutral';
export * from './core/retention/timestamps';
export * from './core/retention/simulate';
export * from './core/retention/ecr';

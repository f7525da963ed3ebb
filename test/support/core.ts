/**
 * Everything of the core, functions included, for tests: the package's root entry point exports only the
 * jsii-ready classes, enums and interfaces, while tests also exercise the internal functions behind them.
 */

export * from '../../lib/core/errors';
export * from '../../lib/core/retention/image';
export * from '../../lib/core/retention/policy';
export * from '../../lib/core/retention/dialect';
export * from '../../lib/core/retention/patterns';
export * from '../../lib/core/retention/registries';
export * from '../../lib/core/retention/gar';
export * from '../../lib/core/retention/acr';
export * from '../../lib/core/retention/harbor';
export * from '../../lib/core/retention/neutral';
export * from '../../lib/core/retention/timestamps';
export * from '../../lib/core/retention/simulate';
export * from '../../lib/core/retention/ecr';

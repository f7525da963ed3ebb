/** cdktf-container-registries/harbor: Harbor constructs on the goharbor/harbor provider's generated bindings (no provider package needed). */

export * from './harbor-connection';

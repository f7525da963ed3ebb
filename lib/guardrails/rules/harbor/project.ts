/** Helpers of the Harbor rules: resources that belong to a project. */

import { IResourceIndex, ResourceView } from '../../rule';

/** The resources of `type` in the project's stack whose `attribute` refers to the project (its id or its name). */
export function ofProject(project: ResourceView, index: IResourceIndex, type: string, attribute: string): ResourceView[] {
  return [...index.pointingAt(project, type, attribute, 'id')];
}

/** True for a proxy-cache project: its images come from an upstream registry. */
export function isProxyCache(project: ResourceView): boolean {
  return project.config.registry_id !== undefined;
}

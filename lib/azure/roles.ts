/** Built-in Azure roles for a container registry, by role definition id (no name look-up at plan time). */

/**
 * A role to assign on a registry. The built-in roles are static members; `AcrRole.custom` takes any role definition
 * GUID. Ids, not names: `role_definition_name` makes the provider look the role up at plan time.
 */
export class AcrRole {
  /** AcrPull: pull images (legacy permission mode; ignored on ABAC-mode registries). */
  public static readonly ACR_PULL = new AcrRole('AcrPull', '7f951dda-4ed3-4680-a7ca-43fe172d538d');
  /** AcrPush: pull and push (no delete). */
  public static readonly ACR_PUSH = new AcrRole('AcrPush', '8311e382-0749-4cb8-b61a-304f252e45ec');
  /** AcrDelete: delete images and repositories. */
  public static readonly ACR_DELETE = new AcrRole('AcrDelete', 'c2f4ef07-c644-48eb-af81-4b1b4947fb11');
  /** AcrImageSigner: sign images with Docker Content Trust (deprecated by Azure together with DCT). */
  public static readonly ACR_IMAGE_SIGNER = new AcrRole('AcrImageSigner', '6cef56e8-d556-48e5-a04f-b8e64114680f');
  /** AcrQuarantineReader: pull quarantined images. */
  public static readonly ACR_QUARANTINE_READER = new AcrRole('AcrQuarantineReader', 'cdda3590-29a3-44f6-95f2-9f980659eb04');
  /** AcrQuarantineWriter: set the quarantine state of images. */
  public static readonly ACR_QUARANTINE_WRITER = new AcrRole('AcrQuarantineWriter', 'c8d4ff99-41c3-41a8-9f60-21dfdad59608');
  /** Owner: everything including role assignments. */
  public static readonly OWNER = new AcrRole('Owner', '8e3af657-a8ff-443c-a75c-2fe8c4bcb635');
  /** Contributor: manage the registry and, in legacy mode, pull, push and delete. */
  public static readonly CONTRIBUTOR = new AcrRole('Contributor', 'b24988ac-6180-42a0-ab88-20f7382dd24c');
  /** Reader: read the registry resource and, in legacy mode, pull. */
  public static readonly READER = new AcrRole('Reader', 'acdd72a7-3385-48ef-bd42-f606fba81ae7');
  /** Container Registry Repository Reader (ABAC mode): read images, tags and metadata. */
  public static readonly REPOSITORY_READER = new AcrRole('Container Registry Repository Reader', 'b93aa761-3e63-49ed-ac28-beffa264f7ac');
  /** Container Registry Repository Writer (ABAC mode): read and push. */
  public static readonly REPOSITORY_WRITER = new AcrRole('Container Registry Repository Writer', '2a1e307c-b015-4ebd-883e-5b7698a07328');
  /** Container Registry Repository Contributor (ABAC mode): read, push and delete. */
  public static readonly REPOSITORY_CONTRIBUTOR = new AcrRole('Container Registry Repository Contributor', '2efddaa5-3f1f-4df3-97df-af3f13818f4c');
  /** Container Registry Repository Catalog Lister (ABAC mode): list repositories. */
  public static readonly REPOSITORY_CATALOG_LISTER = new AcrRole('Container Registry Repository Catalog Lister', 'bfdb9389-c9a5-478a-bb2f-ba9ca092c3c7');
  /** Container Registry Tasks Contributor: manage tasks and runs (tasks can read and write all data). */
  public static readonly TASKS_CONTRIBUTOR = new AcrRole('Container Registry Tasks Contributor', 'fb382eab-e894-4461-af04-94435c366c3f');

  /** A role by its role definition GUID (a custom role, or a built-in one not listed here). */
  public static custom(name: string, roleDefinitionGuid: string): AcrRole {
    return new AcrRole(name, roleDefinitionGuid);
  }

  /** The role's display name (for messages and descriptions only). */
  public readonly name: string;
  /** The role definition GUID. */
  public readonly guid: string;

  private constructor(name: string, guid: string) {
    this.name = name;
    this.guid = guid;
  }
}


/** Who a grant is for: an AWS principal as it appears in a resource policy, and the grantee interface. */

import { Violations } from '../core/errors';
import { isUnresolved } from '../core/tokens';
import { ACCOUNT_ID } from './aws-ids';
import { IamConditions, IamStatement } from './iam';

/** The kinds of AWS principal. */
export enum AwsPrincipalKind {
  /** An IAM role or user, by ARN. */
  ARN = 'arn',
  /** A whole AWS account (its root principal, i.e. whatever the account's own IAM allows). */
  ACCOUNT = 'account',
  /** Every principal of an AWS Organization, via the `aws:PrincipalOrgID` condition. */
  ORGANIZATION = 'organization',
  /** An AWS service principal such as `lambda.amazonaws.com`. */
  SERVICE = 'service',
}

// IAM roles, users and the root live under iam; assumed-role and federated-user sessions under sts (never iam:role in sts).
const ARN_RE = /^arn:aws(-[a-z]+)*:(?:iam::\d{12}:(?:root|(?:role|user)\/.+)|sts::\d{12}:(?:assumed-role\/[^/]+\/.+|federated-user\/.+))$/;
const ORG_RE = /^o-[a-z0-9]{10,32}$/;
const SERVICE_RE = /^[a-z0-9][a-z0-9.-]*\.amazonaws\.com(\.cn)?$/;
const PARTITION_RE = /^aws(-[a-z]+)*$/;

/**
 * Anything that can be granted access to a repository. A grantee with an identity policy of its own (the CI
 * roles of `EcrCiRole`) also receives the matching identity statements, so both sides of a grant agree.
 */
export interface IEcrGrantee {
  /** The principal named in the repository policy. */
  readonly grantPrincipal: AwsPrincipal;
  /**
   * Adds a statement to the grantee's own identity policy; returns false when the grantee has none (a plain
   * principal), in which case only the repository policy carries the grant.
   */
  addToPrincipalPolicy(statement: IamStatement): boolean;
}

/** An AWS principal for resource policies. Build with the static factories; the value is checked at synth. */
export class AwsPrincipal implements IEcrGrantee {
  /** An IAM role or user ARN, e.g. `arn:aws:iam::123456789012:role/ci`; a token is accepted as is. */
  public static fromArn(arn: string): AwsPrincipal {
    return new AwsPrincipal(AwsPrincipalKind.ARN, arn);
  }

  /** A whole account by its 12-digit ID; rendered as the account's root ARN in `partition`. */
  public static account(accountId: string, partition: string = 'aws'): AwsPrincipal {
    return new AwsPrincipal(AwsPrincipalKind.ACCOUNT, accountId, undefined, partition);
  }

  /** Every principal in an AWS Organization (`o-…`), via `Principal: "*"` and `aws:PrincipalOrgID`. */
  public static organization(organizationId: string): AwsPrincipal {
    return new AwsPrincipal(AwsPrincipalKind.ORGANIZATION, organizationId);
  }

  /**
   * A service principal such as `lambda.amazonaws.com`, limited to calls the service makes on behalf of your
   * resources. Give `sourceArn` (wildcards allowed; `aws:sourceArn` StringLike), e.g.
   * `arn:aws:lambda:eu-west-1:123456789012:function:*`, and/or `sourceAccount` (`aws:SourceAccount`
   * StringEquals), e.g. `123456789012`. One of them is required where the principal is used in a grant or a
   * trust policy: without it, the service acting for anyone's resources in any account could use the access
   * (the confused deputy problem).
   */
  public static service(service: string, sourceArn?: string, sourceAccount?: string): AwsPrincipal {
    return new AwsPrincipal(AwsPrincipalKind.SERVICE, service, sourceArn, 'aws', sourceAccount);
  }

  private constructor(
    /** The kind of principal. */
    public readonly kind: AwsPrincipalKind,
    /** The ARN, account ID, organization ID or service name. */
    public readonly value: string,
    /** For service principals: the `aws:sourceArn` pattern, if any. */
    public readonly sourceArn?: string,
    /** For accounts: the partition of the root ARN. */
    public readonly partition: string = 'aws',
    /** For service principals: the `aws:SourceAccount` value, if any. */
    public readonly sourceAccount?: string,
  ) {}

  /** A plain principal is its own grant principal. */
  public get grantPrincipal(): AwsPrincipal {
    return this;
  }

  /** A plain principal has no identity policy of ours to add to. */
  public addToPrincipalPolicy(_statement: IamStatement): boolean {
    return false;
  }

  /** The `Principal` element for a resource policy. */
  public policyPrincipal(): unknown {
    switch (this.kind) {
      case AwsPrincipalKind.ARN:
        return { AWS: this.value };
      case AwsPrincipalKind.ACCOUNT:
        return { AWS: `arn:${this.partition}:iam::${this.value}:root` };
      case AwsPrincipalKind.ORGANIZATION:
        return '*';
      case AwsPrincipalKind.SERVICE:
        return { Service: this.value };
    }
  }

  /** The conditions the principal needs in a resource policy, if any. */
  public policyConditions(): IamConditions | undefined {
    if (this.kind === AwsPrincipalKind.ORGANIZATION) return { StringEquals: { 'aws:PrincipalOrgID': this.value } };
    if (this.kind !== AwsPrincipalKind.SERVICE) return undefined;
    const conditions: { [operator: string]: { [key: string]: string } } = {};
    if (this.sourceArn) conditions.StringLike = { 'aws:sourceArn': this.sourceArn };
    if (this.sourceAccount) conditions.StringEquals = { 'aws:SourceAccount': this.sourceAccount };
    return Object.keys(conditions).length > 0 ? conditions : undefined;
  }

  /**
   * A stable key that identifies the principal (used to merge grants into one statement per principal).
   * @internal not part of the public API; the library calls it.
   */
  public get key(): string {
    return `${this.kind}:${this.value}:${this.sourceArn ?? ''}:${this.partition}:${this.sourceAccount ?? ''}`;
  }

  /**
   * Checks the value's shape (tokens pass unchecked); `property` names where the principal was given.
   * @internal not part of the public API; the library calls it.
   */
  public validate(property: string): Violations {
    const v = new Violations();
    if (isUnresolved(this.value)) return v;
    switch (this.kind) {
      case AwsPrincipalKind.ARN:
        if (!ARN_RE.test(this.value)) v.add(property, 'is not an IAM role or user ARN', this.value, 'an ARN such as arn:aws:iam::123456789012:role/name');
        break;
      case AwsPrincipalKind.ACCOUNT:
        if (!ACCOUNT_ID.test(this.value)) v.add(property, 'is not an AWS account ID', this.value, 'exactly 12 digits, e.g. "123456789012"');
        if (!PARTITION_RE.test(this.partition)) v.add(property, 'has an unknown partition', this.partition, '"aws", "aws-cn", "aws-us-gov", ...');
        break;
      case AwsPrincipalKind.ORGANIZATION:
        if (!ORG_RE.test(this.value)) v.add(property, 'is not an AWS Organization ID', this.value, '"o-" followed by 10-32 lowercase letters or digits');
        break;
      case AwsPrincipalKind.SERVICE:
        if (!SERVICE_RE.test(this.value)) v.add(property, 'is not an AWS service principal', this.value, 'a name such as "lambda.amazonaws.com"');
        if (this.sourceArn !== undefined && !isUnresolved(this.sourceArn) && !/^arn:aws(-[a-z]+)*:/.test(this.sourceArn)) {
          v.add(`${property}.sourceArn`, 'is not an ARN pattern', this.sourceArn, 'an ARN, wildcards allowed, e.g. arn:aws:lambda:eu-west-1:123456789012:function:*');
        }
        if (this.sourceAccount !== undefined && !isUnresolved(this.sourceAccount) && !ACCOUNT_ID.test(this.sourceAccount)) {
          v.add(`${property}.sourceAccount`, 'is not an AWS account ID', this.sourceAccount, 'exactly 12 digits, e.g. "123456789012"');
        }
        if (!this.sourceArn && !this.sourceAccount) {
          v.add(
            property,
            'is a service principal without a source condition, so the service acting for any resource in any AWS account could use this access (confused deputy)',
            this.value,
            `a source ARN and/or account: AwsPrincipal.service(${JSON.stringify(this.value)}, ${JSON.stringify(exampleSourceArn(this.value))}), or AwsPrincipal.service(${JSON.stringify(this.value)}, undefined, "<account>") for aws:SourceAccount`,
          );
        }
        break;
    }
    return v;
  }
}

/** A source ARN pattern to suggest for a service: the shape AWS documents for the common ones. */
function exampleSourceArn(service: string): string {
  const name = service.split('.')[0];
  if (name === 'lambda') return 'arn:aws:lambda:<region>:<account>:function:*';
  if (name === 'ecs-tasks' || name === 'ecs') return 'arn:aws:ecs:<region>:<account>:*';
  if (name === 'codebuild') return 'arn:aws:codebuild:<region>:<account>:project/*';
  return `arn:aws:${name}:<region>:<account>:*`;
}

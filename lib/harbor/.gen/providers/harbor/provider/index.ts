// https://registry.terraform.io/providers/goharbor/harbor/3.12.4/docs
// generated from terraform resource schema

import { Construct } from 'constructs';
import * as cdktf from 'cdktf';

// Configuration

export interface HarborProviderConfig {
  /**
  * Harbor API generation: 2 (default, /api/v2.0) or 1 (/api, legacy).
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/goharbor/harbor/3.12.4/docs#api_version HarborProvider#api_version}
  */
  readonly apiVersion?: number;
  /**
  * Token sent as 'Authorization: Bearer ...'; takes precedence over username/password. Environment fallback: HARBOR_BEARER_TOKEN.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/goharbor/harbor/3.12.4/docs#bearer_token HarborProvider#bearer_token}
  */
  readonly bearerToken?: string;
  /**
  * Extra HTTP headers added to every API request, replacing same-named headers; a 'Host' entry overrides the request host. Useful behind a WAF or proxy. Sensitive.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/goharbor/harbor/3.12.4/docs#headers HarborProvider#headers}
  */
  readonly headers?: { [key: string]: string };
  /**
  * Skip TLS certificate verification of the Harbor endpoint. Defaults to true (the static default shadows the HARBOR_IGNORE_CERT environment fallback); set false for verified TLS.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/goharbor/harbor/3.12.4/docs#insecure HarborProvider#insecure}
  */
  readonly insecure?: boolean | cdktf.IResolvable;
  /**
  * Password (or robot secret) for HTTP basic auth. Environment fallback: HARBOR_PASSWORD.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/goharbor/harbor/3.12.4/docs#password HarborProvider#password}
  */
  readonly password?: string;
  /**
  * Robot account name prefix (Harbor's default is 'robot$'). Set it when the credentials cannot read /configurations, which the provider otherwise queries to derive system-level robot short names.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/goharbor/harbor/3.12.4/docs#robot_prefix HarborProvider#robot_prefix}
  */
  readonly robotPrefix?: string;
  /**
  * OIDC session cookie value (sid). When set it is used instead of bearer_token and basic auth. Experimental upstream. Environment fallback: HARBOR_SESSION_ID.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/goharbor/harbor/3.12.4/docs#session_id HarborProvider#session_id}
  */
  readonly sessionId?: string;
  /**
  * Base URL of the Harbor instance, e.g. https://harbor.example.com (the provider appends /api/v2.0). Falls back to the HARBOR_URL environment variable; required in the Go schema but exported as optional because of that environment default.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/goharbor/harbor/3.12.4/docs#url HarborProvider#url}
  */
  readonly url?: string;
  /**
  * User name for HTTP basic auth; a robot account's full name (e.g. robot$ci) works too. Environment fallback: HARBOR_USERNAME.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/goharbor/harbor/3.12.4/docs#username HarborProvider#username}
  */
  readonly username?: string;
  /**
  * Alias name
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/goharbor/harbor/3.12.4/docs#alias HarborProvider#alias}
  */
  readonly alias?: string;
}

/**
* Represents a {@link https://registry.terraform.io/providers/goharbor/harbor/3.12.4/docs harbor}
*/
export class HarborProvider extends cdktf.TerraformProvider {

  // =================
  // STATIC PROPERTIES
  // =================
  public static readonly tfResourceType = "harbor";

  // ==============
  // STATIC Methods
  // ==============
  /**
  * Generates CDKTF code for importing a HarborProvider resource upon running "cdktf plan <stack-name>"
  * @param scope The scope in which to define this construct
  * @param importToId The construct id used in the generated config for the HarborProvider to import
  * @param importFromId The id of the existing HarborProvider that should be imported. Refer to the {@link https://registry.terraform.io/providers/goharbor/harbor/3.12.4/docs#import import section} in the documentation of this resource for the id to use
  * @param provider? Optional instance of the provider where the HarborProvider to import is found
  */
  public static generateConfigForImport(scope: Construct, importToId: string, importFromId: string, provider?: cdktf.TerraformProvider) {
        return new cdktf.ImportableResource(scope, importToId, { terraformResourceType: "harbor", importId: importFromId, provider });
      }

  // ===========
  // INITIALIZER
  // ===========

  /**
  * Create a new {@link https://registry.terraform.io/providers/goharbor/harbor/3.12.4/docs harbor} Resource
  *
  * @param scope The scope in which to define this construct
  * @param id The scoped construct ID. Must be unique amongst siblings in the same scope
  * @param options HarborProviderConfig = {}
  */
  public constructor(scope: Construct, id: string, config: HarborProviderConfig = {}) {
    super(scope, id, {
      terraformResourceType: 'harbor',
      terraformGeneratorMetadata: {
        providerName: 'harbor',
        providerVersion: '3.12.4',
        providerVersionConstraint: '3.12.4'
      },
      terraformProviderSource: 'goharbor/harbor'
    });
    this._apiVersion = config.apiVersion;
    this._bearerToken = config.bearerToken;
    this._headers = config.headers;
    this._insecure = config.insecure;
    this._password = config.password;
    this._robotPrefix = config.robotPrefix;
    this._sessionId = config.sessionId;
    this._url = config.url;
    this._username = config.username;
    this._alias = config.alias;
  }

  // ==========
  // ATTRIBUTES
  // ==========

  // api_version - computed: false, optional: true, required: false
  private _apiVersion?: number; 
  public get apiVersion() {
    return this._apiVersion;
  }
  public set apiVersion(value: number | undefined) {
    this._apiVersion = value;
  }
  public resetApiVersion() {
    this._apiVersion = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get apiVersionInput() {
    return this._apiVersion;
  }

  // bearer_token - computed: false, optional: true, required: false
  private _bearerToken?: string; 
  public get bearerToken() {
    return this._bearerToken;
  }
  public set bearerToken(value: string | undefined) {
    this._bearerToken = value;
  }
  public resetBearerToken() {
    this._bearerToken = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get bearerTokenInput() {
    return this._bearerToken;
  }

  // headers - computed: false, optional: true, required: false
  private _headers?: { [key: string]: string }; 
  public get headers() {
    return this._headers;
  }
  public set headers(value: { [key: string]: string } | undefined) {
    this._headers = value;
  }
  public resetHeaders() {
    this._headers = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get headersInput() {
    return this._headers;
  }

  // insecure - computed: false, optional: true, required: false
  private _insecure?: boolean | cdktf.IResolvable; 
  public get insecure() {
    return this._insecure;
  }
  public set insecure(value: boolean | cdktf.IResolvable | undefined) {
    this._insecure = value;
  }
  public resetInsecure() {
    this._insecure = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get insecureInput() {
    return this._insecure;
  }

  // password - computed: false, optional: true, required: false
  private _password?: string; 
  public get password() {
    return this._password;
  }
  public set password(value: string | undefined) {
    this._password = value;
  }
  public resetPassword() {
    this._password = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get passwordInput() {
    return this._password;
  }

  // robot_prefix - computed: false, optional: true, required: false
  private _robotPrefix?: string; 
  public get robotPrefix() {
    return this._robotPrefix;
  }
  public set robotPrefix(value: string | undefined) {
    this._robotPrefix = value;
  }
  public resetRobotPrefix() {
    this._robotPrefix = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get robotPrefixInput() {
    return this._robotPrefix;
  }

  // session_id - computed: false, optional: true, required: false
  private _sessionId?: string; 
  public get sessionId() {
    return this._sessionId;
  }
  public set sessionId(value: string | undefined) {
    this._sessionId = value;
  }
  public resetSessionId() {
    this._sessionId = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get sessionIdInput() {
    return this._sessionId;
  }

  // url - computed: false, optional: true, required: false
  private _url?: string; 
  public get url() {
    return this._url;
  }
  public set url(value: string | undefined) {
    this._url = value;
  }
  public resetUrl() {
    this._url = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get urlInput() {
    return this._url;
  }

  // username - computed: false, optional: true, required: false
  private _username?: string; 
  public get username() {
    return this._username;
  }
  public set username(value: string | undefined) {
    this._username = value;
  }
  public resetUsername() {
    this._username = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get usernameInput() {
    return this._username;
  }

  // alias - computed: false, optional: true, required: false
  private _alias?: string; 
  public get alias() {
    return this._alias;
  }
  public set alias(value: string | undefined) {
    this._alias = value;
  }
  public resetAlias() {
    this._alias = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get aliasInput() {
    return this._alias;
  }

  // =========
  // SYNTHESIS
  // =========

  protected synthesizeAttributes(): { [name: string]: any } {
    return {
      api_version: cdktf.numberToTerraform(this._apiVersion),
      bearer_token: cdktf.stringToTerraform(this._bearerToken),
      headers: cdktf.hashMapper(cdktf.stringToTerraform)(this._headers),
      insecure: cdktf.booleanToTerraform(this._insecure),
      password: cdktf.stringToTerraform(this._password),
      robot_prefix: cdktf.stringToTerraform(this._robotPrefix),
      session_id: cdktf.stringToTerraform(this._sessionId),
      url: cdktf.stringToTerraform(this._url),
      username: cdktf.stringToTerraform(this._username),
      alias: cdktf.stringToTerraform(this._alias),
    };
  }

  protected synthesizeHclAttributes(): { [name: string]: any } {
    const attrs = {
      api_version: {
        value: cdktf.numberToHclTerraform(this._apiVersion),
        isBlock: false,
        type: "simple",
        storageClassType: "number",
      },
      bearer_token: {
        value: cdktf.stringToHclTerraform(this._bearerToken),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      headers: {
        value: cdktf.hashMapperHcl(cdktf.stringToHclTerraform)(this._headers),
        isBlock: false,
        type: "map",
        storageClassType: "stringMap",
      },
      insecure: {
        value: cdktf.booleanToHclTerraform(this._insecure),
        isBlock: false,
        type: "simple",
        storageClassType: "boolean",
      },
      password: {
        value: cdktf.stringToHclTerraform(this._password),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      robot_prefix: {
        value: cdktf.stringToHclTerraform(this._robotPrefix),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      session_id: {
        value: cdktf.stringToHclTerraform(this._sessionId),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      url: {
        value: cdktf.stringToHclTerraform(this._url),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      username: {
        value: cdktf.stringToHclTerraform(this._username),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      alias: {
        value: cdktf.stringToHclTerraform(this._alias),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
    };

    // remove undefined attributes
    return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined ))
  }
}

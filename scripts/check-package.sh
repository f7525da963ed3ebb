#!/usr/bin/env bash
# Packs the library and installs it the way an AWS-only team would (and then a GCP-only team, the same way) (cdktf, constructs, @cdktf/provider-aws and
# this package, nothing else), then checks that: the tarball holds compiled JS and .d.ts but no tests; the root
# and /aws entry points load under plain Node; /aws loads no other provider; and TypeScript resolves the types
# of both entry points under the "node" (typesVersions) and "node16" (exports) resolutions; and that the
# registry-lifecycle bin runs. Then the same for a GCP-only and an Azure-only install, and a Harbor install (no provider
# package at all), each loading its own entry point.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cd "$root"
npm run build --silent
tarball=$(npm pack --silent --pack-destination "$work" | tail -n 1)
listing=$(tar -tzf "$work/$tarball")
if grep -E '(^package/test/|\.test\.(js|ts|d\.ts)$)' <<<"$listing"; then
  echo "check-package: the tarball contains tests"; exit 1
fi
for f in dist/index.js dist/index.d.ts dist/aws/index.js dist/aws/index.d.ts dist/guardrails/index.js dist/guardrails/index.d.ts dist/gcp/index.js dist/gcp/index.d.ts dist/azure/index.js dist/azure/index.d.ts dist/docker/index.js dist/docker/index.d.ts dist/cli/registry-lifecycle.js \
  dist/harbor/index.js dist/harbor/index.d.ts dist/harbor/.gen/providers/harbor/project/index.js; do
  grep -qx "package/$f" <<<"$listing" || { echo "check-package: $f missing from the tarball"; exit 1; }
done
# Every relative link of a packed Markdown page points at a file of the tarball.
tar -xzf "$work/$tarball" -C "$work"
node -e '
  const fs = require("fs"), path = require("path");
  const base = process.argv[1];
  const pages = [];
  const walk = (d) => fs.readdirSync(d, { withFileTypes: true }).forEach((e) => { const f = path.join(d, e.name); if (e.isDirectory()) { if (e.name !== "node_modules") walk(f); } else if (f.endsWith(".md")) pages.push(f); });
  walk(base);
  const broken = [];
  for (const page of pages) {
    const text = fs.readFileSync(page, "utf8").replace(/```[\s\S]*?```/g, "").replace(/`[^`\n]*`/g, "");
    for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = m[1].split("#")[0];
      if (target === "" || /^[a-z][a-z0-9+.-]*:/i.test(m[1])) continue;
      if (!fs.existsSync(path.resolve(path.dirname(page), target))) broken.push(`${path.relative(base, page)}: ${m[1]}`);
    }
  }
  if (broken.length) { console.error("check-package: links to files the tarball does not contain:\n  " + broken.join("\n  ")); process.exit(1); }
' "$work/package"

ver() { node -p "require('$root/package.json').devDependencies['$1']"; }

# A fresh project in $work/<dir> with cdktf, constructs, TypeScript, this package and the given provider packages
# (the pinned devDependency versions), nothing else.
install_team() {
  local dir=$1; shift
  local providers=()
  for p in "$@"; do providers+=("$p@$(ver "$p")"); done
  mkdir -p "$work/$dir" && cd "$work/$dir"
  npm init -y >/dev/null
  npm install --no-audit --no-fund --prefer-offline --silent \
    "cdktf@$(ver cdktf)" "constructs@$(ver constructs)" ${providers[@]+"${providers[@]}"} \
    "typescript@$(ver typescript)" "@types/node@$(ver @types/node)" "$work/$tarball"
}

# Fails when a provider package other than $1 (a provider name such as aws, or "" for none) was installed.
no_other_providers() {
  for other in aws google azurerm docker; do
    [ "$other" = "$1" ] && continue
    if [ -d "node_modules/@cdktf/provider-$other" ]; then echo "check-package: @cdktf/provider-$other was installed (${1:-no}-provider install)"; exit 1; fi
  done
}

# Loads the entry points $2... under plain Node and fails when they load a provider other than $1, or its root.
loads_only() {
  node -e '
    const [allowed, ...entries] = process.argv.slice(1);
    for (const e of entries) require(e);
    const other = allowed ? new RegExp(`@cdktf/provider-(?!${allowed}/)`) : /@cdktf\/provider-/;
    const root = allowed ? new RegExp(`provider-${allowed}/lib/index\\.js$`) : undefined;
    const loaded = Object.keys(require.cache).filter((f) => other.test(f) || (root !== undefined && root.test(f)));
    if (loaded.length) { console.error(`check-package: ${entries.join(", ")} loaded`, loaded); process.exit(1); }
  ' "$@"
}

# Type-checks ./consumer.ts under the "node" (typesVersions) and "node16" (exports) resolutions.
typecheck_consumer() {
  for resolution in "--module commonjs --moduleResolution node" "--module node16 --moduleResolution node16"; do
    npx tsc --noEmit --strict --skipLibCheck --types node $resolution consumer.ts
  done
}

install_team app @cdktf/provider-aws
no_other_providers aws
loads_only aws cdktf-container-registries cdktf-container-registries/aws cdktf-container-registries/guardrails
# The bin is installed and runs without cdktf or any provider being loaded.
./node_modules/.bin/registry-lifecycle --help >/dev/null || { echo "check-package: registry-lifecycle --help failed"; exit 1; }
./node_modules/.bin/registry-lifecycle apply --help >/dev/null || { echo "check-package: registry-lifecycle apply --help failed"; exit 1; }
cat > consumer.ts <<'TS'
import { RetentionPolicy, RetentionRule } from 'cdktf-container-registries';
import { EcrRepository, TagMutability } from 'cdktf-container-registries/aws';
import { GuardrailPack, RegistryGuardrails } from 'cdktf-container-registries/guardrails';
const policy: RetentionPolicy = RetentionPolicy.of({ rules: [RetentionRule.expireUntagged({ days: 7 })] });
const mode: TagMutability = TagMutability.IMMUTABLE;
export const used: unknown[] = [policy, mode, EcrRepository, RegistryGuardrails, GuardrailPack.RECOMMENDED];
TS
typecheck_consumer
echo "check-package: ok (AWS-only install loads the root, /aws and /guardrails; types resolve under node and node16)"

install_team gcp-app @cdktf/provider-google
no_other_providers google
loads_only google cdktf-container-registries cdktf-container-registries/gcp
cat > consumer.ts <<'TS'
import { RetentionPolicy, RetentionRule } from 'cdktf-container-registries';
import { ArtifactRegistryRepo, GarRepositoryMode, GcpMember } from 'cdktf-container-registries/gcp';
const policy: RetentionPolicy = RetentionPolicy.of({ rules: [RetentionRule.expireUntagged({ days: 7 })] });
const mode: GarRepositoryMode = GarRepositoryMode.STANDARD;
export const used: unknown[] = [policy, mode, ArtifactRegistryRepo, GcpMember.serviceAccount('ci@acme-prod.iam.gserviceaccount.com')];
TS
typecheck_consumer
echo "check-package: ok (GCP-only install loads the root and /gcp; types resolve under node and node16)"

install_team azure-app @cdktf/provider-azurerm
no_other_providers azurerm
loads_only azurerm cdktf-container-registries cdktf-container-registries/azure
cat > consumer.ts <<'TS'
import { RetentionPolicy, RetentionRule } from 'cdktf-container-registries';
import { AcrRegistry, AcrSku } from 'cdktf-container-registries/azure';
const policy: RetentionPolicy = RetentionPolicy.of({ rules: [RetentionRule.expireUntagged({ days: 7 })] });
const sku: AcrSku = AcrSku.PREMIUM;
export const used: unknown[] = [policy, sku, AcrRegistry];
TS
typecheck_consumer
echo "check-package: ok (Azure-only install loads /azure without another provider; types resolve under node and node16)"

# A Harbor team installs no provider package at all: the bindings are generated into the library.
install_team harbor-app
no_other_providers ""
loads_only "" cdktf-container-registries/harbor
cat > consumer.ts <<'TS'
import { HarborConnection, HarborTls } from 'cdktf-container-registries/harbor';
export const used: unknown[] = [HarborConnection, HarborTls.VERIFIED];
TS
typecheck_consumer
echo "check-package: ok (Harbor install needs no provider package; types resolve under node and node16)"

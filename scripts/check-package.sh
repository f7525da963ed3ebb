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
mkdir -p "$work/app" && cd "$work/app"
npm init -y >/dev/null
npm install --no-audit --no-fund --prefer-offline --silent \
  "cdktf@$(ver cdktf)" "constructs@$(ver constructs)" "@cdktf/provider-aws@$(ver @cdktf/provider-aws)" \
  "typescript@$(ver typescript)" "@types/node@$(ver @types/node)" "$work/$tarball"

for other in provider-google provider-azurerm provider-docker; do
  if [ -d "node_modules/@cdktf/$other" ]; then echo "check-package: @cdktf/$other was installed"; exit 1; fi
done

node -e '
  require("cdktf-container-registries");
  require("cdktf-container-registries/aws");
  require("cdktf-container-registries/guardrails");
  const loaded = Object.keys(require.cache).filter((f) => /@cdktf\/provider-(?!aws)/.test(f) || /provider-aws\/lib\/index\.js$/.test(f));
  if (loaded.length) { console.error("check-package: /aws loaded", loaded); process.exit(1); }
'

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
for resolution in "--module commonjs --moduleResolution node" "--module node16 --moduleResolution node16"; do
  npx tsc --noEmit --strict --skipLibCheck --types node $resolution consumer.ts
done
echo "check-package: ok (AWS-only install loads both entry points; types resolve under node and node16)"

# The same for a GCP-only team: cdktf, constructs, @cdktf/provider-google and this package, nothing else.
mkdir -p "$work/gcp-app" && cd "$work/gcp-app"
npm init -y >/dev/null
npm install --no-audit --no-fund --prefer-offline --silent \
  "cdktf@$(ver cdktf)" "constructs@$(ver constructs)" "@cdktf/provider-google@$(ver @cdktf/provider-google)" \
  "typescript@$(ver typescript)" "@types/node@$(ver @types/node)" "$work/$tarball"

for other in provider-aws provider-azurerm provider-docker; do
  if [ -d "node_modules/@cdktf/$other" ]; then echo "check-package: @cdktf/$other was installed"; exit 1; fi
done

node -e '
  require("cdktf-container-registries");
  require("cdktf-container-registries/gcp");
  const loaded = Object.keys(require.cache).filter((f) => /@cdktf\/provider-(?!google)/.test(f) || /provider-google\/lib\/index\.js$/.test(f));
  if (loaded.length) { console.error("check-package: /gcp loaded", loaded); process.exit(1); }
'

cat > consumer.ts <<'TS'
import { RetentionPolicy, RetentionRule } from 'cdktf-container-registries';
import { ArtifactRegistryRepo, GarRepositoryMode, GcpMember } from 'cdktf-container-registries/gcp';
const policy: RetentionPolicy = RetentionPolicy.of({ rules: [RetentionRule.expireUntagged({ days: 7 })] });
const mode: GarRepositoryMode = GarRepositoryMode.STANDARD;
export const used: unknown[] = [policy, mode, ArtifactRegistryRepo, GcpMember.serviceAccount('ci@acme-prod.iam.gserviceaccount.com')];
TS
for resolution in "--module commonjs --moduleResolution node" "--module node16 --moduleResolution node16"; do
  npx tsc --noEmit --strict --skipLibCheck --types node $resolution consumer.ts
done
echo "check-package: ok (GCP-only install loads the root and /gcp; types resolve under node and node16)"

# An Azure-only install: cdktf, constructs and @cdktf/provider-azurerm, no other provider; /azure loads no other
# provider package and no provider root.
mkdir -p "$work/azure-app" && cd "$work/azure-app"
npm init -y >/dev/null
npm install --no-audit --no-fund --prefer-offline --silent \
  "cdktf@$(ver cdktf)" "constructs@$(ver constructs)" "@cdktf/provider-azurerm@$(ver @cdktf/provider-azurerm)" \
  "typescript@$(ver typescript)" "@types/node@$(ver @types/node)" "$work/$tarball"
for other in provider-aws provider-google provider-docker; do
  if [ -d "node_modules/@cdktf/$other" ]; then echo "check-package: @cdktf/$other was installed (Azure-only)"; exit 1; fi
done
node -e '
  require("cdktf-container-registries");
  require("cdktf-container-registries/azure");
  const loaded = Object.keys(require.cache).filter((f) => /@cdktf\/provider-(?!azurerm)/.test(f) || /provider-azurerm\/lib\/index\.js$/.test(f));
  if (loaded.length) { console.error("check-package: /azure loaded", loaded); process.exit(1); }
'
cat > consumer.ts <<'TS'
import { RetentionPolicy, RetentionRule } from 'cdktf-container-registries';
import { AcrRegistry, AcrSku } from 'cdktf-container-registries/azure';
const policy: RetentionPolicy = RetentionPolicy.of({ rules: [RetentionRule.expireUntagged({ days: 7 })] });
const sku: AcrSku = AcrSku.PREMIUM;
export const used: unknown[] = [policy, sku, AcrRegistry];
TS
for resolution in "--module commonjs --moduleResolution node" "--module node16 --moduleResolution node16"; do
  npx tsc --noEmit --strict --skipLibCheck --types node $resolution consumer.ts
done
echo "check-package: ok (Azure-only install loads /azure without another provider; types resolve under node and node16)"

# A Harbor team installs no provider package at all: the bindings are generated into the library.
mkdir -p "$work/harbor-app" && cd "$work/harbor-app"
npm init -y >/dev/null
npm install --no-audit --no-fund --prefer-offline --silent \
  "cdktf@$(ver cdktf)" "constructs@$(ver constructs)" "typescript@$(ver typescript)" "@types/node@$(ver @types/node)" "$work/$tarball"
if ls node_modules/@cdktf 2>/dev/null | grep -q '^provider-'; then echo "check-package: a provider package was installed for Harbor"; exit 1; fi
node -e '
  const { HarborConnection } = require("cdktf-container-registries/harbor");
  const loaded = Object.keys(require.cache).filter((f) => /@cdktf\/provider-/.test(f));
  if (typeof HarborConnection !== "function" || loaded.length) { console.error("check-package: /harbor", loaded); process.exit(1); }
'
cat > consumer.ts <<'TS'
import { HarborConnection, HarborTls } from 'cdktf-container-registries/harbor';
export const used: unknown[] = [HarborConnection, HarborTls.VERIFIED];
TS
for resolution in "--module commonjs --moduleResolution node" "--module node16 --moduleResolution node16"; do
  npx tsc --noEmit --strict --skipLibCheck --types node $resolution consumer.ts
done
echo "check-package: ok (Harbor install needs no provider package; types resolve under node and node16)"

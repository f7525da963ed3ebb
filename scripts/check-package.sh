#!/usr/bin/env bash
# Packs the library and installs it the way an AWS-only team would (cdktf, constructs, @cdktf/provider-aws and
# this package, nothing else), then checks that: the tarball holds compiled JS and .d.ts but no tests; the root
# and /aws entry points load under plain Node; /aws loads no other provider; and TypeScript resolves the types
# of both entry points under the "node" (typesVersions) and "node16" (exports) resolutions; and that the
# registry-lifecycle bin runs.
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
for f in dist/index.js dist/index.d.ts dist/aws/index.js dist/aws/index.d.ts dist/cli/registry-lifecycle.js; do
  grep -qx "package/$f" <<<"$listing" || { echo "check-package: $f missing from the tarball"; exit 1; }
done

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
  const loaded = Object.keys(require.cache).filter((f) => /@cdktf\/provider-(?!aws)/.test(f) || /provider-aws\/lib\/index\.js$/.test(f));
  if (loaded.length) { console.error("check-package: /aws loaded", loaded); process.exit(1); }
'

# The bin is installed and runs without cdktf or any provider being loaded.
./node_modules/.bin/registry-lifecycle --help >/dev/null || { echo "check-package: registry-lifecycle --help failed"; exit 1; }
./node_modules/.bin/registry-lifecycle apply --help >/dev/null || { echo "check-package: registry-lifecycle apply --help failed"; exit 1; }

cat > consumer.ts <<'TS'
import { RetentionPolicy, RetentionRule } from 'cdktf-container-registries';
import { EcrRepository, TagMutability } from 'cdktf-container-registries/aws';
const policy: RetentionPolicy = RetentionPolicy.of({ rules: [RetentionRule.expireUntagged({ days: 7 })] });
const mode: TagMutability = TagMutability.IMMUTABLE;
export const used: unknown[] = [policy, mode, EcrRepository];
TS
for resolution in "--module commonjs --moduleResolution node" "--module node16 --moduleResolution node16"; do
  npx tsc --noEmit --strict --skipLibCheck --types node $resolution consumer.ts
done
echo "check-package: ok (AWS-only install loads both entry points; types resolve under node and node16)"

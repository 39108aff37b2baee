#!/usr/bin/env bash
# The README's first command: build the bundled mini-Xen sample with the machine's gcc/ld,
# then run `ldscope xen` on it twice — with the Makefile rule of Xen's 2006–2016 era, which
# sizes the boot image from the highest symbol of any kind (and so is wrong), and with the
# 2016–2024 rule, which reads __2M_rwdata_end. The first must fail, the second pass.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$(mktemp -d /tmp/ldscope-demo.XXXXXX)}
[ -f "$repo/dist/cli.js" ] || (cd "$repo" && npm run --silent build)
echo "== make -C samples/mini-xen O=$out"
make -s -C "$repo/samples/mini-xen" O="$out" >/dev/null
cd "$repo"

echo
echo "== ldscope xen $out --make-target xen-era1    (Xen 2006–2016: \`\$(NM) -nr … | head -n 1\`)"
if node dist/cli.js xen "$out" --make-target xen-era1; then
  echo "demo: era 1 should have failed" >&2
  exit 1
fi

echo
echo "== ldscope xen $out --make-target xen-era3    (Xen 2016–2024: __2M_rwdata_end)"
node dist/cli.js xen "$out" --make-target xen-era3
echo
echo "demo: ldscope caught the 2006–2016 recipe and passed the 2016–2024 one"

#!/usr/bin/env bash
# The README's first command: build the bundled mini-Xen sample with the machine's gcc/ld and
# run ldscope on its linker script, preprocessed exactly as the sample's build did.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$(mktemp -d /tmp/ldscope-demo.XXXXXX)}
[ -f "$repo/dist/cli.js" ] || (cd "$repo" && npm run --silent build)
echo "== building samples/mini-xen into $out"
make -s -C "$repo/samples/mini-xen" O="$out" >/dev/null
echo "== ldscope parse --from-build $out/arch/x86/.xen.lds.cmd samples/mini-xen/arch/x86/xen.lds.S"
cd "$repo"
node dist/cli.js parse --from-build "$out/arch/x86/.xen.lds.cmd" samples/mini-xen/arch/x86/xen.lds.S
node dist/cli.js parse --from-build "$out/arch/x86/.xen.lds.cmd" samples/mini-xen/arch/x86/xen.lds.S --json \
  | node -e '
    const ast = JSON.parse(require("fs").readFileSync(0, "utf8"));
    const secs = ast.commands.filter((c) => c.kind === "Sections").flatMap((s) => s.commands);
    for (const c of secs) if (c.kind === "OutputSection")
      console.log(`${c.name.padEnd(20)} ${c.range.file}:${c.range.line}`);
    console.log(`${secs.filter((c) => c.kind === "OutputSection").length} output sections parsed; locations are lines of the .lds.S`);'

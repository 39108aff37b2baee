#!/usr/bin/env bash
# The real Xen, end to end: fetch Debian's Xen source package, build the x86 hypervisor alone,
# then run ldscope on the build's own xen/arch/x86/xen.lds.S and outputs (`npm run test:xen`).
#
# Everything heavy is cached in a work directory outside the repository, so a second run only
# re-runs the ldscope steps:
#   XEN_E2E_WORK     work directory (default /tmp/ldscope-xen-e2e); the built tree is
#                    $XEN_E2E_WORK/source/xen
#   XEN_E2E_VERSION  Debian source version to try first (default: the pin below)
# Options:
#   --prepare-only   stop after the Xen build (for developing against the tree)
#
# Adding a check is one line at the bottom: `step "what it checks" command args…`.
set -euo pipefail
exec </dev/null
export DEBIAN_FRONTEND=noninteractive LC_ALL=C

REPO=$(cd "$(dirname "$0")/.." && pwd)
WORK=${XEN_E2E_WORK:-/tmp/ldscope-xen-e2e}
# 4.17.5+72-g01140da4e8-1 is bookworm's release version. The newest bookworm-security upload
# (4.17.7+13-g2445b30a44-0+deb12u1) is listed in the Sources index but its files 404 on
# deb.debian.org, so it is only a fallback.
XEN_PIN=${XEN_E2E_VERSION:-4.17.5+72-g01140da4e8-1}
SOURCE="$WORK/source"  # the unpacked source package; the hypervisor is $SOURCE/xen
XEN="$SOURCE/xen"
UNPACK_STAMP="$SOURCE/.ldscope-xen-e2e-unpacked"
BUILD_STAMP="$SOURCE/.ldscope-xen-e2e-built"
DEB_SRC_LIST=/etc/apt/sources.list.d/ldscope-xen-e2e-deb-src.sources
# System packages the hypervisor build needs (not Xen's tools): flex/bison for Kconfig, python3
# for the generated cpuid and compat headers, dpkg-dev for dpkg-source, libc6-dev for the
# host-side Kconfig program, lsb-release because Debian's version-banner patch calls lsb_release.
PACKAGES=(bison flex python3 gcc libc6-dev make binutils dpkg-dev xz-utils lsb-release)
PYTHON=/usr/bin/python3  # Debian's, not whatever python3 a PATH shim finds first

PREPARE_ONLY=0
for arg in "$@"; do
  case "$arg" in
    --prepare-only) PREPARE_ONLY=1 ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "xen-e2e: unknown argument '$arg' (see --help)" >&2; exit 2 ;;
  esac
done

XEN_VERSION=""   # the Debian source version in use, set by the download step
PATCH_MODE=""    # whether Debian's patches were applied, set by the unpack step

# ---------------------------------------------------------------------------------------------
# Steps: each is timed; the first failure stops the run and names the step.

STEP_NAMES=()
STEP_MICROS=()
CURRENT_STEP=""
CURRENT_START=0
RUN_START=${EPOCHREALTIME/./}

now_us() { echo "${EPOCHREALTIME/./}"; }
fmt_seconds() { printf '%d.%03d s' $(($1 / 1000000)) $((($1 / 1000) % 1000)); }

print_summary() {
  local i
  echo
  echo "xen-e2e: step times"
  for i in "${!STEP_NAMES[@]}"; do
    printf '  %-66s %12s\n' "${STEP_NAMES[$i]}" "$(fmt_seconds "${STEP_MICROS[$i]}")"
  done
  [ -n "$XEN_VERSION" ] && echo "xen-e2e: Xen source: Debian xen $XEN_VERSION (${PATCH_MODE:-not unpacked}); tree $XEN"
  echo "xen-e2e: total wall time $(fmt_seconds $(($(now_us) - RUN_START)))"
}

# Runs in the current shell (so steps can set variables) with errexit in force; a failing
# command ends the script and this trap names the step it was in.
on_exit() {
  local rc=$?
  if [ -n "$CURRENT_STEP" ]; then
    STEP_NAMES+=("$CURRENT_STEP  [FAILED, exit $rc]")
    STEP_MICROS+=($(($(now_us) - CURRENT_START)))
    print_summary
    echo "xen-e2e: FAILED in step '$CURRENT_STEP' (exit status $rc)" >&2
    [ "$rc" -ne 0 ] || rc=1
    exit "$rc"
  fi
}
trap on_exit EXIT

step() {
  CURRENT_STEP=$1
  shift
  echo
  echo "==> ${CURRENT_STEP}"
  CURRENT_START=$(now_us)
  "$@"
  STEP_NAMES+=("$CURRENT_STEP")
  STEP_MICROS+=($(($(now_us) - CURRENT_START)))
  CURRENT_STEP=""
}

fail() {
  echo "xen-e2e: $*" >&2
  return 1
}

ldscope() { node "$REPO/dist/cli.js" "$@"; }

# ---------------------------------------------------------------------------------------------
# Preparation: packages, source package, hypervisor build.

install_packages() {
  local missing=() pkg
  for pkg in "${PACKAGES[@]}"; do
    [ "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null)" = "install ok installed" ] || missing+=("$pkg")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    echo "all present: ${PACKAGES[*]}"
    return 0
  fi
  echo "installing: ${missing[*]}"
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# (Output captured first: with pipefail, `grep -q` closing the pipe early could fail apt-cache.)
source_index_has_xen() {
  local records
  records=$(apt-cache showsrc xen 2>/dev/null) || return 1
  grep -q '^Version:' <<<"$records"
}

# Adds a deb-src entry for every Debian archive the machine already uses for binaries and has
# no source entry for (whatever the format of its own lists: deb822 .sources or one-line).
# apt reports its enabled repositories itself through `apt-get indextargets`.
ensure_deb_src() {
  if source_index_has_xen; then
    echo "the source index already offers xen"
    return 0
  fi
  local have_src wanted uri suite component missing=()
  have_src=$(apt-get indextargets --no-release-info --format '$(REPO_URI) $(RELEASE) $(COMPONENT)' 'Target-Of: deb-src' | sort -u)
  wanted=$(apt-get indextargets --no-release-info --format '$(REPO_URI) $(RELEASE) $(COMPONENT)' 'Target-Of: deb' | sort -u)
  while read -r uri suite component; do
    [ -n "$uri" ] || continue
    # Only Debian's own archives: third-party repositories often publish no Sources index,
    # and one failing index would make `apt-get update` fail.
    [[ "$uri" =~ /debian(-security)?/?$ ]] || continue
    grep -qxF "$uri $suite $component" <<<"$have_src" || missing+=("$uri $suite $component")
  done <<<"$wanted"
  if [ ${#missing[@]} -gt 0 ]; then
    local keyring=/usr/share/keyrings/debian-archive-keyring.gpg
    {
      echo "# Added by ldscope scripts/xen-e2e.sh: Debian source packages (to fetch Xen's source)."
      for entry in "${missing[@]}"; do
        read -r uri suite component <<<"$entry"
        printf '\nTypes: deb-src\nURIs: %s\nSuites: %s\nComponents: %s\n' "$uri" "$suite" "$component"
        [ -f "$keyring" ] && echo "Signed-By: $keyring"
      done
    } >"$DEB_SRC_LIST.new"
    mv "$DEB_SRC_LIST.new" "$DEB_SRC_LIST"
    echo "wrote $DEB_SRC_LIST:"
    sed 's/^/    /' "$DEB_SRC_LIST"
  elif [ -z "$have_src" ]; then
    fail "no Debian archive among apt's sources to add a deb-src entry for (apt-get indextargets lists none)"
  fi
  apt-get update -qq
  source_index_has_xen || fail "apt-cache showsrc xen offers no version even with deb-src entries; see apt-get update's output above"
}

dsc_name() { echo "xen_${1#*:}.dsc"; }  # the .dsc file name drops the epoch

tree_built_for() {
  [ -f "$BUILD_STAMP" ] && [ "$(cat "$BUILD_STAMP")" = "$1" ] && [ -f "$XEN/xen-syms" ]
}

# Tries each candidate version in order: first the pin, then whatever the index offers, newest
# first. A version whose files the archive does not have (404) is skipped with a note.
download_xen_source() {
  mkdir -p "$WORK/downloads"
  local candidates=("$XEN_PIN") v offered
  if ! tree_built_for "$XEN_PIN"; then
    offered=$(apt-cache showsrc xen | sed -n 's/^Version: //p' | sort -u)
    while read -r v; do
      [ -n "$v" ] && [ "$v" != "$XEN_PIN" ] && candidates+=("$v")
    done <<<"$(sort_versions_newest_first <<<"$offered")"
    echo "apt-cache showsrc xen offers: $(echo $offered)"
  fi
  for v in "${candidates[@]}"; do
    if tree_built_for "$v"; then
      XEN_VERSION=$v
      echo "Xen source version: $v (already built in $XEN; download skipped)"
      break
    fi
    echo "trying: apt-get source --download-only xen=$v"
    # apt checks files already in the directory against the index's hashes and only fetches
    # what is missing or wrong, so a repeated run costs no download.
    if (cd "$WORK/downloads" && apt-get source -q --download-only -o APT::Sandbox::User=root "xen=$v"); then
      XEN_VERSION=$v
      echo "Xen source version: $v ($WORK/downloads/$(dsc_name "$v"))"
      break
    fi
    echo "could not download xen=$v; trying the next version"
  done
  if [ -n "$XEN_VERSION" ]; then
    [ "$XEN_VERSION" = "$XEN_PIN" ] || echo "NOTE: the pinned version $XEN_PIN was not downloadable; using $XEN_VERSION"
    return 0
  fi
  fail "no version of the xen source package could be downloaded (tried: ${candidates[*]})"
}

sort_versions_newest_first() {
  local versions=() v i j
  while read -r v; do [ -n "$v" ] && versions+=("$v"); done
  # Insertion sort with dpkg's own version comparison (there are only a few versions).
  for ((i = 1; i < ${#versions[@]}; i++)); do
    v=${versions[$i]}
    for ((j = i - 1; j >= 0; j--)); do
      dpkg --compare-versions "${versions[$j]}" lt "$v" || break
      versions[$((j + 1))]=${versions[$j]}
    done
    versions[$((j + 1))]=$v
  done
  [ ${#versions[@]} -eq 0 ] || printf '%s\n' "${versions[@]}"
}

unpack_xen_source() {
  if [ -f "$UNPACK_STAMP" ] && [ "$(sed -n 1p "$UNPACK_STAMP")" = "$XEN_VERSION" ]; then
    PATCH_MODE=$(sed -n 2p "$UNPACK_STAMP")
    echo "already unpacked in $SOURCE ($PATCH_MODE)"
    return 0
  fi
  local dsc="$WORK/downloads/$(dsc_name "$XEN_VERSION")"
  rm -rf "$SOURCE" "$SOURCE.new"
  # dpkg-source checks every file against the .dsc's checksums; the .dsc's own signature cannot
  # be checked without debian-keyring (a warning), but apt already verified the files' hashes
  # against the signed Release/Sources index.
  if dpkg-source -x "$dsc" "$SOURCE.new"; then
    PATCH_MODE="Debian patches applied"
  else
    echo "dpkg-source -x with Debian's patches failed; unpacking the upstream source without them"
    rm -rf "$SOURCE.new"
    dpkg-source -x --skip-patches "$dsc" "$SOURCE.new"
    PATCH_MODE="WITHOUT Debian patches (dpkg-source -x failed with them)"
  fi
  printf '%s\n%s\n' "$XEN_VERSION" "$PATCH_MODE" >"$SOURCE.new/$(basename "$UNPACK_STAMP")"
  mv "$SOURCE.new" "$SOURCE"
  echo "unpacked to $SOURCE ($PATCH_MODE)"
}

# Make variables for the hypervisor build, as Debian's rules pass them for the xen target
# (minus the reproducibility path maps).
xen_make() {
  # Debian's banner patch (0003) prints these; debian/rules exports them the same way.
  local maintainer
  maintainer=$(sed -ne 's/^Maintainer: \(.*\)$/\1/p' "$SOURCE/debian/control" 2>/dev/null || true)
  # Like debian/rules: the hypervisor takes no userland CFLAGS/LDFLAGS from the environment.
  env -u CFLAGS -u CPPFLAGS -u LDFLAGS -u CXXFLAGS \
    DEB_VERSION="$XEN_VERSION" DEB_MAINTAINER="$maintainer" \
    make -C "$XEN" XEN_TARGET_ARCH=x86_64 PYTHON="$PYTHON" "$@"
}

build_xen() {
  if tree_built_for "$XEN_VERSION"; then
    echo "already built: $XEN/xen-syms (xen $XEN_VERSION); delete $BUILD_STAMP to rebuild"
    return 0
  fi
  rm -f "$BUILD_STAMP"
  # defconfig only once: re-running it on a configured tree would regenerate the config.
  [ -f "$XEN/.config" ] || xen_make defconfig
  echo "building the hypervisor with $(nproc) jobs; log: $WORK/build.log"
  xen_make -j"$(nproc)" 2>&1 | tee "$WORK/build.log"
  echo "$XEN_VERSION" >"$BUILD_STAMP"
}

check_artefacts() {
  local f
  for f in xen-syms xen arch/x86/xen.lds arch/x86/.xen.lds.cmd arch/x86/Makefile; do
    [ -s "$XEN/$f" ] || fail "the build did not produce $XEN/$f"
    echo "  $XEN/$f"
  done
  # Headline numbers of the image mkelf32 wrote (what the boot loader sees).
  readelf -hW "$XEN/xen" | awk -F': +' '/^ *(Class|Machine|Entry point address):/ { sub(/^ +/, "", $1); printf "  xen: %s: %s\n", $1, $2 }'
  readelf -lW "$XEN/xen" | awk '$1 == "LOAD" || $1 == "NOTE" {
      printf "  xen: %-4s offset %s vaddr %s paddr %s filesz %s memsz %s flags %s align %s\n",
             $1, $2, $3, $4, $5, $6, $7, $8 }'
  # The symbols that decide the image size (mkelf32's end argument in 4.17's Makefile).
  nm "$XEN/xen-syms" | awk '$3 == "__XEN_VIRT_START" || $3 == "_start" || $3 == "__2M_rwdata_end" || $3 == "_end" {
      printf "  xen-syms: %-16s 0x%s (%s)\n", $3, $1, $2 }'
}

# Builds ldscope only when dist/ is missing (a fresh clone). A stale dist/ is reported, not
# rebuilt: in a shared work tree someone else's half-written source must not fail this run,
# and CI builds dist/ (npm test) before it runs this script.
build_ldscope() {
  if [ -f "$REPO/dist/cli.js" ]; then
    local stale
    stale=$(find "$REPO/src" "$REPO/grammar" -newer "$REPO/dist/cli.js" -type f -print -quit 2>/dev/null || true)
    if [ -n "$stale" ]; then
      echo "NOTE: dist/ is older than ${stale#"$REPO"/}; run 'npm run build' to test current sources"
    else
      echo "dist/cli.js is up to date"
    fi
    return 0
  fi
  [ -d "$REPO/node_modules" ] || (cd "$REPO" && npm ci --no-audit --no-fund)
  (cd "$REPO" && npm run build)
}

# The issue's promise for the parse step: every AST location maps to a line of a file in the Xen
# tree (the .lds.S or a header), never to cpp's output.
parse_locations_map_into_tree() {
  ldscope parse --json --from-build "$XEN/arch/x86/.xen.lds.cmd" "$XEN/arch/x86/xen.lds.S" >"$WORK/parse.json"
  node "$REPO/scripts/xen-e2e/check-locations.js" "$WORK/parse.json" "$XEN"
}

# Concurrent runs share $WORK: one prepares it at a time.
lock_work() {
  mkdir -p "$WORK"
  exec 9>"$WORK/.lock"
  flock -n 9 || { echo "waiting for another xen-e2e run to release $WORK/.lock"; flock 9; }
}

# ---------------------------------------------------------------------------------------------
# The run. ldscope steps: one line each (issues 5, 6 and 7 add eval, check/xen and map here).

echo "xen-e2e: repo $REPO, work $WORK"
step "lock work directory" lock_work
step "apt: install build packages" install_packages
step "apt: deb-src entry and source index" ensure_deb_src
step "download Debian's xen source package" download_xen_source
step "unpack (dpkg-source -x)" unpack_xen_source
step "build the hypervisor (defconfig + make -C xen)" build_xen
step "check build artefacts" check_artefacts
exec 9>&-  # the tree is ready: release the lock for other runs
if [ "$PREPARE_ONLY" = 1 ]; then
  print_summary
  exit 0
fi
step "build ldscope (if dist/ is missing)" build_ldscope

cd "$REPO"
step "ldscope parse --from-build xen.lds.S" ldscope parse --from-build "$XEN/arch/x86/.xen.lds.cmd" "$XEN/arch/x86/xen.lds.S"
step "parse --json: every location maps into the Xen tree" parse_locations_map_into_tree
step "ldscope eval: objects, objects+--elf, --elf alone vs the real link (readelf/map/nm)" node "$REPO/scripts/xen-e2e/check-eval.js" "$XEN" "$WORK"
step "ldscope xen: no error, numbers match readelf/nm, timed" node "$REPO/scripts/xen-e2e/check-xen-summary.js" "$XEN"
step "ldscope map: renders in < 2 s, numbers match readelf/nm" node "$REPO/scripts/xen-e2e/check-map.js" "$XEN" "$WORK/map.html"

print_summary
echo "xen-e2e: PASSED"

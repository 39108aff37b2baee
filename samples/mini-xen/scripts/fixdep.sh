#!/bin/sh
# fixdep.sh DEPFILE TARGET COMMAND
#
# Prints the Kbuild-style .cmd file for TARGET on stdout, the way Xen's and
# Linux's scripts/basic/fixdep does (minus its CONFIG_ tracking):
#
#   cmd_TARGET := COMMAND          the exact command that built TARGET
#   source_TARGET := SOURCE        the first prerequisite gcc -MD reported
#   deps_TARGET := \ ...           every header it read
#   TARGET: $(deps_TARGET)         so make rebuilds TARGET when one changes
#   $(deps_TARGET):                and does not fail when one disappears
#
# The Makefile includes these files back to rebuild a target whose command
# changed; tools (ldscope --from-build) read cmd_ to repeat the command.
set -eu
depfile=$1
target=$2
cmd=$3

printf 'cmd_%s := %s\n\n' "$target" "$cmd"

# gcc -MD writes "TARGET: SOURCE DEP DEP \" over several lines.
# shellcheck disable=SC2046 # word splitting of the dependency list is wanted
set -- $(sed -e '1s/^[^:]*://' -e 's/\\$//' "$depfile")
printf 'source_%s := %s\n\n' "$target" "$1"
shift

printf 'deps_%s := \\\n' "$target"
for dep in "$@"; do
  printf '  %s \\\n' "$dep"
done
printf '\n%s: $(deps_%s)\n\n$(deps_%s):\n' "$target" "$target" "$target"

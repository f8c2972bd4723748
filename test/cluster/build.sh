#!/usr/bin/env bash
# Builds the testbed (etcd + kube-apiserver + kube-controller-manager in one
# process) and the helm CLI into a cache dir outside the repo:
#
#   ${CUB_SCOUT_TESTBED_CACHE:-$HOME/.cache/cub-scout-testbed}/<key>/bin/{testbed,helm}
#
# <key> = sha256 of go.sum + go.mod + the Go sources/CRDs of this dir + the helm version.
# Warm (both binaries present): prints the bin dir and exits at once.
# The bin dir is always the LAST line on stdout; progress goes to stderr.
# A cold build takes several minutes (k8s.io/kubernetes is large).
set -euo pipefail

HELM_PKG="${CUB_SCOUT_HELM_PKG:-helm.sh/helm/v3/cmd/helm}"
HELM_VERSION="${CUB_SCOUT_HELM_VERSION:-v3.22.0}"

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache_root="${CUB_SCOUT_TESTBED_CACHE:-$HOME/.cache/cub-scout-testbed}"

key="$(
  cd "$here"
  {
    sha256sum go.sum go.mod
    find . -maxdepth 2 \( -name '*.go' -o -path './crds/*.yaml' \) -type f | LC_ALL=C sort | xargs sha256sum
    echo "$HELM_PKG@$HELM_VERSION"
  } | sha256sum | cut -c1-16
)"
bin="$cache_root/$key/bin"

if [[ -x "$bin/testbed" && -x "$bin/helm" ]]; then
  echo "$bin"
  exit 0
fi

command -v go >/dev/null || { echo "build.sh: go not found in PATH" >&2; exit 1; }
mkdir -p "$bin"
start=$(date +%s)
echo "build.sh: cold build into $bin (this takes minutes)" >&2

# Serialize concurrent builds of the same key.
exec 9>"$cache_root/$key/.lock"
flock 9
if [[ -x "$bin/testbed" && -x "$bin/helm" ]]; then
  echo "$bin"
  exit 0
fi

if [[ ! -x "$bin/testbed" ]]; then
  t=$(date +%s)
  # No VCS stamp: a test binary needs none, and git may refuse a clone owned by another user.
  (cd "$here" && go build -buildvcs=false -trimpath -ldflags='-s -w' -o "$bin/testbed.tmp" .) >&2
  mv "$bin/testbed.tmp" "$bin/testbed"
  echo "build.sh: testbed built in $(( $(date +%s) - t ))s" >&2
fi
if [[ ! -x "$bin/helm" ]]; then
  t=$(date +%s)
  tmp="$(mktemp -d)"
  # go install pkg@version builds helm with its own go.mod, outside this module.
  (cd "$tmp" && GOBIN="$tmp" GOFLAGS=-trimpath go install -ldflags='-s -w' "$HELM_PKG@$HELM_VERSION") >&2
  mv "$tmp/helm" "$bin/helm"
  rm -rf "$tmp"
  echo "build.sh: helm $HELM_VERSION built in $(( $(date +%s) - t ))s" >&2
fi
echo "build.sh: build took $(( $(date +%s) - start ))s" >&2
echo "$bin"

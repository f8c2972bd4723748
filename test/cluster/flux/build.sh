#!/usr/bin/env bash
# Builds the real Flux controllers (source-controller, kustomize-controller, helm-controller) from
# their Go modules into a cache dir outside the repo, like ../build.sh does for the test bed:
#
#   ${CUB_SCOUT_TESTBED_CACHE:-$HOME/.cache/cub-scout-testbed}/flux-<key>/bin/<controller>
#   ${CUB_SCOUT_TESTBED_CACHE:-$HOME/.cache/cub-scout-testbed}/flux-<key>/crds/*.yaml
#
# crds/ holds the controllers' own CRDs (config/crd/bases of each module, from the module cache).
# Each controller has its own wrapper module here (<controller>/go.mod: `tool` + the controller's
# own `replace` lines, which Go ignores in a dependency), so their dependency graphs never mix.
# <key> = sha256 of those go.mod/go.sum files. Warm (all binaries present): prints the bin dir at
# once. The bin dir is always the LAST line on stdout; progress goes to stderr.
set -euo pipefail

CONTROLLERS=(source-controller kustomize-controller helm-controller)

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache_root="${CUB_SCOUT_TESTBED_CACHE:-$HOME/.cache/cub-scout-testbed}"

key="$(
  set -o pipefail
  cd "$here"
  for c in "${CONTROLLERS[@]}"; do sha256sum "$c/go.mod" "$c/go.sum"; done | sha256sum | cut -c1-16
)"
bin="$cache_root/flux-$key/bin"

crds="$cache_root/flux-$key/crds"

all_built() {
  for c in "${CONTROLLERS[@]}"; do [[ -x "$bin/$c" ]] || return 1; done
  [[ -f "$crds/.complete" ]]
}

if all_built; then
  echo "$bin"
  exit 0
fi

command -v go >/dev/null || { echo "flux/build.sh: go not found in PATH" >&2; exit 1; }
mkdir -p "$bin"
start=$(date +%s)
echo "flux/build.sh: cold build of the Flux controllers into $bin (this takes minutes)" >&2

# Serialize concurrent builds of the same key.
exec 9>"$cache_root/flux-$key/.lock"
flock 9
if all_built; then
  echo "$bin"
  exit 0
fi

for c in "${CONTROLLERS[@]}"; do
  [[ -x "$bin/$c" ]] && continue
  t=$(date +%s)
  # The `tool` line names the controller's main package; build it with this module's go.sum.
  pkg="github.com/fluxcd/$c"
  (cd "$here/$c" && go build -buildvcs=false -trimpath -ldflags='-s -w' -o "$bin/$c.tmp" "$pkg") >&2
  mv "$bin/$c.tmp" "$bin/$c"
  echo "flux/build.sh: $c built in $(( $(date +%s) - t ))s" >&2
done
if [[ ! -f "$crds/.complete" ]]; then
  rm -rf "$crds" && mkdir -p "$crds"
  for c in "${CONTROLLERS[@]}"; do
    dir="$(cd "$here/$c" && go list -m -f '{{.Dir}}' "github.com/fluxcd/$c")"
    cp "$dir"/config/crd/bases/*.yaml "$crds/"
  done
  chmod u+w "$crds"/*.yaml
  touch "$crds/.complete"
fi
echo "flux/build.sh: build took $(( $(date +%s) - start ))s" >&2
echo "$bin"

#!/usr/bin/env bash
# Builds Argo CD (one multi-call binary: the name it runs under picks the component) and kustomize
# from the Go module proxy into a cache dir outside the repo:
#
#   ${CUB_SCOUT_ARGOCD_CACHE:-$HOME/.cache/cub-scout-argocd}/<key>/bin/
#     argocd                              the binary (github.com/argoproj/argo-cd/v3/cmd)
#     argocd-application-controller       symlinks to it, one per component the test bed runs
#     argocd-repo-server
#     argocd-applicationset-controller
#     kustomize                           sigs.k8s.io/kustomize/kustomize/v5 (repo-server runs it)
#     crds/*.yaml                         the Argo CD CRDs of the same module version
#
# <key> = sha256 of module/{go.mod,go.sum,tools.go}, this script and the kustomize version.
# Warm (everything present): prints the bin dir at once. The bin dir is always the LAST line on
# stdout; progress goes to stderr. A cold build takes several minutes; builds run under `nice` so
# that they share a small machine politely.
set -euo pipefail

KUSTOMIZE_VERSION="${CUB_SCOUT_KUSTOMIZE_VERSION:-v5.7.0}" # what Argo CD v3.2 ships (hack/tool-versions.sh)

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
module="$here/module"
cache_root="${CUB_SCOUT_ARGOCD_CACHE:-$HOME/.cache/cub-scout-argocd}"
components=(argocd-application-controller argocd-repo-server argocd-applicationset-controller)

key="$(
  {
    sha256sum "$module/go.mod" "$module/go.sum" "$module/tools.go" "$here/build.sh" | awk '{print $1}'
    echo "kustomize@$KUSTOMIZE_VERSION"
  } | sha256sum | cut -c1-16
)"
bin="$cache_root/$key/bin"

complete() {
  [[ -x "$bin/argocd" && -x "$bin/kustomize" && -f "$bin/crds/application-crd.yaml" ]] || return 1
  for c in "${components[@]}"; do [[ -L "$bin/$c" ]] || return 1; done
}

if complete; then
  echo "$bin"
  exit 0
fi

command -v go >/dev/null || { echo "argocd/build.sh: go not found in PATH" >&2; exit 1; }
mkdir -p "$bin"
start=$(date +%s)
echo "argocd/build.sh: cold build into $bin (this takes minutes)" >&2

# Serialize concurrent builds of the same key.
exec 9>"$cache_root/$key/.lock"
flock 9
if complete; then
  echo "$bin"
  exit 0
fi

if [[ ! -x "$bin/argocd" ]]; then
  t=$(date +%s)
  # -mod=mod: go.sum is complete for the module graph; the dependency's main package is built
  # inside this wrapper so that the copied replace block applies.
  (cd "$module" && nice -n 10 go build -buildvcs=false -trimpath -ldflags='-s -w' \
    -o "$bin/argocd.tmp" github.com/argoproj/argo-cd/v3/cmd) >&2
  mv "$bin/argocd.tmp" "$bin/argocd"
  echo "argocd/build.sh: argocd built in $(( $(date +%s) - t ))s" >&2
fi
for c in "${components[@]}"; do ln -sfn argocd "$bin/$c"; done

if [[ ! -f "$bin/crds/application-crd.yaml" ]]; then
  src="$(cd "$module" && go list -m -f '{{.Dir}}' github.com/argoproj/argo-cd/v3)"
  mkdir -p "$bin/crds"
  cp "$src"/manifests/crds/application-crd.yaml "$src"/manifests/crds/applicationset-crd.yaml \
    "$src"/manifests/crds/appproject-crd.yaml "$bin/crds/"
  chmod u+w "$bin"/crds/*.yaml
fi

if [[ ! -x "$bin/kustomize" ]]; then
  t=$(date +%s)
  tmp="$(mktemp -d)"
  # go install pkg@version builds kustomize with its own go.mod, outside this module.
  (cd "$tmp" && GOBIN="$tmp" GOFLAGS=-trimpath nice -n 10 go install -ldflags='-s -w' \
    "sigs.k8s.io/kustomize/kustomize/v5@$KUSTOMIZE_VERSION") >&2
  mv "$tmp/kustomize" "$bin/kustomize"
  rm -rf "$tmp"
  echo "argocd/build.sh: kustomize $KUSTOMIZE_VERSION built in $(( $(date +%s) - t ))s" >&2
fi
echo "argocd/build.sh: build took $(( $(date +%s) - start ))s" >&2
echo "$bin"

#!/usr/bin/env bash
# Builds (or reuses) the cached testbed via build.sh and execs it, passing all
# arguments through. Stdout gets exactly one JSON line once the cluster is ready:
#
#   {"ready":true,"kubeconfig":"...","server":"https://127.0.0.1:PORT","auditLog":"...",
#    "adminContext":"testbed-admin","readonlyContext":"testbed-readonly",...}
#
# Flags: --state-dir DIR  --kubeconfig-out FILE  --ready-file FILE  --port N
#        --exit-with-parent  --no-controller-manager  --keep-state  (see testbed -h)
# Stop it with SIGINT/SIGTERM (exits 0). helm is in the same bin dir; its
# path is exported to the testbed's environment as CUB_SCOUT_TESTBED_BIN.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bin="$("$here/build.sh" | tail -n 1)"
export CUB_SCOUT_TESTBED_BIN="$bin"
exec "$bin/testbed" "$@"

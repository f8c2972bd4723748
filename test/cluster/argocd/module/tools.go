//go:build tools

// Records Argo CD's command package as a dependency, so `go mod tidy` keeps its whole graph;
// build.sh then runs `go build github.com/argoproj/argo-cd/v3/cmd` inside this module.
package tools

import _ "github.com/argoproj/argo-cd/v3/cmd"

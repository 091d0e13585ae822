// Package check holds the test of deploy/kubernetes's manifests. It is a
// module of its own so that its heavy test-only dependencies (the
// Kubernetes API types and kustomize) stay out of agencysim's go.mod; the
// Makefile's test target runs it.
package check

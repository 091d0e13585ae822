package report

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"runtime"
	"sort"
	"time"

	"github.com/agencysim/agencysim/internal/version"
	"github.com/agencysim/agencysim/sweep"
	"github.com/agencysim/agencysim/sweep/runner"
)

// Manifest describes a sweep's results folder: what produced it and when.
type Manifest struct {
	Sweep         string           `json:"sweep"`
	SweepFileHash string           `json:"sweep_file_sha256"`
	SweepHash     string           `json:"sweep_hash"`
	Base          string           `json:"base_scenario"`
	BaseHash      string           `json:"base_scenario_sha256"`
	Versions      []string         `json:"code_versions"`
	GoVersion     string           `json:"go_version"`
	Seed          int64            `json:"seed"`
	Arms          []string         `json:"arms"`
	BaselineArm   string           `json:"baseline_arm"`
	Design        string           `json:"design"`
	Parameters    []string         `json:"parameters"`
	Points        int              `json:"points"`
	Replications  map[string][]int `json:"replications"`
	Runs          int              `json:"runs"`
	Finished      int              `json:"runs_finished"`
	Failed        int              `json:"runs_failed"`
	Damaged       int              `json:"runs_damaged"`
	Complete      bool             `json:"complete"`
	UntilCI       *ManifestCI      `json:"until_ci,omitempty"`
	Started       string           `json:"started"`
	Ended         string           `json:"ended"`
	Files         []string         `json:"files"`
}

// ManifestCI is the until_ci target of a sweep and whether it was met.
type ManifestCI struct {
	Metric          string         `json:"metric"`
	HalfWidth       float64        `json:"half_width"`
	MaxReplications int            `json:"max_replications"`
	Met             bool           `json:"met"`
	Missed          []sweep.CIMiss `json:"missed"`
}

func manifest(plan *sweep.Plan, f *runner.Folder, res *Results, versions map[string]bool) Manifest {
	var vs []string
	for v := range versions {
		vs = append(vs, v)
	}
	sort.Strings(vs)
	fileHash := ""
	if b, err := os.ReadFile(plan.Source); err == nil {
		h := sha256.Sum256(b)
		fileHash = hex.EncodeToString(h[:])
	} else {
		fileHash = plan.SourceHash
	}
	bh := sha256.Sum256(plan.BaseText)
	ts := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format(time.RFC3339)
	}
	if len(vs) == 0 {
		vs = []string{version.String()}
	}
	return Manifest{
		Sweep: plan.Source, SweepFileHash: fileHash, SweepHash: plan.Hash,
		Base: plan.BaseName, BaseHash: hex.EncodeToString(bh[:]),
		Versions: vs, GoVersion: runtime.Version(), Seed: plan.Sweep.Seed,
		Arms: plan.ArmNames(), BaselineArm: plan.Arms[0].Name,
		Design: plan.Sweep.Vary.Design, Parameters: plan.ParamKeys, Points: len(plan.Points),
		Replications: f.Reps, Runs: res.Expected, Finished: res.Present, Failed: res.Failed,
		Damaged: len(res.Damaged), Complete: res.Complete(), UntilCI: manifestCI(plan, res),
		Started: ts(f.Started), Ended: ts(f.Finished),
	}
}

func manifestCI(plan *sweep.Plan, res *Results) *ManifestCI {
	u := plan.Sweep.UntilCI
	if u.Metric == "" {
		return nil
	}
	return &ManifestCI{Metric: u.Metric, HalfWidth: u.HalfWidth, MaxReplications: u.MaxReplications,
		Met: len(res.CIMissed) == 0, Missed: append([]sweep.CIMiss{}, res.CIMissed...)}
}

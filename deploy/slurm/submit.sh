#!/bin/bash
# Submit an agencysim sweep to Slurm: a job array of N shards and, after
# it, the merge job. Extra sbatch options (resources, partition, account)
# go after N and apply to the array.
#
#   deploy/slurm/submit.sh my-sweep.yaml results 16
#   deploy/slurm/submit.sh my-sweep.yaml results 16 --cpus-per-task=8 --partition=long
#
# It prints the two job ids. If a shard fails (or is preempted and not
# requeued), the merge job is cancelled (its dependency can no longer be
# met); resubmit the shard and the merge:
#
#   sbatch --array=2 deploy/slurm/sweep.sbatch my-sweep.yaml results 16
#   sbatch --dependency=afterok:<that job id> deploy/slurm/merge.sbatch results
set -euo pipefail
[ $# -ge 3 ] || { echo "usage: deploy/slurm/submit.sh SWEEP.yaml RESULTS_DIR N [sbatch options...]" >&2; exit 2; }
SWEEP=$1 RESULTS=$2 SHARDS=$3
shift 3
[[ $SHARDS =~ ^[1-9][0-9]*$ ]] || { echo "submit.sh: N must be a whole number of 1 or more, not '$SHARDS'" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
array=$(sbatch --parsable --array="0-$((SHARDS - 1))" "$@" "$here/sweep.sbatch" "$SWEEP" "$RESULTS" "$SHARDS")
array=${array%%;*}
merge=$(sbatch --parsable --dependency="afterok:$array" --kill-on-invalid-dep=yes "$here/merge.sbatch" "$RESULTS")
merge=${merge%%;*}
echo "sweep array job $array ($SHARDS shards), merge job $merge"

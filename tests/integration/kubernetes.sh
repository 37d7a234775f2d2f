#!/bin/bash
# The example Kubernetes manifest (docs/kubernetes/) parsed as a cluster
# reads it: what an enforcing Pod Security Admission, the DaemonSet's
# references and the tools' own options need. No cluster is needed.
. "$(dirname "$0")/lib.sh"
requires cmd:python3

DOCS=$(cd "$(dirname "$0")/../../docs/kubernetes" && pwd)
TOP=$(cd "$(dirname "$0")/../.." && pwd)

# check PYTHON: run the python snippet on the parsed manifest (docs, a list
# of its documents; by_kind, the first of each kind); it prints what is
# wrong, one line each, and the test fails if anything is.
check() {
	local out
	out=$(python3 - "$DOCS/nskit-daemonset.yaml" "$1" <<'EOF'
import sys
try:
    import yaml
except ImportError:
    print("SKIP python3-yaml is missing")
    sys.exit(0)
docs = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d]
by_kind = {}
for d in docs:
    by_kind.setdefault(d["kind"], d)
errors = []
def need(cond, what):
    if not cond:
        errors.append(what)
exec(sys.argv[2])
print("\n".join(errors))
EOF
) || fail "python3: $out"
	[[ $out == "SKIP "* ]] && skip_test "${out#SKIP }"
	[ -z "$out" ] || fail "$out"
}

t_namespace() {
	check '
ns = by_kind.get("Namespace")
need(ns, "no Namespace")
labels = ns["metadata"].get("labels", {}) if ns else {}
need(labels.get("pod-security.kubernetes.io/enforce") == "privileged",
     "the Namespace lacks pod-security.kubernetes.io/enforce: privileged")
ds = by_kind.get("DaemonSet")
need(ds and ds["metadata"]["namespace"] == ns["metadata"]["name"],
     "the DaemonSet is not in that Namespace")
'
}

t_service_account() {
	check '
sa = by_kind.get("ServiceAccount")
need(sa, "no ServiceAccount")
need(sa and sa.get("automountServiceAccountToken") is False,
     "the ServiceAccount mounts a token")
pod = by_kind["DaemonSet"]["spec"]["template"]["spec"]
need(sa and pod.get("serviceAccountName") == sa["metadata"]["name"],
     "the pod does not use that ServiceAccount")
need(sa and sa["metadata"].get("namespace") == by_kind["DaemonSet"]["metadata"]["namespace"],
     "the ServiceAccount is in another namespace")
need(pod.get("automountServiceAccountToken") is False, "the pod mounts a token")
'
}

t_priority_class() {
	check '
pc = by_kind.get("PriorityClass")
need(pc, "no PriorityClass")
pod = by_kind["DaemonSet"]["spec"]["template"]["spec"]
need(pc and pod.get("priorityClassName") == pc["metadata"]["name"],
     "the pod does not use that PriorityClass")
need(pc and isinstance(pc.get("value"), int) and 0 < pc["value"] < 1000000000,
     "the priority is not above workloads and below the system classes")
'
}

t_pod() {
	check '
ds = by_kind["DaemonSet"]
spec = ds["spec"]
pod = spec["template"]["spec"]
need(spec["selector"]["matchLabels"].items() <= spec["template"]["metadata"]["labels"].items(),
     "the selector does not match the pod template")
need(pod.get("hostPID") is True, "no hostPID")
c = pod["containers"][0]
need(c["securityContext"].get("privileged") is True, "not privileged")
mounts = {m["mountPath"]: m for m in c["volumeMounts"]}
need("/host" in mounts and mounts["/host"].get("readOnly") is True, "no read-only /host")
need("/host/proc" in mounts, "no /host/proc")
vols = {v["name"] for v in pod["volumes"]}
need(all(m["name"] in vols for m in c["volumeMounts"]), "a mount names no volume")
args = " ".join(c.get("args", []))
need("--proc-root /host/proc" in args and "--host-root /host" in args,
     "the command does not read the node through /host")
'
}

# Every example that runs a tool in the pod (kubectl exec ... -- TOOL)
# points it at the node's files: --proc-root /host/proc and --host-root
# /host. Lines continued with a backslash are one command.
t_examples() {
	local line bad="" n=0
	while IFS= read -r line; do
		n=$((n + 1))
		[[ $line == *"--proc-root /host/proc"* && $line == *"--host-root /host"* ]] ||
			bad+=$'\n'"$line"
	done < <(sed -e ':a' -e '/\\$/N; s/\\\n//; ta' "$DOCS/README.md" \
			"$DOCS/nskit-daemonset.yaml" | grep -E 'exec .* -- +(nsls|nsdiff|nstop|nsjoin) ')
	[ "$n" -ge 3 ] || fail "only $n examples found"
	grep -q -- 'nsdiff --proc-root /host/proc --host-root /host --all' "$DOCS/README.md" ||
		bad+=$'\n'"no 'nsdiff --proc-root /host/proc --host-root /host --all' in README.md"
	[ -z "$bad" ] || fail "examples without the node's files:$bad"
}

t_dockerignore() {
	[ -f "$TOP/.dockerignore" ] || fail "no .dockerignore"
	grep -qxE '/?build/?' "$TOP/.dockerignore" || fail ".dockerignore does not keep build/ out"
}

run t_namespace "the Namespace carries the Pod Security Admission label"
run t_service_account "a ServiceAccount without an API token"
run t_priority_class "a PriorityClass above workloads"
run t_pod "the pod: host PID namespace, privileged, the node's files read-only"
run t_examples "examples point the tools at the node's /proc and root"
run t_dockerignore ".dockerignore keeps build trees out of the image"
finish

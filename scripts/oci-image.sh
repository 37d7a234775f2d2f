#!/bin/bash
# Pack directories into a container image, offline, with tar, sha256sum
# and jq: an OCI image layout (index.json, a manifest, a config, a layer
# blob per directory) or, with --docker, a tar archive as `docker save`
# writes it (manifest.json, ID.json, ID/layer.tar). For the tests, the
# demo and the benchmarks, which make their images themselves.
#
#   scripts/oci-image.sh [options] OUT DIR [DIR...]
#
#   --name REF          the image's name (an annotation, or RepoTags)
#   --cmd JSON          its Cmd, a JSON array: '["sh"]'
#   --entrypoint JSON   its Entrypoint
#   --env K=V           an Env entry (repeatable)
#   --workdir DIR       its WorkingDir
#   --user USER         its User
#   --gzip              compress the layers (a layout only)
#   --docker            write a docker save archive instead of a layout
#   --archive           write the layout as a tar archive (oci-archive)
#   --layer-tar FILE    a layer as a tar made elsewhere (repeatable, after the DIRs)
#
# The image's creation time is now, or SOURCE_DATE_EPOCH's when it is set.
# Each DIR is a layer, the first at the bottom; its files go in as they
# are (owners kept: --numeric-owner), whiteouts (.wh.NAME) included.
set -euo pipefail

name="" cmd="null" entrypoint="null" workdir="" user="" gzip=0 docker=0 archive=0
envs=() tars=()
while [ $# -gt 0 ]; do
	case $1 in
	--name) name=$2; shift 2 ;;
	--cmd) cmd=$2; shift 2 ;;
	--entrypoint) entrypoint=$2; shift 2 ;;
	--env) envs+=("$2"); shift 2 ;;
	--workdir) workdir=$2; shift 2 ;;
	--user) user=$2; shift 2 ;;
	--gzip) gzip=1; shift ;;
	--docker) docker=1; shift ;;
	--archive) archive=1; shift ;;
	--layer-tar) tars+=("$2"); shift 2 ;;
	--) shift; break ;;
	-*) echo "oci-image.sh: unknown option $1" >&2; exit 2 ;;
	*) break ;;
	esac
done
[ $# -ge 1 ] || { echo "usage: oci-image.sh [options] OUT DIR..." >&2; exit 2; }
out=$1
shift

case $(uname -m) in
x86_64) arch=amd64 ;; aarch64) arch=arm64 ;; armv7l) arch=arm ;; i686) arch=386 ;;
*) arch=$(uname -m) ;;
esac

work=$(mktemp -d "${TMPDIR:-/tmp}/oci-image.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/blobs/sha256"

sha() { sha256sum "$1" | cut -d' ' -f1; }

# the layers: uncompressed tars first (their digests are the diff_ids)
layers=()
i=0
for d in "$@"; do
	i=$((i + 1))
	# the same files, the same tar: no access or change times (pax keeps them with --xattrs)
	tar --numeric-owner --xattrs --pax-option=delete=atime,delete=ctime -C "$d" \
		-cf "$work/layer$i.tar" .
	layers+=("$work/layer$i.tar")
done
for t in "${tars[@]+"${tars[@]}"}"; do
	i=$((i + 1))
	cp "$t" "$work/layer$i.tar"
	layers+=("$work/layer$i.tar")
done

# when it was made: now, or SOURCE_DATE_EPOCH's time for an image made again alike
created=$(date -u -d "@${SOURCE_DATE_EPOCH:-$(date +%s)}" +%Y-%m-%dT%H:%M:%SZ)
diff_ids=$(for l in "${layers[@]}"; do echo "sha256:$(sha "$l")"; done | jq -R . | jq -s .)
env_json=$(for e in "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
	"${envs[@]+"${envs[@]}"}"; do echo "$e"; done | jq -R . | jq -s .)
jq -n -c --arg arch "$arch" --argjson cmd "$cmd" --argjson ep "$entrypoint" \
	--argjson env "$env_json" --arg wd "$workdir" --arg user "$user" \
	--argjson diff "$diff_ids" --arg created "$created" \
	'{architecture: $arch, os: "linux", created: $created,
	  config: ({Env: $env, Cmd: $cmd, Entrypoint: $ep}
		   + (if $wd != "" then {WorkingDir: $wd} else {} end)
		   + (if $user != "" then {User: $user} else {} end)),
	  rootfs: {type: "layers", diff_ids: $diff}}' >"$work/config.json"
config_id=$(sha "$work/config.json")

if [ $docker = 1 ]; then
	# docker save: ID.json, a directory per layer with its layer.tar, manifest.json
	pkg=$work/pkg
	mkdir -p "$pkg"
	cp "$work/config.json" "$pkg/$config_id.json"
	paths=()
	for l in "${layers[@]}"; do
		id=$(sha "$l")
		mkdir -p "$pkg/$id"
		cp "$l" "$pkg/$id/layer.tar"
		echo 1.0 >"$pkg/$id/VERSION"
		paths+=("$id/layer.tar")
	done
	tags=$( [ -n "$name" ] && echo "$name" | jq -R . | jq -s . || echo '[]')
	printf '%s\n' "${paths[@]}" | jq -R . | jq -s -c --arg cfg "$config_id.json" \
		--argjson tags "$tags" '[{Config: $cfg, RepoTags: $tags, Layers: .}]' \
		>"$pkg/manifest.json"
	tar -C "$pkg" -cf "$out" .
	exit 0
fi

# an OCI layout
layer_descs=()
for l in "${layers[@]}"; do
	media=application/vnd.oci.image.layer.v1.tar
	if [ $gzip = 1 ]; then
		gzip -n -c "$l" >"$l.gz"
		l=$l.gz
		media=$media+gzip
	fi
	d=$(sha "$l")
	cp "$l" "$work/blobs/sha256/$d"
	layer_descs+=("$(jq -n -c --arg m "$media" --arg d "sha256:$d" --argjson s "$(stat -c %s "$l")" \
		'{mediaType: $m, digest: $d, size: $s}')")
done
cp "$work/config.json" "$work/blobs/sha256/$config_id"
printf '%s\n' "${layer_descs[@]}" | jq -s -c --arg cd "sha256:$config_id" \
	--argjson cs "$(stat -c %s "$work/config.json")" \
	'{schemaVersion: 2, mediaType: "application/vnd.oci.image.manifest.v1+json",
	  config: {mediaType: "application/vnd.oci.image.config.v1+json", digest: $cd, size: $cs},
	  layers: .}' >"$work/manifest.json"
manifest_id=$(sha "$work/manifest.json")
cp "$work/manifest.json" "$work/blobs/sha256/$manifest_id"
jq -n -c --arg d "sha256:$manifest_id" --argjson s "$(stat -c %s "$work/manifest.json")" \
	--arg name "$name" \
	'{schemaVersion: 2, manifests: [{mediaType: "application/vnd.oci.image.manifest.v1+json",
	  digest: $d, size: $s}
	  + (if $name != "" then {annotations: {"org.opencontainers.image.ref.name": $name}} else {} end)]}' \
	>"$work/index.json"
echo '{"imageLayoutVersion":"1.0.0"}' >"$work/oci-layout"
layout=$work/layout
mkdir -p "$layout"
mv "$work/blobs" "$work/index.json" "$work/oci-layout" "$layout/"
if [ $archive = 1 ]; then
	tar -C "$layout" -cf "$out" .
else
	rm -rf "$out"
	cp -a "$layout" "$out"
fi

#!/bin/bash
# nsrun and container images, offline. The images are the test's own: a
# busybox-static root (with files of other owners and modes, a device
# node, a fifo, an extended attribute) packed by scripts/oci-image.sh with
# tar, sha256sum and jq as an OCI image layout, as an OCI archive, as a
# docker save archive; where Podman is installed, the same root imported
# into a Podman of the test's own and written by podman save in both of
# its formats. Each command of the table of issue 17 as typed (a web
# server on a network made with network create, exec -it, run -it --rm
# --pid=host, inspect --format, ps -q, logs, run IMAGE); the image
# config applied; layers applied with their whiteouts and opaque
# directories; a layer that reaches out of the root, and a damaged file,
# refused with one line and nothing written outside the store; --rm and
# the upper directory of a container, which goes with it; rmi; a
# rootless user's load and run.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/nsrun_helpers.bash"
. "$(dirname "$0")/podman.bash"
requires root file:"$NSRUN" file:/bin/busybox cmd:jq cmd:sha256sum cmd:python3

MKIMG=$(cd "$(dirname "$0")/../../scripts" && pwd)/oci-image.sh
# one creation time for every image the script makes: the same files packed
# twice, a second apart, are still the same image (its config says when)
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(date +%s)}
export NSKIT_IMAGE_DIR=$TMPDIR/images
STORE=$NSKIT_IMAGE_DIR
WEBCMD='["httpd","-f","-v","-p","80","-h","/www"]'

# The root of the test's images, made once: busybox, a page, and files
# whose metadata a load must keep.
webroot() {
	local d=$TMPDIR/webroot
	if [ ! -e "$d/www/index.html" ]; then
		"$NSRUN" rootfs "$d" >/dev/null
		mkdir -p "$d/www" "$d/srv"
		echo "hello from the image" >"$d/www/index.html"
		echo 'www:x:33:33:www:/www:/bin/sh' >>"$d/etc/passwd"
		echo 'www:x:33:' >>"$d/etc/group"
		echo owned >"$d/srv/owned"
		chown 1000:1001 "$d/srv/owned"
		chmod 0640 "$d/srv/owned"
		python3 -c 'import os, sys; os.setxattr(sys.argv[1], "user.nskit", b"kept")' \
			"$d/srv/owned"
		cp "$d/bin/busybox" "$d/srv/suid"
		chmod 4755 "$d/srv/suid"
		mknod "$d/srv/null" c 1 3
		mkfifo "$d/srv/fifo"
	fi
	echo "$d"
}

# The web image as an OCI layout, named localhost/web:1 (and nginx, for the table).
web_image() {
	local out=$TMPDIR/web-oci
	[ -e "$out/index.json" ] ||
		"$MKIMG" --name localhost/web:1 --cmd "$WEBCMD" --env GREETING=hello \
			--workdir /www "$out" "$(webroot)"
	echo "$out"
}

load_web() {
	"$NSRUN" images | grep -q '^localhost/web +1 ' || "$NSRUN" image load -q "$(web_image)"
	"$NSRUN" tag localhost/web:1 nginx
}

# image_id REPOSITORY TAG: the id of an image by its name, as images --no-trunc shows it.
image_id() {
	"$NSRUN" images --no-trunc | awk -v r="$1" -v t="$2" '$1 == r && $2 == t { print substr($3, 8) }'
}

# The store's images and names, to compare before and after a refusal.
store_state() {
	ls "$STORE/images" 2>/dev/null
	cat "$STORE/refs" 2>/dev/null
	ls -A "$STORE/tmp" 2>/dev/null | grep -v '^lock$' || true
}

t_load_formats() {
	local out id d
	out=$("$NSRUN" image load "$(web_image)")
	assert_eq "$out" "Loaded image: web:1" "an OCI layout directory"
	id=$("$NSRUN" images -q --no-trunc)
	assert_match "$id" '^[0-9a-f]{64}$' "one image"
	# its id is its config's sha256, as Docker's
	assert_eq "$id" "$(jq -r .manifests[0].digest "$(web_image)/index.json" | cut -d: -f2 |
		xargs -I{} jq -r .config.digest "$(web_image)/blobs/sha256/{}" | cut -d: -f2)" "the id"
	# the same image again: a name more, no second copy
	"$MKIMG" --archive --gzip --name localhost/web:gz --cmd "$WEBCMD" --env GREETING=hello \
		--workdir /www "$TMPDIR/web-oci.tar" "$(webroot)"
	assert_eq "$("$NSRUN" image load "$TMPDIR/web-oci.tar")" "Loaded image: web:gz" "an OCI archive, gzip layers"
	assert_eq "$(ls "$STORE/images" | wc -l)" 1 "the same image once"
	"$MKIMG" --docker --name docker.io/library/dock:2 --cmd '["sh"]' "$TMPDIR/dock.tar" "$(webroot)"
	assert_eq "$("$NSRUN" load -i "$TMPDIR/dock.tar")" "Loaded image: dock:2" "docker save, as docker load -i"
	"$MKIMG" --docker --name stdin:1 --cmd '["true"]' "$TMPDIR/stdin.tar" "$(webroot)"
	assert_eq "$("$NSRUN" load <"$TMPDIR/stdin.tar")" "Loaded image: stdin:1" "from standard input"
	out=$("$NSRUN" images)
	assert_match "$out" "localhost/web +1 +${id:0:12} " "images"
	assert_match "$out" "localhost/web +gz +${id:0:12} "
	assert_match "$out" "docker.io/library/dock +2 "
	assert_eq "$("$NSRUN" images -J | jq -r '.images[] | select(.repository == "localhost/web" and .tag == "1") | .size')" \
		"$(cat "$STORE/images/$id/info" | sed -n 's/^size=//p')" "images -J size"
	# what the files were, they are: modes, owners, devices, fifos, xattrs, set-user-ID
	d=$STORE/images/$id/rootfs
	assert_eq "$(stat -c '%a %u %g' "$d/srv/owned")" "640 1000 1001" "mode and owner"
	assert_eq "$(python3 -c 'import os, sys; print(os.getxattr(sys.argv[1], "user.nskit").decode())' "$d/srv/owned")" kept "xattr"
	assert_eq "$(stat -c '%a' "$d/srv/suid")" 4755 "set-user-ID"
	assert_eq "$(stat -c '%F %t %T' "$d/srv/null")" "character special file 1 3" "device node"
	assert_eq "$(stat -c '%F' "$d/srv/fifo")" "fifo" "fifo"
	assert_eq "$(readlink "$d/bin/sh")" "/bin/busybox" "symbolic link"
	# the store: the caller's, nobody else's to write; the load's own directory gone
	assert_eq "$(stat -c '%U %a' "$STORE" "$STORE/images" "$STORE/tmp" | tr '\n' ' ')" \
		"root 755 root 755 root 700 " "the store's modes"
	assert_eq "$(ls -A "$STORE/tmp")" lock "nothing left of the loads"
}

t_run_config() {
	local out rc
	load_web
	# Cmd, WorkingDir, Env, as Docker applies them; a command given replaces Cmd
	out=$("$NSRUN" run --rm localhost/web:1 sh -c 'pwd; echo $GREETING; cat index.html')
	assert_eq "$out" $'/www\nhello\nhello from the image' "WorkingDir, Env, the files"
	assert_eq "$("$NSRUN" run --rm -e GREETING=bye web:1 sh -c 'echo $GREETING')" bye "-e over Env"
	assert_eq "$("$NSRUN" run --rm -w /srv web:1 pwd)" /srv "-w over WorkingDir"
	# --entrypoint drops Cmd; a command after the image goes to it
	assert_eq "$("$NSRUN" run --rm --entrypoint echo web:1 a b)" "a b" "--entrypoint"
	out=$("$NSRUN" run --rm --entrypoint /bin/cat web:1 2>&1 </dev/null) || fail "--entrypoint alone: $out"
	assert_eq "$out" "" "--entrypoint alone: no Cmd"
	# an image with Entrypoint and Cmd, and a User
	"$MKIMG" --name ep:1 --entrypoint '["echo","entry"]' --cmd '["default"]' --user www \
		"$TMPDIR/ep-oci" "$(webroot)"
	"$NSRUN" image load -q "$TMPDIR/ep-oci"
	assert_eq "$("$NSRUN" run --rm ep:1)" "entry default" "Entrypoint + Cmd"
	assert_eq "$("$NSRUN" run --rm ep:1 given)" "entry given" "Entrypoint + the command given"
	assert_eq "$("$NSRUN" run --rm --entrypoint id ep:1 -u)" 33 "User"
	assert_eq "$("$NSRUN" run --rm -u 0 --entrypoint id ep:1 -u)" 0 "-u over User"
	# --image says it; after "--" the first word is the host's command, whatever it names
	assert_eq "$("$NSRUN" run --rm --image web:1 -- cat /www/index.html)" "hello from the image" "--image"
	mkdir -p "$TMPDIR/hostonly"
	echo host >"$TMPDIR/hostonly/f"
	"$NSRUN" tag web:1 cat
	assert_eq "$("$NSRUN" run --rm -- cat "$TMPDIR/hostonly/f")" host "-- cat: the host's cat"
	assert_eq "$("$NSRUN" run --rm cat cat /www/index.html)" "hello from the image" "cat: the image"
	"$NSRUN" rmi cat >/dev/null
	# a record that says which image
	"$NSRUN" run -d --name "$T-cfg" web:1 >/dev/null
	assert_eq "$(field "$T-cfg" image)" web:1 "the record's image"
	assert_eq "$("$NSRUN" inspect -f '{{.Config.Image}} {{.Image}}' "$T-cfg")" \
		"web:1 sha256:$(field "$T-cfg" image_id)" "inspect"
	assert_match "$("$NSRUN" ls -o NAME,ROOTFS)" "$T-cfg +$NSKIT_STATE_DIR/rootfs/$T-cfg/root" "ls"
	"$NSRUN" stop "$T-cfg"
	# no such image, and an image with no command
	out=$("$NSRUN" run --image nosuch:1 true 2>&1) && rc=0 || rc=$?
	assert_eq "$rc" 125 "no such image"
	assert_eq "$out" "nsrun: no such image: 'nosuch:1' (nsrun images lists them; nsrun image load FILE adds one)"
	"$MKIMG" --name nocmd:1 "$TMPDIR/nocmd-oci" "$(webroot)"
	"$NSRUN" image load -q "$TMPDIR/nocmd-oci"
	out=$("$NSRUN" run nocmd:1 2>&1) && rc=0 || rc=$?
	assert_eq "$rc" 125 "no command"
	assert_eq "$out" "nsrun: image 'nocmd:1' has no command (neither Entrypoint nor Cmd): give one"
}

# The table of issue 17, as typed (with names of the test's own around them).
t_table_network() {
	local out pid
	load_web
	"$NSRUN" network create mynetwork >/dev/null
	defer nsrun_cleanup_all
	"$NSRUN" run -d --name "$T-web1" --network mynetwork nginx >/dev/null
	"$NSRUN" run -d --name "$T-web2" --network mynetwork nginx >/dev/null
	# a page from web1, by name, from web2: on the test's bridge only
	wait_for "$NSRUN" exec "$T-web2" wget -q -O /dev/null "http://$T-web1/" || fail "web1 never served"
	out=$("$NSRUN" exec "$T-web2" wget -q -O - "http://$T-web1/")
	assert_eq "$out" "hello from the image" "web2 -> web1 by name"
	# logs: what httpd -v said of it (who asked, what it answered), on stderr
	wait_for sh -c "'$NSRUN' logs '$T-web1' 2>&1 | grep -q 'response:200'" ||
		fail "no response in the logs: $("$NSRUN" logs "$T-web1" 2>&1)"
	assert_match "$("$NSRUN" logs "$T-web1" 2>&1 >/dev/null)" "$(addr_of "$T-web2").*response:200" \
		"logs web1"
	# ps -q
	assert_eq "$("$NSRUN" ps -q)" "$T-web1"$'\n'"$T-web2" "ps -q"
	# inspect --format '{{.State.Pid}}' mynginx
	"$NSRUN" run -d --name "$T-mynginx" nginx >/dev/null
	pid=$("$NSRUN" inspect --format '{{.State.Pid}}' "$T-mynginx")
	assert_eq "$pid" "$(cpid "$T-mynginx")" "inspect --format"
	assert_eq "$(cat "/proc/$pid/comm")" nsrun-init "its init"
	# nsrun run nginx: the image's command, in the foreground
	# (web1, web2 and mynginx run httpd too: the fourth, once it runs)
	"$NSRUN" run nginx >/dev/null 2>&1 &
	wait_for sh -c "[ \$('$NSRUN' ls | grep -Ec ' running .*httpd -f -v -p 80 -h /www') = 4 ]" ||
		fail "run nginx did not run httpd"
	"$NSRUN" stop $("$NSRUN" ps -q)
	wait
	"$NSRUN" network rm mynetwork
	assert_eq "$("$NSRUN" ps -q)" "" "all gone"
}

t_table_tty() {
	load_web
	tm_start
	"$NSRUN" network create mynetwork >/dev/null
	defer nsrun_cleanup_all
	"$NSRUN" run -d --name "$T-w1" --network mynetwork nginx >/dev/null
	"$NSRUN" run -d --name "$T-w2" --network mynetwork nginx >/dev/null
	# nsrun exec -it web1 ping web2: a terminal, ^C ends it with ping's summary
	tm_keys "$NSRUN exec -it $T-w1 ping $T-w2; echo rc=\$?" Enter
	tm_expect "bytes from $(addr_of "$T-w2")"
	tm_keys C-c
	tm_expect "--- $T-w2 ping statistics ---"
	tm_expect '^rc=0$'
	# nsrun run -it --rm --name alpine1 --pid=host IMAGE sh
	tm_keys "$NSRUN run -it --rm --name $T-alpine1 --pid=host localhost/web:1 sh; echo rc=\$?" Enter
	tm_expect '^/www # ?$'
	tm_keys "tty; ps -o pid | grep -cx ' *$$'" Enter
	tm_expect '^/dev/pts/0$'
	tm_expect '^1$'
	tm_keys 'exit 3' Enter
	tm_expect '^rc=3$'
	leftovers "$T-alpine1" "--name $T-alpine1 "
	[ ! -e "$NSKIT_STATE_DIR/rootfs/$T-alpine1" ] || fail "its upper directory remains"
	"$NSRUN" stop "$T-w1" "$T-w2"
	"$NSRUN" network rm mynetwork
}

# --rm leaves nothing, foreground or detached: record, cgroup, upper
# directory, links, logs, mounts.
t_rm_leaves_nothing() {
	local m=81$RANDOM
	load_web
	"$NSRUN" run --rm --name "$T-f" --net "bridge:${T}n" web:1 sh -c 'echo x >/new'
	leftovers "$T-f" "--name $T-f "
	"$NSRUN" run -d --rm --name "$T-d" --net "bridge:${T}n" --memory 64m web:1 \
		sh -c "echo x >/new; sleep 0.$m" >/dev/null
	wait_gone "$T-d"
	# its launcher, reaped by whoever adopted it
	wait_for sh -c "! pgrep -f '^[^ ]*nsrun run -d --rm --name $T-d '" || fail "the launcher stays"
	leftovers "$T-d" "sleep 0.$m"
	[ -z "$(marked_links "${T}n")" ] || fail "the implicit network remains"
	[ -z "$(ls -A "$NSKIT_STATE_DIR/rootfs")" ] || fail "upper directories remain: $(ls "$NSKIT_STATE_DIR/rootfs")"
	[ ! -e "$NSKIT_STATE_DIR/logs/$T-d" ] || fail "logs remain"
	! grep -q overlay /proc/self/mountinfo || ! grep -q "$NSKIT_STATE_DIR" /proc/self/mountinfo ||
		fail "an overlay is mounted on the host"
}

# The container's changes are its own: in its upper directory, not in the
# image; kept with a container kept, and gone with rm, gc, and a killed
# launcher's clean-up.
t_upper_dir() {
	local m=82$RANDOM launcher id
	load_web
	id=$(image_id localhost/web 1)
	"$NSRUN" run -d --name "$T-k" web:1 sh -c 'echo changed >/www/index.html; echo new >/new' >/dev/null
	wait_for grep -q '^state=exited' "$(rec "$T-k")" || fail "not kept"
	assert_eq "$(cat "$NSKIT_STATE_DIR/rootfs/$T-k/upper/new")" new "the change, in its upper directory"
	assert_eq "$(cat "$STORE/images/$id/rootfs/www/index.html")" "hello from the image" "the image unchanged"
	assert_eq "$("$NSRUN" run --rm web:1 cat /www/index.html)" "hello from the image" "another container"
	"$NSRUN" rm "$T-k"
	[ ! -e "$NSKIT_STATE_DIR/rootfs/$T-k" ] || fail "rm left the upper directory"
	# a killed launcher: the container dies with it, its upper directory stays until rm, or gc
	for how in rm gc; do
		setsid "$NSRUN" run --name "$T-$how" web:1 sh -c "echo x >/new; sleep $m" </dev/null >/dev/null 2>&1 &
		wait_for pgrep -f "^sleep $m" || fail "never started"
		launcher=$(field "$T-$how" launcher)
		kill -KILL "$launcher"
		wait_for sh -c "! pgrep -f '^sleep $m'" || fail "the container outlived its launcher"
		[ -e "$NSKIT_STATE_DIR/rootfs/$T-$how/upper/new" ] || fail "no upper directory to remove"
		if [ $how = rm ]; then "$NSRUN" rm "$T-$how"; else "$NSRUN" gc -q; fi
		leftovers "$T-$how" "$m"
		[ ! -e "$NSKIT_STATE_DIR/rootfs/$T-$how" ] || fail "$how left the upper directory"
	done
}

# Layers: a whiteout removes a file of a layer below, an opaque directory
# hides what the layers below had in it.
t_layer_semantics() {
	local l=$TMPDIR/layers
	mkdir -p "$l/1/etc" "$l/1/dir/sub" "$l/1/keep" "$l/2/etc" "$l/2/dir"
	echo gone >"$l/1/etc/gone"
	echo stays >"$l/1/etc/stays"
	echo lower >"$l/1/dir/old"
	echo lower >"$l/1/dir/sub/x"
	echo kept >"$l/1/keep/f"
	: >"$l/2/etc/.wh.gone"
	: >"$l/2/dir/.wh..wh..opq"
	echo upper >"$l/2/dir/new"
	# a whiteout of a whole directory
	: >"$l/2/.wh.keep"
	"$MKIMG" --name layers:1 --cmd '["sh"]' "$TMPDIR/layers-oci" "$(webroot)" "$l/1" "$l/2"
	"$NSRUN" image load -q "$TMPDIR/layers-oci"
	assert_eq "$("$NSRUN" run --rm layers:1 sh -c 'ls /etc/gone /etc/stays /keep 2>&1; find /dir | sort')" \
		$'ls: /etc/gone: No such file or directory\nls: /keep: No such file or directory\n/etc/stays\n/dir\n/dir/new' \
		"whiteout and opaque"
	# no whiteout file is left in the image itself
	assert_eq "$(find "$STORE/images" -name '.wh.*' | wc -l)" 0 "no .wh. files"
}

# load_refused NAME REGEX: the image file NAME is refused with one line
# matching REGEX, exit status 1, and nothing changes but for the files
# the layer would have made, which exist nowhere.
# flip_byte FILE OFFSET: the byte at OFFSET changed (every bit inverted: a
# byte written over it might have been the one there)
flip_byte() {
	local b
	b=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
	[ -n "$b" ] || fail "$1 has no byte $2"
	# shellcheck disable=SC2059
	printf "$(printf '\\%03o' $((255 - b)))" | dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null
}

load_refused() {
	local out rc before
	before=$(store_state)
	out=$("$NSRUN" image load "$1" 2>&1) && rc=0 || rc=$?
	assert_eq "$rc" 1 "exit status of loading $1" || return 1
	assert_eq "$(echo "$out" | wc -l)" 1 "one line: $out" || return 1
	assert_match "$out" "^nsrun: cannot load '$1': $2" || return 1
	assert_eq "$(store_state)" "$before" "the store unchanged" || return 1
}

t_layer_escapes() {
	local l=$TMPDIR/esc canary=/tmp/nskit-escape-$$
	defer "rm -rf $canary $canary.d"
	mkdir -p "$l/link" "$l/dir" "$l/below" "$l/file"
	echo x >"$l/file/f"
	# a symbolic link out of the root
	ln -s ../../../../../tmp "$l/link/evil"
	"$MKIMG" --name esc:1 "$TMPDIR/esc1" "$l/link"
	load_refused "$TMPDIR/esc1" "layer 1: entry 'evil' is a symbolic link to '../../../../../tmp', outside the image's root"
	# a ../ entry, an absolute one
	tar -C "$l/file" -cf "$TMPDIR/dotdot.tar" --transform "s,^\./f,../../..$canary," ./f
	"$MKIMG" --name esc:2 --layer-tar "$TMPDIR/dotdot.tar" "$TMPDIR/esc2"
	load_refused "$TMPDIR/esc2" "layer 1: entry '../../..$canary' lies outside the image's root"
	tar -C "$l/file" -P -cf "$TMPDIR/abs.tar" --transform "s,^f,$canary," f
	"$MKIMG" --name esc:3 --layer-tar "$TMPDIR/abs.tar" "$TMPDIR/esc3"
	load_refused "$TMPDIR/esc3" "layer 1: entry '$canary' lies outside the image's root"
	# the tricks: a link that is inside (absolute: in the container's root), and
	# an entry below it, of the layer above or of the same layer
	mkdir -p "$canary.d"
	python3 - "$canary.d" "$TMPDIR/trick1.tar" "$TMPDIR/trick2.tar" "$TMPDIR/trick3.tar" <<'PY'
import io, sys, tarfile
def add(t, name, kind, target=None, data=b"pwned\n"):
    i = tarfile.TarInfo(name)
    if kind == "link":
        i.type, i.linkname = tarfile.SYMTYPE, target
        t.addfile(i)
    else:
        i.size = len(data)
        t.addfile(i, io.BytesIO(data))
with tarfile.open(sys.argv[2], "w") as t:
    add(t, "dir", "link", sys.argv[1])
with tarfile.open(sys.argv[3], "w") as t:
    add(t, "dir/f", "file")
with tarfile.open(sys.argv[4], "w") as t:
    add(t, "same", "link", sys.argv[1])
    add(t, "same/f", "file")
PY
	"$MKIMG" --name esc:4 --layer-tar "$TMPDIR/trick1.tar" --layer-tar "$TMPDIR/trick2.tar" "$TMPDIR/esc4"
	load_refused "$TMPDIR/esc4" "layer 2: entry 'dir/f' lies below a symbolic link, which nsrun does not follow"
	"$MKIMG" --name esc:6 --layer-tar "$TMPDIR/trick3.tar" "$TMPDIR/esc6"
	load_refused "$TMPDIR/esc6" "layer 1: entry 'same/f' lies below a symbolic link, which nsrun does not follow"
	# a hard link to outside
	tar -C "$l/file" -cf "$TMPDIR/hard.tar" --hard-dereference ./f
	python3 - "$TMPDIR/hard.tar" "$TMPDIR/hard2.tar" <<'PY'
import sys, tarfile
with tarfile.open(sys.argv[1]) as src, tarfile.open(sys.argv[2], "w") as dst:
    for m in src.getmembers():
        dst.addfile(m, src.extractfile(m))
    h = tarfile.TarInfo("passwd")
    h.type = tarfile.LNKTYPE
    h.linkname = "../../../etc/passwd"
    dst.addfile(h)
PY
	"$MKIMG" --name esc:5 --layer-tar "$TMPDIR/hard2.tar" "$TMPDIR/esc5"
	load_refused "$TMPDIR/esc5" "layer 1: entry 'passwd' is a hard link to '../../../etc/passwd', outside the image's root"
	# nothing written outside the store
	[ ! -e "$canary" ] || fail "written at $canary"
	[ -z "$(ls -A "$canary.d")" ] || fail "written through the link into $canary.d"
	assert_eq "$("$NSRUN" images | grep -c '^esc ')" 0 "no image of them"
}

# Damaged files: truncated, altered, not JSON, a blob missing.
t_damaged() {
	local d=$TMPDIR/dmg blob size
	"$MKIMG" --archive --gzip --name dmg:1 --cmd '["sh"]' "$TMPDIR/dmg.tar" "$(webroot)"
	size=$(stat -c %s "$TMPDIR/dmg.tar")
	head -c $((size / 2)) "$TMPDIR/dmg.tar" >"$TMPDIR/trunc.tar"
	load_refused "$TMPDIR/trunc.tar" "(its member '.*' cannot be read \(truncated or damaged\?\)|it cannot be read \(truncated or damaged\?\)|'index.json' is missing|'blobs/sha256/.*' is missing)"
	# a layout with a layer whose bytes changed (its size kept)
	rm -rf "$d"
	mkdir -p "$d"
	tar -C "$d" -xf "$TMPDIR/dmg.tar"
	blob=$(jq -r .manifests[0].digest "$d/index.json" | cut -d: -f2)
	blob=$(jq -r '.layers[0].digest' "$d/blobs/sha256/$blob" | cut -d: -f2)
	flip_byte "$d/blobs/sha256/$blob" 100
	load_refused "$d" "layer 1 is not what its descriptor says"
	# ... also where the change stops the decompressor first (the gzip header's flags)
	tar -C "$d" -xf "$TMPDIR/dmg.tar"
	flip_byte "$d/blobs/sha256/$blob" 3
	load_refused "$d" "layer 1 is not what its descriptor says"
	# a layer truncated in a layout
	tar -C "$d" -xf "$TMPDIR/dmg.tar"
	truncate -s $(($(stat -c %s "$d/blobs/sha256/$blob") / 2)) "$d/blobs/sha256/$blob"
	load_refused "$d" "layer 1 (is not what its descriptor says|cannot be read \(truncated or damaged\?\))"
	# an index.json that is not JSON, one that ends too soon
	tar -C "$d" -xf "$TMPDIR/dmg.tar"
	echo '{"manifests": [' >"$d/index.json"
	load_refused "$d" "its index.json is not an image index: not JSON \(it ends too soon: truncated\?\)"
	echo 'not json' >"$d/index.json"
	load_refused "$d" "its index.json is not an image index: not JSON"
	# a blob missing
	tar -C "$d" -xf "$TMPDIR/dmg.tar"
	rm "$d/blobs/sha256/$blob"
	load_refused "$d" "layer 1 \('blobs/sha256/$blob'\) is missing"
	# neither format
	mkdir -p "$TMPDIR/empty"
	load_refused "$TMPDIR/empty" "it is neither an OCI image layout \(index.json\) nor what docker save writes \(manifest.json\)"
	# docker save, with a layer that is not what the config says
	"$MKIMG" --docker --name dmg:2 --cmd '["sh"]' "$TMPDIR/dmg2.tar" "$(webroot)"
	rm -rf "$d" && mkdir -p "$d" && tar -C "$d" -xf "$TMPDIR/dmg2.tar"
	blob=$(jq -r '.[0].Layers[0]' "$d/manifest.json")
	flip_byte "$d/$blob" 700
	tar -C "$d" -cf "$TMPDIR/dmg3.tar" .
	load_refused "$TMPDIR/dmg3.tar" "layer 1 is not what the image's config says"
}

t_rmi() {
	local out id rc
	load_web
	id=$(image_id localhost/web 1)
	"$NSRUN" tag web:1 another:2
	"$NSRUN" run -d --name "$T-use" another:2 sleep 1000 >/dev/null
	# a name of several goes alone; the last one, with a container on it, stays
	assert_eq "$("$NSRUN" rmi web:1)" "Untagged: web:1" "rmi a name"
	"$NSRUN" images | grep -q '^localhost/web +1 ' && fail "the name stayed"
	for n in $("$NSRUN" images | awk 'NR > 1 && $3 ~ /^'"${id:0:12}"'/ { print $1 ":" $2 }' | grep -v '^another:2$'); do
		"$NSRUN" rmi "$n" >/dev/null
	done
	out=$("$NSRUN" rmi another:2 2>&1) && rc=0 || rc=$?
	assert_eq "$rc" 1 "rmi of an image in use"
	assert_eq "$out" "nsrun: image 'another:2' is used by container $T-use: remove it first"
	[ -d "$STORE/images/$id" ] || fail "the image went"
	"$NSRUN" stop "$T-use"
	out=$("$NSRUN" rmi "${id:0:12}")
	assert_eq "$out" $'Untagged: another:2\nDeleted: sha256:'"$id" "rmi by id"
	[ ! -e "$STORE/images/$id" ] || fail "its files stayed"
	out=$("$NSRUN" rmi nosuch 2>&1) && rc=0 || rc=$?
	assert_eq "$rc" 1 "rmi nosuch"
	assert_eq "$out" "nsrun: no such image: 'nosuch'"
}

# Podman's own files: the same root imported, written by podman save in
# both formats; its storage, run root and configuration the test's own.
t_podman() {
	podman_private "$TMPDIR/pm"
	defer "pm rmi -a -f >/dev/null 2>&1; umount -R $TMPDIR/pm/graph/overlay 2>/dev/null"
	tar -C "$(webroot)" -cf "$TMPDIR/pm/root.tar" . || return 1
	pm import -c 'WORKDIR /www' -c "CMD $WEBCMD" "$TMPDIR/pm/root.tar" localhost/pmweb:1 >/dev/null 2>&1 ||
		skip_test "podman import does not work here"
	pm save --format oci-archive -o "$TMPDIR/pm/oci.tar" localhost/pmweb:1 >/dev/null 2>&1
	pm save --format docker-archive -o "$TMPDIR/pm/docker.tar" localhost/pmweb:1 >/dev/null 2>&1
	assert_eq "$("$NSRUN" image load "$TMPDIR/pm/oci.tar")" "Loaded image: pmweb:1" "podman save --format oci-archive"
	assert_eq "$("$NSRUN" run --rm pmweb:1 sh -c 'pwd; cat index.html')" $'/www\nhello from the image' "its run"
	"$NSRUN" rmi pmweb:1 >/dev/null
	assert_eq "$("$NSRUN" image load "$TMPDIR/pm/docker.tar")" "Loaded image: pmweb:1" "podman save --format docker-archive"
	assert_eq "$("$NSRUN" run --rm localhost/pmweb:1 cat /srv/owned)" owned "its run"
	assert_eq "$(stat -c '%u %g %a' "$STORE/images/$(image_id localhost/pmweb 1)/rootfs/srv/owned")" \
		"1000 1001 640" "owners through podman"
}

# A rootless user: its own store, owners mapped, device nodes left out with a note.
t_rootless() {
	local out img=$TMPDIR/rootless.tar
	nobody_state
	"$MKIMG" --archive --name rl:1 --cmd '["sh"]' "$img" "$(webroot)"
	cp "$img" "$NOBODY_STATE/img.tar"
	chmod 644 "$NOBODY_STATE/img.tar"
	out=$(as_nobody env NSKIT_IMAGE_DIR="$NOBODY_STATE/images" "$NSRUN" image load "$NOBODY_STATE/img.tar" 2>&1)
	assert_match "$out" "note: 1 device node of the image left out \(a rootless user cannot make them\)" "device note"
	assert_match "$out" "Loaded image: rl:1" "loaded"
	assert_eq "$(stat -c %U "$NOBODY_STATE/images")" nobody "the user's store"
	# a file of uid 1000, which nobody's user namespace does not map: nobody's own
	assert_eq "$(stat -c '%U %a' "$NOBODY_STATE"/images/images/*/rootfs/srv/owned)" "nobody 640" \
		"owners mapped"
	out=$(as_nobody env NSKIT_IMAGE_DIR="$NOBODY_STATE/images" "$NSRUN" run --rm rl:1 \
		sh -c 'id -u; cat /www/index.html; echo w >/written; cat /written; ls /srv/null 2>&1; true')
	assert_eq "$(sed -n 1,3p <<<"$out")" $'0\nhello from the image\nw' "a rootless run"
	assert_match "$(sed -n 4p <<<"$out")" "No such file" "no device node"
	[ -z "$(ls -A "$NOBODY_STATE/rootfs" 2>/dev/null)" ] || fail "its upper directory remains"
	as_nobody env NSKIT_IMAGE_DIR="$NOBODY_STATE/images" "$NSRUN" rmi rl:1 >/dev/null
	[ -z "$(ls -A "$NOBODY_STATE/images/images")" ] || fail "rmi left files"
}

run t_load_formats "image load: an OCI layout, an OCI archive, docker save, stdin; files as they were"
run t_run_config "run IMAGE: Entrypoint, Cmd, Env, WorkingDir, User; --entrypoint, --image, --"
run t_table_network "run -d --network NAME IMAGE, logs, ps -q, inspect --format, run IMAGE, as typed" cmd:ping
run t_table_tty "exec -it web1 ping web2 and run -it --rm --pid=host IMAGE sh, under tmux" cmd:tmux
run t_rm_leaves_nothing "--rm leaves nothing: record, cgroup, upper directory, links, logs"
run t_upper_dir "a container's changes are its upper directory's; it goes with rm, gc, a killed launcher"
run t_layer_semantics "layers: a whiteout removes a file, an opaque directory hides the one below"
run t_layer_escapes "a link out of the root, ../, /abs, an entry below a link, a hard link out: refused"
run t_damaged "a truncated, altered or malformed file is refused with one line"
run t_rmi "rmi: a name, the last one with the image, not while a container uses it"
run t_podman "podman save in both formats: loaded and run" cmd:podman cmd:runc
run t_rootless "a rootless user loads and runs an image: owners mapped, device nodes left out" \
	cmd:setpriv userns
finish

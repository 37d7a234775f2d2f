#!/bin/bash
# nsrun --net-rate: token buckets on both ends of a bridged container's
# veth, made over netlink. Between two containers on a network the test
# makes (nothing leaves the machine, nothing reaches any other address), a
# transfer to or from the limited one takes at least its size over the
# rate, less 10% (checked one way only: a loaded machine may be slower,
# never faster); the qdiscs read back, change with nsrun update, and go
# with the veth.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/nsrun_helpers.bash"
requires root file:"$NSRUN" cmd:jq cmd:busybox

NET=${T}r
SIZE=500000		# bytes, 4 s at 1mbit (125000 bytes per second)

# The seconds container $1 takes to fetch the file of container $2's web server.
fetch_time() {
	local s e
	s=$(date +%s.%N)
	"$NSRUN" exec "$1" busybox wget -q -O /dev/null "http://$(addr_of "$2"):8080/f" ||
		return 1
	e=$(date +%s.%N)
	awk -v s="$s" -v e="$e" 'BEGIN { printf "%.2f\n", e - s }'
}

# Two web servers of one file: $T-lim at --net-rate 1mbit, $T-free without,
# removed with their network when the test ends.
setup() {
	mkdir -p "$TMPDIR/www"
	head -c "$SIZE" /dev/zero >"$TMPDIR/www/f"
	echo ok >"$TMPDIR/www/ok"
	"$NSRUN" network create "$NET" --subnet 10.219.$((RANDOM % 200)).0/24 >/dev/null
	defer "'$NSRUN' network rm '$NET'"
	defer "'$NSRUN' rm -f '$T-lim'"
	defer "'$NSRUN' rm -f '$T-free'"
	"$NSRUN" -d --name "$T-lim" --net "bridge:$NET" --net-rate 1mbit -- \
		busybox httpd -f -p 8080 -h "$TMPDIR/www" >/dev/null
	"$NSRUN" -d --name "$T-free" --net "bridge:$NET" -- \
		busybox httpd -f -p 8080 -h "$TMPDIR/www" >/dev/null
	# both serve before anything is timed
	wait_for "$NSRUN" exec "$T-free" busybox wget -q -O /dev/null \
		"http://$(addr_of "$T-lim"):8080/ok" || fail "the limited container does not serve"
	wait_for "$NSRUN" exec "$T-lim" busybox wget -q -O /dev/null \
		"http://$(addr_of "$T-free"):8080/ok" || fail "the other container does not serve"
}

t_rate_both_ways() {
	local t want
	setup
	want=$(awk -v s="$SIZE" 'BEGIN { print s / 125000 }')
	# what the limited container sends: its eth0's bucket
	t=$(fetch_time "$T-free" "$T-lim") || fail "fetch from the limited container"
	diag "$SIZE bytes sent by the limited container in $t s (at 1mbit: $want s)"
	awk -v t="$t" -v w="$want" 'BEGIN { exit !(t >= w * 0.9) }' ||
		fail "sent in $t s, under $want s less 10%"
	# what it receives: the bucket of the host's end
	t=$(fetch_time "$T-lim" "$T-free") || fail "fetch by the limited container"
	diag "$SIZE bytes received by the limited container in $t s (at 1mbit: $want s)"
	awk -v t="$t" -v w="$want" 'BEGIN { exit !(t >= w * 0.9) }' ||
		fail "received in $t s, under $want s less 10%"
}

t_qdiscs() {
	local veth out
	setup
	veth=$(field "$T-lim" host_veth)
	out=$("$NSRUN" inspect "$T-lim" | jq -c '.containers[0].limits |
		[.net_send_rate, .net_receive_rate, .net_burst > 0]')
	assert_eq "$out" "[125000,125000,true]" "inspect"
	assert_eq "$("$NSRUN" inspect "$T-free" | jq -c '.containers[0].limits |
		[.net_send_rate, .net_receive_rate]')" "[null,null]" "the other"
	# the kernel's word, where tc is there to ask
	if command -v tc >/dev/null; then
		assert_match "$(tc qdisc show dev "$veth")" "^qdisc tbf 1: root .*rate 1Mbit" "host end"
		assert_match "$("$NSRUN" exec "$T-lim" tc qdisc show dev eth0)" \
			"^qdisc tbf 1: root .*rate 1Mbit" "container end"
	fi
	# changed in place
	"$NSRUN" update --net-rate 2mbit "$T-lim"
	assert_eq "$("$NSRUN" inspect "$T-lim" | jq -c '.containers[0].limits |
		[.net_send_rate, .net_receive_rate]')" "[250000,250000]" "updated"
	# and gone with the veth
	"$NSRUN" rm -f "$T-lim"
	leftovers "$T-lim" "name $T-lim "
	if command -v tc >/dev/null; then
		[ -z "$(tc qdisc show dev "$veth" 2>/dev/null)" ] || fail "a qdisc of $veth remains"
		! tc qdisc show | grep -q "dev $veth " || fail "a qdisc of $veth remains"
	fi
}

run t_rate_both_ways "--net-rate 1mbit holds a transfer to it, both ways"
run t_qdiscs "--net-rate: token buckets read back, updated, gone with the veth"
finish

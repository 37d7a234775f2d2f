#!/bin/bash
# nsrun's links and subnets: the host-side links it makes (veths, bridges)
# have names that no two containers or networks share, whatever their
# names shorten to; a link that was there before, with the name nsrun
# would have taken, stays as it was (nothing of it deleted, its address
# kept); every link nsrun makes carries its mark (IFLA_IFALIAS) and its
# ifindex in the record, and `network rm` deletes only the bridge it made.
# Subnets: the reserved blocks are refused, and so are subnets that
# overlap an address or a route of the host, or another network, in one
# line that names the conflict.
#
# The script runs in a network namespace of its own: the "host" whose
# links, addresses and routes nsrun sees is the script's, so that nothing
# here touches the machine's network, nor it the tests'.
if [ "$(id -u)" = 0 ] && [ -z "${NSRUN_LINKS_NETNS:-}" ] && unshare --net true 2>/dev/null; then
	NSRUN_LINKS_NETNS=1 exec unshare --net -- bash "$0" "$@"
fi
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/nsrun_helpers.bash"
requires root file:"$NSRUN" cmd:ip cmd:jq cmd:nsenter
[ -n "${NSRUN_LINKS_NETNS:-}" ] || _t_skip_reason=${_t_skip_reason:-"needs a network namespace of its own"}
[ -n "${NSRUN_LINKS_NETNS:-}" ] && ip link set lo up

NET=${T}n

net_up() {
	[ -e "$NSKIT_STATE_DIR/networks/$NET" ] ||
		"$NSRUN" network create "$NET" --subnet 10.61.1.0/24 >/dev/null
}

# eth0 of container $1, as its own network namespace has it ("" when gone).
eth0_of() { nsenter -t "$(cpid "$1")" -n ip -o -4 addr show dev eth0 2>/dev/null | awk '{print $4}'; }

# The alias (IFLA_IFALIAS) of link $1, "" for none.
alias_of() { ip -d link show dev "$1" | sed -n 's/^ *alias //p'; }

# A foreign link: a bridge (or, with veth, a veth pair) named $1 with
# address $2, removed at the end of the test.
foreign_link() {
	if [ "${3:-bridge}" = veth ]; then
		ip link add name "$1" type veth peer name "${1:0:13}.p"
	else
		ip link add name "$1" type bridge
	fi
	defer "ip link del '$1'"
	ip addr add "$2" dev "$1"
	ip link set "$1" up
}

# Link $1 is still there, as it was made: its ifindex $2 and address $3.
intact() {
	local out
	out=$(ip -o -4 addr show dev "$1" 2>/dev/null) || fail "link '$1' was deleted"
	assert_match "$out" "^$2: $1 +inet $3 " "link '$1' and its address"
}

# Two containers whose names shorten alike under a hash of the name alone:
# "rtvictim-long-name-0001" was given nsv-c52e52c49eb, the very name
# "c52e52c49eb" asked for, and the second start deleted the first's veth.
t_names_shorten_alike() {
	local victim=rtvictim-long-name-0001 other=c52e52c49eb a b
	net_up
	"$NSRUN" -d --name "$victim" --net "bridge:$NET" -- sleep 1000 >/dev/null
	a=$(eth0_of "$victim")
	[ -n "$a" ] || fail "the first container has no eth0"
	"$NSRUN" -d --name "$other" --net "bridge:$NET" -- sleep 1000 >/dev/null ||
		fail "the second container did not start"
	assert_eq "$(eth0_of "$victim")" "$a" "the first container's eth0 after the second started"
	b=$(eth0_of "$other")
	[ -n "$b" ] || fail "the second container has no eth0"
	[ "$(field "$victim" host_veth)" != "$(field "$other" host_veth)" ] ||
		fail "both have host veth $(field "$other" host_veth)"
	# both on the bridge, and each other's
	"$NSRUN" exec "$victim" ping -c1 -W2 "${b%/*}" >/dev/null || fail "the first cannot reach the second"
	"$NSRUN" exec "$other" ping -c1 -W2 "${a%/*}" >/dev/null || fail "the second cannot reach the first"
	"$NSRUN" stop "$victim" "$other"
	leftovers "$victim" "--name $victim "
	leftovers "$other" "--name $other "
}

# A host bridge, and a host veth, already named what a container's veth
# would be called, with an address: they stay, untouched, and the
# container starts all the same.
t_foreign_link_survives() {
	local kind name idx
	net_up
	for kind in bridge veth; do
		name=$T-${kind:0:1}
		# the name an nsrun that took the container's name would give it
		foreign_link "nsv-$name" 10.62.0.1/24 "$kind"
		idx=$(ip -o link show dev "nsv-$name" | cut -d: -f1)
		"$NSRUN" -d --name "$name" --net "bridge:$NET" -- sleep 1000 >/dev/null ||
			fail "a container did not start beside a host $kind named like its veth"
		intact "nsv-$name" "$idx" 10.62.0.1/24
		[ -n "$(eth0_of "$name")" ] || fail "the container has no eth0"
		"$NSRUN" stop "$name"
		intact "nsv-$name" "$idx" 10.62.0.1/24
		leftovers "$name" "--name $name "
	done
	# the name this nsrun gives the container, taken by a host link while it
	# is stopped: the next start checks before it uses it and takes another
	name=$T-again
	"$NSRUN" -d --name "$name" --net "bridge:$NET" -- sleep 1000 >/dev/null
	local veth
	veth=$(field "$name" host_veth)
	"$NSRUN" stop "$name"
	foreign_link "$veth" 10.62.1.1/24
	idx=$(ip -o link show dev "$veth" | cut -d: -f1)
	"$NSRUN" -d --name "$name" --net "bridge:$NET" -- sleep 1000 >/dev/null ||
		fail "the container did not start again"
	[ "$(field "$name" host_veth)" != "$veth" ] || fail "it took '$veth', which is not its own"
	intact "$veth" "$idx" 10.62.1.1/24
	"$NSRUN" stop "$name"
	intact "$veth" "$idx" 10.62.1.1/24
}

# The same for a network's bridge: a host link with the name nsrun would
# give it stays as it was, and the network gets a bridge of its own.
t_foreign_bridge_survives() {
	local net=${T}w br idx
	foreign_link "nsk-$net" 10.62.2.1/24
	idx=$(ip -o link show dev "nsk-$net" | cut -d: -f1)
	"$NSRUN" network create "$net" --subnet 10.62.3.0/24 >/dev/null ||
		fail "the network was not created beside a host bridge named like its own"
	intact "nsk-$net" "$idx" 10.62.2.1/24
	br=$(sed -n 's/^bridge=//p' "$NSKIT_STATE_DIR/networks/$net")
	[ "$br" != "nsk-$net" ] || fail "the network took the host's bridge"
	"$NSRUN" network rm "$net"
	intact "nsk-$net" "$idx" 10.62.2.1/24
	# this nsrun's own choice, taken by a host link in between
	"$NSRUN" network create "$net" --subnet 10.62.3.0/24 >/dev/null
	br=$(sed -n 's/^bridge=//p' "$NSKIT_STATE_DIR/networks/$net")
	"$NSRUN" network rm "$net"
	foreign_link "$br" 10.62.4.1/24
	idx=$(ip -o link show dev "$br" | cut -d: -f1)
	"$NSRUN" network create "$net" --subnet 10.62.3.0/24 >/dev/null || fail "the network was not created again"
	[ "$(sed -n 's/^bridge=//p' "$NSKIT_STATE_DIR/networks/$net")" != "$br" ] ||
		fail "it took '$br', which is not its own"
	"$NSRUN" network rm "$net"
	intact "$br" "$idx" 10.62.4.1/24
}

# Every link nsrun makes says whose it is, and the record has its ifindex.
t_marks() {
	local name=$T-m veth br mark
	net_up
	"$NSRUN" -d --name "$name" --net "bridge:$NET" -- sleep 1000 >/dev/null
	veth=$(field "$name" host_veth)
	mark=$(alias_of "$veth")
	assert_match "$mark" "^nskit:[0-9a-f]{16}:$name\$" "the veth's mark"
	assert_eq "$(field "$name" host_veth_ifindex)" "$(ip -o link show dev "$veth" | cut -d: -f1)" \
		"the veth's ifindex in the record"
	br=$(sed -n 's/^bridge=//p' "$NSKIT_STATE_DIR/networks/$NET")
	assert_eq "$(alias_of "$br")" "${mark%:*}:$NET" "the bridge's mark"
	assert_eq "$(sed -n 's/^bridge_ifindex=//p' "$NSKIT_STATE_DIR/networks/$NET")" \
		"$(ip -o link show dev "$br" | cut -d: -f1)" "the bridge's ifindex in the record"
	# the veth is the bridge's, and up
	assert_match "$(ip -o link show dev "$veth")" "master $br state UP" "the veth on the bridge"
	# another state directory marks its links otherwise
	local other
	other=$(NSKIT_STATE_DIR=$TMPDIR/other "$NSRUN" network create "$NET" --subnet 10.61.2.0/24)
	defer "NSKIT_STATE_DIR=$TMPDIR/other '$NSRUN' network rm '$NET'"
	br=$(sed -n 's/^bridge=//p' "$TMPDIR/other/networks/$NET")
	[ "$(alias_of "$br")" != "${mark%:*}:$NET" ] || fail "two state directories mark alike"
	NSKIT_STATE_DIR=$TMPDIR/other "$NSRUN" network rm "$NET"
	"$NSRUN" stop "$name"
}

# `network rm` deletes the bridge it made, and not a link that took its
# name after it went.
t_rm_checks_owner() {
	local net=${T}r br idx out
	"$NSRUN" network create "$net" --subnet 10.62.5.0/24 >/dev/null
	br=$(sed -n 's/^bridge=//p' "$NSKIT_STATE_DIR/networks/$net")
	ip link del "$br"
	foreign_link "$br" 10.62.6.1/24
	idx=$(ip -o link show dev "$br" | cut -d: -f1)
	out=$("$NSRUN" network rm "$net" 2>&1) || true
	intact "$br" "$idx" 10.62.6.1/24
	[ ! -e "$NSKIT_STATE_DIR/networks/$net" ] || fail "the record of the network remains: $out"
	# one made without the mark (by hand, with the name of the record)
	"$NSRUN" network create "$net" --subnet 10.62.5.0/24 >/dev/null
	br=$(sed -n 's/^bridge=//p' "$NSKIT_STATE_DIR/networks/$net")
	ip link set dev "$br" alias "not-nsrun"
	"$NSRUN" network rm "$net" 2>/dev/null || true
	ip link show dev "$br" >/dev/null 2>&1 || fail "an unmarked bridge was deleted"
	ip link del "$br"
}

# check_subnet WANT CIDR: network create refuses CIDR with one line
# matching WANT, and makes nothing.
check_subnet() {
	local out rc
	out=$("$NSRUN" network create "${T}s" --subnet "$2" 2>&1) && rc=0 || rc=$?
	[ "$rc" = 1 ] || { "$NSRUN" network rm "${T}s" >/dev/null 2>&1; fail "--subnet $2: exit status $rc ($out)"; }
	assert_match "$out" "$1" "--subnet $2"
	[ "$(wc -l <<<"$out")" = 1 ] || fail "--subnet $2: more than one line: $out"
	[ ! -e "$NSKIT_STATE_DIR/networks/${T}s" ] || fail "--subnet $2: a record was made"
}

t_subnet_reserved() {
	check_subnet "^nsrun: subnet 0.0.0.0/8 is reserved \\(0.0.0.0/8: " 0.0.0.0/8
	check_subnet "^nsrun: subnet 127.0.0.0/8 is reserved \\(127.0.0.0/8: loopback\\)" 127.0.0.0/8
	check_subnet "^nsrun: subnet 127.1.0.0/16 is reserved \\(127.0.0.0/8: loopback\\)" 127.1.0.0/16
	check_subnet "^nsrun: subnet 169.254.0.0/16 is reserved \\(169.254.0.0/16: link-local\\)" 169.254.0.0/16
	check_subnet "^nsrun: subnet 224.0.0.0/24 is reserved \\(224.0.0.0/4: multicast\\)" 224.0.0.0/24
	check_subnet "^nsrun: subnet 239.1.0.0/16 is reserved \\(224.0.0.0/4: multicast\\)" 239.1.0.0/16
	check_subnet "^nsrun: subnet 240.0.0.0/24 is reserved \\(240.0.0.0/4: " 240.0.0.0/24
	check_subnet "^nsrun: subnet 255.255.255.0/24 is reserved \\(240.0.0.0/4: " 255.255.255.0/24
	# a /8 that takes in a reserved block
	check_subnet "^nsrun: subnet 224.0.0.0/8 is reserved" 224.0.0.0/8
}

t_subnet_overlaps() {
	local out
	ip link add name "$T-h0" type veth peer name "$T-h1"
	defer "ip link del '$T-h0'"
	ip link set "$T-h0" up
	# an address without a route of its own says as much as one with
	ip addr add 10.63.0.5/24 dev "$T-h0" noprefixroute
	check_subnet "^nsrun: subnet 10.63.0.0/24 overlaps 10.63.0.5/24 on $T-h0\$" 10.63.0.0/24
	check_subnet "^nsrun: subnet 10.63.0.128/25 overlaps 10.63.0.5/24 on $T-h0\$" 10.63.0.128/25
	check_subnet "^nsrun: subnet 10.63.0.0/16 overlaps 10.63.0.5/24 on $T-h0\$" 10.63.0.0/16
	ip route add 10.64.0.0/16 dev "$T-h0"
	check_subnet "^nsrun: subnet 10.64.7.0/24 overlaps the route to 10.64.0.0/16 on $T-h0\$" 10.64.7.0/24
	# the default route says nothing of what is in use
	ip addr add 10.65.0.5/24 dev "$T-h0"
	ip route add default via 10.65.0.1
	"$NSRUN" network create "${T}a" --subnet 10.66.0.0/24 >/dev/null || fail "a free subnet refused"
	check_subnet "^nsrun: subnet 10.66.0.0/25 overlaps network '${T}a' \\(10.66.0.0/24\\)\$" 10.66.0.0/25
	"$NSRUN" network rm "${T}a"
	# a network made without --subnet keeps out of the host's addresses too
	ip addr add 10.88.0.5/24 dev "$T-h0" noprefixroute
	"$NSRUN" network create "${T}p" >/dev/null
	out=$(sed -n 's/^subnet=//p' "$NSKIT_STATE_DIR/networks/${T}p")
	"$NSRUN" network rm "${T}p"
	[ "$out" != 10.88.0.0/24 ] || fail "picked 10.88.0.0/24, which has the host's 10.88.0.5/24"
}

run t_names_shorten_alike "two containers whose names shorten alike: neither loses its veth"
run t_foreign_link_survives "a host bridge or veth named like a container's veth stays, with its address"
run t_foreign_bridge_survives "a host link named like a network's bridge stays, with its address"
run t_marks "veths and bridges carry nsrun's mark, their ifindex is recorded"
run t_rm_checks_owner "network rm deletes only a bridge that is its own"
run t_subnet_reserved "reserved subnets are refused in one line"
run t_subnet_overlaps "subnets that overlap the host's addresses, routes or networks are refused"
finish

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * FIB rules over the socket of a common/netlink context. The request and
 * answer handling is libmnl's own (mnl_cb_run), so that this module does
 * not reach into netlink.c's internals.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include <libmnl/libmnl.h>
#include <linux/fib_rules.h>
#include <linux/rtnetlink.h>

#include "fibrule.h"

struct rule_match {
	const char *ifname;
	uint32_t prio;
	bool found;
};

static int attr_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;
	int type = mnl_attr_get_type(attr);

	if (mnl_attr_type_valid(attr, FRA_MAX) < 0)
		return MNL_CB_OK;
	tb[type] = attr;
	return MNL_CB_OK;
}

static int match_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct fib_rule_hdr *frh = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *tb[FRA_MAX + 1] = { NULL };
	struct rule_match *m = data;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*frh) || frh->action != FR_ACT_PROHIBIT)
		return MNL_CB_OK;
	mnl_attr_parse(nlh, sizeof(*frh), attr_cb, tb);
	if (!tb[FRA_IIFNAME] || mnl_attr_validate(tb[FRA_IIFNAME], MNL_TYPE_NUL_STRING) < 0)
		return MNL_CB_OK;
	if (strcmp(mnl_attr_get_str(tb[FRA_IIFNAME]), m->ifname) != 0)
		return MNL_CB_OK;
	if (tb[FRA_PRIORITY] && mnl_attr_get_u32(tb[FRA_PRIORITY]) == m->prio)
		m->found = true;
	return MNL_CB_OK;
}

/* Send a request and read answers to it until its ack or the end of its dump. */
static int exchange(struct netlink *nl, struct nlmsghdr *nlh, mnl_cb_t cb, void *data)
{
	_Alignas(8) char buf[16384];
	unsigned int seq;
	int rc;

	if (!nl->nl)
		return -EBADF;
	seq = ++nl->seq;
	nlh->nlmsg_seq = seq;
	if (mnl_socket_sendto(nl->nl, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	for (;;) {
		ssize_t n = mnl_socket_recvfrom(nl->nl, buf, sizeof(buf));

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		rc = mnl_cb_run(buf, (size_t)n, seq, nl->portid, cb, data);
		if (rc == MNL_CB_STOP)
			return 0;
		if (rc < 0)
			return errno ? -errno : -EPROTO;
	}
}

static struct nlmsghdr *rule_msg(char *buf, uint16_t type, uint16_t flags, int family,
				 const char *ifname, uint32_t prio)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct fib_rule_hdr *frh;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	frh = mnl_nlmsg_put_extra_header(nlh, sizeof(*frh));
	frh->family = (unsigned char)family;
	frh->action = FR_ACT_PROHIBIT;
	if (ifname)
		mnl_attr_put_strz(nlh, FRA_IIFNAME, ifname);
	if (ifname)
		mnl_attr_put_u32(nlh, FRA_PRIORITY, prio);
	return nlh;
}

int fibrule_iif_prohibit(struct netlink *nl, int family, const char *ifname, uint32_t prio,
			 bool add)
{
	_Alignas(8) char buf[512];
	struct nlmsghdr *nlh;

	if (!ifname || !*ifname || strlen(ifname) >= NETLINK_NAME_MAX)
		return -EINVAL;
	/* zeroed: libmnl leaves attribute padding as it finds it */
	memset(buf, 0, sizeof(buf));
	nlh = rule_msg(buf, add ? RTM_NEWRULE : RTM_DELRULE,
		       NLM_F_ACK | (add ? NLM_F_CREATE | NLM_F_EXCL : 0), family, ifname, prio);
	return exchange(nl, nlh, NULL, NULL);
}

int fibrule_iif_prohibit_exists(struct netlink *nl, int family, const char *ifname,
				uint32_t prio)
{
	_Alignas(8) char buf[512];
	struct rule_match m = { .ifname = ifname, .prio = prio };
	struct nlmsghdr *nlh;
	int rc;

	memset(buf, 0, sizeof(buf));
	nlh = rule_msg(buf, RTM_GETRULE, NLM_F_DUMP, family, NULL, 0);
	rc = exchange(nl, nlh, match_cb, &m);
	if (rc)
		return rc;
	return m.found ? 1 : 0;
}

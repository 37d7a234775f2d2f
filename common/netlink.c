// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libmnl/libmnl.h>
#include <linux/net_namespace.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include "netlink.h"

int netlink_open(struct netlink *nl)
{
	memset(nl, 0, sizeof(*nl));
	nl->nl = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC);
	if (!nl->nl)
		return -errno;
	if (mnl_socket_bind(nl->nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		int e = -errno;

		mnl_socket_close(nl->nl);
		nl->nl = NULL;
		return e;
	}
	nl->portid = mnl_socket_get_portid(nl->nl);
	nl->seq = (unsigned int)time(NULL);
	return 0;
}

void netlink_close(struct netlink *nl)
{
	if (nl->nl)
		mnl_socket_close(nl->nl);
	nl->nl = NULL;
}

static int nsid_attr_cb(const struct nlattr *attr, void *data)
{
	int *nsid = data;

	if (mnl_attr_get_type(attr) == NETNSA_NSID &&
	    mnl_attr_validate(attr, MNL_TYPE_U32) == 0)
		*nsid = (int)mnl_attr_get_u32(attr);
	return MNL_CB_OK;
}

static int nsid_msg_cb(const struct nlmsghdr *nlh, void *data)
{
	if (nlh->nlmsg_type != RTM_NEWNSID)
		return MNL_CB_OK;
	return mnl_attr_parse(nlh, sizeof(struct rtgenmsg), nsid_attr_cb, data);
}

int netlink_get_nsid(struct netlink *nl, int nsfd, int *nsid)
{
	char buf[8192];	/* MNL_SOCKET_BUFFER_SIZE is a VLA */
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct rtgenmsg *rt;
	unsigned int seq = ++nl->seq;
	int found = -2, rc;
	ssize_t n;

	nlh->nlmsg_type = RTM_GETNSID;
	nlh->nlmsg_flags = NLM_F_REQUEST;
	nlh->nlmsg_seq = seq;
	rt = mnl_nlmsg_put_extra_header(nlh, sizeof(*rt));
	rt->rtgen_family = AF_UNSPEC;
	mnl_attr_put_u32(nlh, NETNSA_FD, (uint32_t)nsfd);

	if (mnl_socket_sendto(nl->nl, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	n = mnl_socket_recvfrom(nl->nl, buf, sizeof(buf));
	if (n < 0)
		return -errno;
	rc = mnl_cb_run(buf, (size_t)n, seq, nl->portid, nsid_msg_cb, &found);
	if (rc < 0)
		return -errno;
	if (found == -2)
		return -ENODATA;
	*nsid = found;
	return 0;
}

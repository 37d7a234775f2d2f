/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rtnetlink through libmnl: one socket per context, requests answered
 * synchronously. Never shells out to ip(8).
 */
#ifndef NSKIT_NETLINK_H
#define NSKIT_NETLINK_H

#include <stdint.h>

struct mnl_socket;

struct netlink {
	struct mnl_socket *nl;	/* owned */
	unsigned int portid;
	unsigned int seq;
};

/* Open a NETLINK_ROUTE socket in the caller's network namespace. */
int netlink_open(struct netlink *nl);
void netlink_close(struct netlink *nl);

/* The id the caller's network namespace gives to the one of nsfd
 * (RTM_GETNSID with NETNSA_FD). *nsid is -1 when none is assigned. */
int netlink_get_nsid(struct netlink *nl, int nsfd, int *nsid);

#endif

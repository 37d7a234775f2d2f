/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Policy routing rules (RTM_NEWRULE, RTM_DELRULE) through libmnl, on a
 * common/netlink context: the one kind nsrun needs, "iif BRIDGE prohibit",
 * which keeps a bridge network's containers from being routed anywhere by
 * the host, whatever its ip_forward setting (see nsrun's network.c).
 */
#ifndef NSKIT_FIBRULE_H
#define NSKIT_FIBRULE_H

#include <stdbool.h>
#include <stdint.h>

#include "netlink.h"

/* The priority of nsrun's rules: before the main table's (32766), after local's (0). */
#define FIBRULE_NSRUN_PRIO 1000

/*
 * Add (or delete) "iif ifname prohibit" at priority prio, for family
 * AF_INET or AF_INET6. Adding a rule that exists is -EEXIST; deleting one
 * that does not, -ENOENT.
 */
int fibrule_iif_prohibit(struct netlink *nl, int family, const char *ifname, uint32_t prio,
			 bool add);

/* Is there such a rule? 1 yes, 0 no, or -errno. */
int fibrule_iif_prohibit_exists(struct netlink *nl, int family, const char *ifname,
				uint32_t prio);

#endif

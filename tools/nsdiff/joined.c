// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Who joined whom: where a runtime recorded that a container joined
 * another's namespace (Docker's --net/--pid/--ipc/--uts container:NAME,
 * Podman's pods and --net container:, containerd's CRI sandboxes), the
 * joiner is told from the owner. Where nothing records it, sharing is
 * symmetric and said so.
 */
#include <stdio.h>
#include <string.h>

#include "snapshot.h"
#include "tool.h"

bool nsdiff_joined(const struct snapshot *snap, const struct container_info *a,
		   const struct container_info *b, enum ns_type t)
{
	const struct ct_record *r;
	const char *j;

	if (!a || !b || a == b || t < 0 || t >= NS_NTYPES)
		return false;
	/* a may be a copy (a target's): its record is found by its identity */
	r = ct_index_find(&snap->cts->index, a->runtime, a->id);
	if (!r)
		return false;
	j = r->joined[t];
	if (!j[0])
		return false;
	return !strcmp(j, b->id) || (b->name[0] && !strcmp(j, b->name));
}

void nsdiff_joined_text(const struct container_info *owner, enum ns_type t, char *buf,
			size_t size)
{
	snprintf(buf, size, "joined %s's %s", container_label(owner), nstype_name(t));
}

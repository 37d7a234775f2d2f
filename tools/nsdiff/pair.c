// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A against B: resolve both, pin them, compare namespace by namespace,
 * find who else is in each namespace, gather and compare what is inside
 * the separate ones (--deep), then check that neither side changed while
 * it was looked at. Every failure is trouble (exit 2) before anything is
 * printed: a partial comparison is never shown as a complete one.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_target.h"
#include "sys.h"
#include "tool.h"

/* --------------------------------------------------------------- targets */

static void resolve(struct nsdiff_ctx *c, struct side *s)
{
	struct target_opts to = {
		.pfs = &c->pfs,
		.sysroot = c->host_root,
		.types = c->types_given ? c->types : 0,
	};
	int rc;

	target_init(&s->t);
	rc = s->arg ? target_resolve(s->arg, &to, &s->t) : target_resolve_host(&to, &s->t);
	if (rc)
		cli_die_target(&s->t, s->arg, rc);
	s->host = !s->arg;
	snprintf(s->label, sizeof(s->label), "%s", s->t.label);
}

/* Pin both sides: a process that exits or is replaced from here on is noticed. */
static void pin(struct nsdiff_ctx *c, struct side *s)
{
	enum ns_type failed;
	int rc;

	rc = target_open(&s->t, &c->pfs, c->compared, &failed);
	if (rc == -ESRCH)
		trouble("%s exited before it could be compared", s->label);
	if (rc == -ESTALE)
		trouble("the %s namespace of %s was replaced before it could be compared",
			nstype_name(failed), s->label);
	if (rc == -ENOTTY)
		trouble("'%s' is not a %s namespace", s->t.path[failed], nstype_name(failed));
	if (rc)
		cli_die_errno(rc, "cannot open the %s namespace of %s",
			      failed == NS_UNKNOWN ? "process" : nstype_name(failed), s->label);
}

static bool same_ct(const struct container_info *x, const struct container_info *y)
{
	return x && y && x->runtime == y->runtime && strcmp(x->id, y->id) == 0;
}

/* The side's own container, and its label made more telling for a bare PID. */
static void own_container(struct nsdiff_ctx *c, struct side *s)
{
	struct task *tk;

	if (s->t.have_ct) {
		s->ct = &s->t.ct;
		return;
	}
	if (!s->t.pid || s->host)
		return;
	tk = snapshot_find_task(&c->snap, s->t.pid);
	if (!tk || snapshot_task_load(&c->snap, tk, TASK_CONTAINER) < 0 || !tk->ct ||
	    tk->ct->monitor)
		return;
	s->ct = tk->ct;
	/* a bare PID or inode says nothing of the container it is in: add it */
	if (s->t.kind == TARGET_PID || s->t.kind == TARGET_NSINODE)
		snprintf(s->label, sizeof(s->label), "%s (container %s, %s)", s->t.label,
			 container_label(tk->ct), container_runtime_name(tk->ct->runtime));
}

/* ---------------------------------------------------------------- sharers */

static int cmp_label(const void *x, const void *y)
{
	const char *a = *(char *const *)x, *b = *(char *const *)y;

	/* the host first, then containers by name */
	if (strcmp(a, "host") == 0 || strcmp(b, "host") == 0)
		return (strcmp(b, "host") == 0) - (strcmp(a, "host") == 0);
	return strcmp(a, b);
}

static void sharers_add(struct sharers *w, const char *label)
{
	char **v;

	for (size_t i = 0; i < w->n; i++)
		if (strcmp(w->v[i], label) == 0)
			return;
	v = realloc(w->v, (w->n + 1) * sizeof(*v));
	if (!v || !(v[w->n] = strdup(label)))
		cli_die_errno(-ENOMEM, "cannot list who shares a namespace");
	w->v = v;
	w->n++;
}

/* Who else is in the namespace of type t of side s: the host, containers. */
static void find_sharers(struct nsdiff_ctx *c, struct side *s, enum ns_type t)
{
	struct nsent *ns = snapshot_find_ns(&c->snap, t, s->t.ino[t]);
	struct sharers *w = &s->with[t];

	if (!ns)
		return;
	if (ns->host && !c->a.host && !c->b.host)
		sharers_add(w, "host");
	for (size_t i = 0; i < ns->nprocs; i++) {
		struct task *tk = snapshot_member(&c->snap, ns, i);

		if (snapshot_task_load(&c->snap, tk, TASK_CONTAINER) < 0 || !tk->ct ||
		    tk->ct->monitor || same_ct(tk->ct, c->a.ct) || same_ct(tk->ct, c->b.ct))
			continue;
		if (s->ct && nsdiff_joined(&c->snap, s->ct, tk->ct, t)) {
			char text[TARGET_LABEL_MAX + 32];

			nsdiff_joined_text(tk->ct, t, text, sizeof(text));
			sharers_add(w, text);
		} else if (s->ct && nsdiff_joined(&c->snap, tk->ct, s->ct, t)) {
			char text[TARGET_LABEL_MAX + 32];

			snprintf(text, sizeof(text), "shared with %s", container_label(tk->ct));
			sharers_add(w, text);
		} else {
			sharers_add(w, container_label(tk->ct));
		}
	}
	if (w->n > 1)
		qsort(w->v, w->n, sizeof(*w->v), cmp_label);
}

/* ------------------------------------------------------------------ deep */

/* Is the side's process gone, or another one now (a reused PID)? */
static bool side_gone(struct nsdiff_ctx *c, const struct side *s)
{
	struct proc_stat st;

	if (!s->t.pid)
		return false;
	if (s->t.pidfd >= 0 && sys_pidfd_send_signal(s->t.pidfd, 0, NULL, 0) < 0 && errno == ESRCH)
		return true;
	return procfs_read_stat(&c->pfs, s->t.pid, &st) < 0 || st.state == 'Z' ||
	       st.state == 'X' || (s->t.starttime && st.starttime != s->t.starttime);
}

static void __attribute__((noreturn)) die_inspect(struct nsdiff_ctx *c, const struct side *s,
						  const struct inspect_error *e, int rc)
{
	char msg[768];

	/* a file that could not be read because its process exited says so first */
	if (rc == -ESRCH || side_gone(c, s))
		trouble("%s exited while it was being inspected", s->label);
	if (rc == -ESTALE)
		trouble("%s left its %s namespace while it was being inspected", s->label,
			nstype_name(e->type));
	if (e->entering) {
		nsenter_strerror(&e->enter, msg, sizeof(msg));
		cli_die_errno(rc, "%s", msg);
	}
	if (e->cat < INSPECT_NCATS)
		cli_die_errno(rc, "cannot read the %s of %s",
			      inspect_cats[e->cat].kinds[e->kind].what, s->label);
	if (rc == -EPIPE)
		trouble("the inspection inside the namespaces of %s did not complete", s->label);
	cli_die_errno(rc, "cannot inspect the namespaces of %s", s->label);
}

static void gather(struct nsdiff_ctx *c, struct side *s, ns_mask_t types)
{
	struct inspect_opts io = { .pfs = &c->pfs, .snap = &c->snap };
	struct inspect_target it;
	struct inspect_error e;
	int rc;

	inspect_target_init(&it);
	it.pid = s->t.pid;
	it.pidfd = s->t.pidfd;
	for (int t = 0; t < NS_NTYPES; t++) {
		it.ino[t] = s->t.ino[t];
		it.nsfd[t] = s->t.fd[t];
		it.nsfile[t] = s->t.path[t];
	}
	rc = inspect_gather(&io, &it, types, &s->facts, &e);
	if (rc)
		die_inspect(c, s, &e, rc);
}

/* ----------------------------------------------------------- re-checking */

/*
 * After everything was read: is each side still the process (same start
 * time, not a zombie) in the same namespaces? A process that exited or
 * moved meanwhile makes the comparison worthless, however it came out.
 */
static void recheck(struct nsdiff_ctx *c, struct side *s)
{
	int rc;

	if (!s->t.pid)
		return;
	if (side_gone(c, s))
		trouble("%s exited while it was being compared", s->label);
	for (int t = 0; t < NS_NTYPES; t++) {
		uint64_t ino;

		/* namespaces taken from files stay what they are: the fd pins them */
		if (!(c->compared & NS_MASK(t)) || s->t.path[t] || s->t.fd[t] >= 0)
			continue;
		rc = procfs_read_ns(&c->pfs, s->t.pid, t, &ino);
		if (rc == -ENOENT || rc == -ESRCH)
			trouble("%s exited while it was being compared", s->label);
		if (!rc && ino != s->t.ino[t])
			trouble("%s left its %s namespace while it was being compared", s->label,
				nstype_name(t));
	}
}

/* ------------------------------------------------------------------- run */

static void type_list(ns_mask_t m, char *buf, size_t size)
{
	size_t off = 0;

	buf[0] = '\0';
	for (int t = 0; t < NS_NTYPES; t++)
		if (m & NS_MASK(t))
			off += (size_t)snprintf(buf + off, off < size ? size - off : 0, "%s%s",
						off ? "," : "", nstype_name(t));
}

void pair_run(struct nsdiff_ctx *c)
{
	struct snapshot_opts so = {
		.types = NS_MASK_ALL,
		.mounts = true,		/* netns names of a veth's peer */
		.host = true,
		.sysroot = c->host_root,
	};
	ns_mask_t missing, denied;
	char list[96];
	int rc;

	resolve(c, &c->a);
	resolve(c, &c->b);

	/* the types both sides have a namespace of, among those asked */
	c->compared = c->types & c->a.t.types & c->b.t.types;
	missing = c->types & ~c->compared & (c->a.t.types | c->b.t.types);
	if (c->types_given && (c->types & ~c->compared)) {
		const struct side *s = (c->types & ~c->a.t.types) ? &c->a : &c->b;

		type_list(c->types & ~s->t.types, list, sizeof(list));
		trouble("%s has no %s namespace to compare", s->label, list);
	}
	if (!c->compared)
		trouble("%s and %s have no namespace type in common to compare", c->a.label,
			c->b.label);
	if (missing && !c->quiet) {
		type_list(c->compared, list, sizeof(list));
		note("comparing only %s: the other types have no namespace on both sides", list);
	}
	denied = (c->a.t.denied | c->b.t.denied) & c->compared;
	if (denied) {
		const struct side *s = (c->a.t.denied & denied) ? &c->a : &c->b;

		type_list(s->t.denied & c->compared, list, sizeof(list));
		cli_die_errno(-EACCES, "cannot read the %s namespace%s of %s", list,
			      strchr(list, ',') ? "s" : "", s->label);
	}
	if (c->pfs.live) {
		pin(c, &c->a);
		pin(c, &c->b);
	} else if (c->deep) {
		trouble("--deep needs a live /proc, not the tree '%s'", c->pfs.root);
	}

	for (int t = 0; t < NS_NTYPES; t++)
		if ((c->compared & NS_MASK(t)) && c->a.t.ino[t] != c->b.t.ino[t])
			c->separate |= NS_MASK(t);

	/*
	 * The snapshot is read for who shares each namespace compared, and
	 * with --deep for the types whose categories look there (the pid
	 * namespaces' process counts, a veth's peer network namespace): one
	 * link per process and type, so only those.
	 */
	so.types = c->quiet ? 0 : c->compared;
	if (c->deep)
		so.types |= inspect_snapshot_types(c->separate);
	/* (-q without --deep needs none: the inodes are the answer) */
	if (so.types) {
		rc = snapshot_take(&c->snap, &c->pfs, &so);
		if (rc)
			cli_die_errno(rc, "cannot read processes under '%s'", c->pfs.root);
	}
	/* a side that is the host's PID is the host, whatever it was called */
	c->a.host = c->a.host || (c->snap.host_ref && c->a.t.pid == c->snap.host_ref);
	c->b.host = c->b.host || (c->snap.host_ref && c->b.t.pid == c->snap.host_ref);
	own_container(c, &c->a);
	own_container(c, &c->b);
	for (int t = 0; t < NS_NTYPES && !c->quiet; t++) {
		if (!(c->compared & NS_MASK(t)))
			continue;
		find_sharers(c, &c->a, t);
		if (c->separate & NS_MASK(t))
			find_sharers(c, &c->b, t);
	}

	if (c->deep && c->separate) {
		gather(c, &c->a, c->separate);
		gather(c, &c->b, c->separate);
		rc = nsdiff_compare(&c->a.facts, &c->b.facts, c->separate, &c->diff);
		if (rc)
			cli_die_errno(rc, "cannot compare");
	}
	if (c->pfs.live) {
		recheck(c, &c->a);
		recheck(c, &c->b);
	}
}

static void side_release(struct side *s)
{
	for (int t = 0; t < NS_NTYPES; t++) {
		for (size_t i = 0; i < s->with[t].n; i++)
			free(s->with[t].v[i]);
		free(s->with[t].v);
	}
	inspect_facts_release(&s->facts);
	target_release(&s->t);
}

void pair_release(struct nsdiff_ctx *c)
{
	nsdiff_result_release(&c->diff);
	side_release(&c->a);
	side_release(&c->b);
	snapshot_release(&c->snap);
}

// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "cli_target.h"

/* -ENOENT: what was looked for and not found, by the kind it was looked for as. */
static void __attribute__((noreturn)) die_not_found(const struct target *t, const char *arg)
{
	const struct target_spec *s = &t->spec;

	switch (t->kind) {
	case TARGET_NSINODE:
		if (s->type == NS_UNKNOWN)
			errx(cli_exit_failure, "no namespace %llu", (unsigned long long)s->ino);
		errx(cli_exit_failure, "no namespace %s:[%llu]", nstype_name(s->type),
		     (unsigned long long)s->ino);
	case TARGET_NSFILE:
		cli_die_errno(-ENOENT, "cannot open '%s'", s->word);
	case TARGET_NETNS:
		errx(cli_exit_failure, "no network namespace named '%s'", s->word);
	case TARGET_POD:
		errx(cli_exit_failure, "no pod matches '%s'", s->word);
	case TARGET_NSRUN:
		errx(cli_exit_failure, "no nsrun container named '%s'", s->word);
	default:
		if (s->prefixed)
			errx(cli_exit_failure, "no container matches '%s'", s->word);
		errx(cli_exit_failure, "no process, container, pod or netns matches '%s'", arg);
	}
}

void cli_die_candidates(const char *what, const struct target_candidate *c, size_t n)
{
	fprintf(stderr, "%s: target '%s' is ambiguous; it matches:\n", cli_name, what);
	for (size_t i = 0; i < n; i++) {
		char line[CT_NAME_MAX + 512];

		target_candidate_line(&c[i], line, sizeof(line));
		fprintf(stderr, "  %s\n", line);
	}
	exit(cli_exit_failure);
}

void cli_die_stopped(const struct container_info *ct)
{
	errx(cli_exit_failure, "container '%s' (%s) is not running", container_label(ct),
	     container_runtime_name(ct->runtime));
}

void cli_die_target(const struct target *t, const char *arg, int rc)
{
	const struct target_spec *s = &t->spec;
	const char *what = arg ? arg : "the host";

	/* what was printed comes first */
	cli_flush_stdout();
	/* a file of the proc root at fault: that file, not the target, is what is wrong */
	if (t->failed[0] && rc == -EBADMSG)
		errx(cli_exit_failure, "malformed namespace link '%s'", t->failed);
	if (t->failed[0])
		cli_die_errno(rc, "cannot read '%s'", t->failed);
	switch (rc) {
	case -EINVAL:
		errx(cli_exit_failure, "invalid target '%s'", what);
	case -ESRCH:
		if (t->kind == TARGET_NSRUN)
			errx(cli_exit_failure, "nsrun container '%s' is not running", s->word);
		if (t->kind == TARGET_CONTAINER && t->have_ct)
			cli_die_stopped(&t->ct);
		if (!arg)
			errx(cli_exit_failure, "cannot find the host's namespaces (no PID 1 or 2)");
		errx(cli_exit_failure, "no process with PID %d", (int)s->pid);
	case -ENOTUNIQ:
		cli_die_candidates(what, t->candidates, t->ncandidates);
	case -ENOENT:
		die_not_found(t, what);
	case -ENOTTY:
		errx(cli_exit_failure, "'%s' is not a %snamespace", s->word,
		     t->kind == TARGET_NETNS ? "network " : "");
	default:
		cli_die_errno(rc, "cannot resolve target '%s'", what);
	}
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nstop's settings file, $XDG_CONFIG_HOME/nskit/nstoprc (else
 * ~/.config/nskit/nstoprc), which the setup screen (F2) writes and the
 * dashboard reads at start; batch output never reads it. Lines of
 * key=value, # comments, a version first:
 *
 *   version=1
 *   view=namespaces
 *   namespace_columns=TYPE,NS,CONTAINER,NPROCS,CPU%,MEM,COMMAND
 *   delay=2
 *
 * A file that is not what this version writes (an unknown key or value, a
 * key twice, another version, bytes that are not text) is refused whole:
 * the caller says so once and goes on with the defaults. Parsing and
 * formatting are pure; loading and saving are the only I/O.
 */
#ifndef NSKIT_NSTOP_CONFIG_H
#define NSKIT_NSTOP_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"

#define NSTOP_CONFIG_VERSION	1
#define NSTOP_CONFIG_MAX	(64 * 1024)	/* a file larger is not ours */

struct nstop_config {
	enum nstop_view_kind view;	/* what the dashboard starts in: NS or CT */
	bool tree;			/* ... the namespace view as a tree */
	ns_mask_t types;		/* namespace types shown */
	bool hide_host[NSTOP_NVIEWS];	/* s, per view (NS, CT) */
	int cols[NSTOP_NVIEWS][NSTOP_NCOLS + 1];	/* each view's columns, -1 after the last */
	struct nstop_sort sort[NSTOP_NVIEWS];
	double delay;			/* seconds between refreshes */
	bool color;
	bool mouse;
};

/* What went wrong in a file: where, and what. */
struct nstop_config_error {
	int line;			/* 0: the file as a whole */
	char msg[160];
};

/* The dashboard's own defaults (those of a missing file). */
void nstop_config_defaults(struct nstop_config *c);
bool nstop_config_equal(const struct nstop_config *a, const struct nstop_config *b);

/*
 * Parse len bytes of a file into c: 0, or -EINVAL with e said and c left
 * at the defaults.
 */
int nstop_config_parse(struct nstop_config *c, const char *text, size_t len,
		       struct nstop_config_error *e);
/* Write c as a file into buf, as snprintf does: the length it needs. */
size_t nstop_config_format(const struct nstop_config *c, char *buf, size_t size);

/*
 * Where the file is: $XDG_CONFIG_HOME/nskit/nstoprc when XDG_CONFIG_HOME
 * is an absolute path (the XDG Base Directory rule), else
 * $HOME/.config/nskit/nstoprc. -ENOENT when there is no HOME either,
 * -ENAMETOOLONG.
 */
int nstop_config_path(char *buf, size_t size);
/*
 * Read the file at path into c: 0, 1 when there is none (c: the
 * defaults), -EINVAL (refused: e says why) or -errno of reading it (e
 * too); c is the defaults whenever it is not 0.
 */
int nstop_config_load(const char *path, struct nstop_config *c, struct nstop_config_error *e);
/* Write c to path, its directories made (0700), through a file renamed over it. */
int nstop_config_save(const char *path, const struct nstop_config *c);

/* Seconds as "2", "0.5", ".25", decimal whatever the locale, at least 0.01 (-d). */
int nstop_parse_seconds(const char *s, double *out);

#endif

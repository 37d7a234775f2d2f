// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Batch mode: frames as text (-b, like top -b: the header lines, then the
 * rows as a libsmartcols table) or as JSON Lines (-J: one compact document
 * per frame and per line, as docker stats --format json streams, for jq,
 * `while read` and log collectors).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "jsonw.h"
#include "nstop.h"
#include "output.h"

static struct libscols_table *rows_table(struct nstop *t)
{
	struct nstop_model *m = &t->model;
	enum nstop_view_kind v = nstop_model_view(m);
	/* text for people: commands cut to the terminal's width when there is one */
	struct out_opts o = { .format = OUT_TABLE };
	struct libscols_line **lines = NULL;
	struct libscols_table *tb;
	const int *cols = m->cols[v];
	int ncols = 0;

	tb = out_table_new(&o);
	if (!tb)
		return NULL;
	for (; cols[ncols] >= 0; ncols++) {
		const struct nstop_coldef *d = &nstop_cols[cols[ncols]];
		struct out_column c = {
			.name = d->name,
			.flags = (d->right ? SCOLS_FL_RIGHT : 0) |
				 (cols[ncols] == NSTOP_COL_COMMAND ? SCOLS_FL_TRUNC : 0),
			.help = d->help,
		};
		int extra = 0;

		/* the tree hangs off the inode, as in lsns -T */
		if (m->tree && v == NSTOP_VIEW_NS && cols[ncols] == NSTOP_COL_NS) {
			extra = SCOLS_FL_TREE;
			c.flags &= ~SCOLS_FL_RIGHT;
		}
		if (!out_table_add(tb, &o, &c, extra))
			goto out_unref;
	}
	lines = calloc(m->nrows + 1, sizeof(*lines));
	if (!lines)
		goto out_unref;
	for (size_t i = 0; i < m->nrows; i++) {
		const struct nstop_row *r = &m->rows[i];
		struct libscols_line *parent = NULL;

		if (m->tree && v == NSTOP_VIEW_NS && r->parent >= 0 && (size_t)r->parent < i)
			parent = lines[r->parent];
		lines[i] = scols_table_new_line(tb, parent);
		if (!lines[i])
			goto out_unref;
		for (int c = 0; c < ncols; c++) {
			char buf[96];
			const char *s = nstop_cell(m, r, cols[c], false, buf, sizeof(buf));

			if (out_cell(&o, lines[i], (size_t)c, s) < 0)
				goto out_unref;
		}
	}
	free(lines);
	return tb;
out_unref:
	free(lines);
	scols_unref_table(tb);
	return NULL;
}

/* The JSON name of a column: its header in lower case, as libsmartcols names them. */
static void json_key(const char *name, char *buf, size_t size)
{
	size_t i;

	for (i = 0; name[i] && i + 1 < size; i++)
		buf[i] = (char)(name[i] >= 'A' && name[i] <= 'Z' ? name[i] + 32 : name[i]);
	buf[i] = '\0';
}

/* Row i, and below it, as "children", the rows of the tree that hang off it. */
static void json_row(struct jsonw *w, const struct nstop_model *m, size_t i, bool tree)
{
	enum nstop_view_kind v = nstop_model_view(m);
	const struct nstop_row *r = &m->rows[i];
	bool children = false;

	jsonw_object(w, NULL);
	for (const int *c = m->cols[v]; *c >= 0; c++) {
		char key[32], buf[96];
		const char *s = nstop_cell(m, r, *c, true, buf, sizeof(buf));

		json_key(nstop_cols[*c].name, key, sizeof(key));
		if (nstop_cols[*c].numeric)
			jsonw_number(w, key, s);
		else
			jsonw_string(w, key, s);
	}
	/* depth-first order: a row's descendants follow it, deeper than it */
	for (size_t j = i + 1; tree && j < m->nrows && m->rows[j].depth > r->depth; j++) {
		if (m->rows[j].parent != (int)i)
			continue;
		if (!children)
			jsonw_array(w, "children");
		children = true;
		json_row(w, m, j, tree);
	}
	if (children)
		jsonw_end(w);
	jsonw_end(w);
}

/*
 * A frame as one line of JSON (JSON Lines): the header's figures, then the
 * rows under the view's name, nested as the tree when there is one.
 */
static int json_frame(struct nstop *t, unsigned long frame)
{
	const struct nstop_model *m = &t->model;
	const struct nstop_totals *tot = &m->totals;
	const struct nstop_sample *cur = nstop_sampler_cur(&t->sampler);
	const struct nstop_sample *prev = nstop_sampler_prev(&t->sampler);
	enum nstop_view_kind v = nstop_model_view(m);
	bool tree = m->tree && v == NSTOP_VIEW_NS;
	struct jsonw w;
	int rc;

	jsonw_init_compact(&w, stdout);
	jsonw_object(&w, NULL);
	jsonw_uint(&w, "frame", frame);
	jsonw_time(&w, "time", (int64_t)time(NULL));
	if (prev)
		jsonw_double(&w, "interval", cur->time - prev->time, 3);
	else
		jsonw_null(&w, "interval");
	jsonw_string(&w, "host", t->hdr.host);
	if (t->hdr.uptime >= 0)
		jsonw_double(&w, "uptime", t->hdr.uptime, 0);
	else
		jsonw_null(&w, "uptime");
	if (t->hdr.have_load) {
		jsonw_array(&w, "load");
		for (int i = 0; i < 3; i++)
			jsonw_double(&w, NULL, t->hdr.load[i], 2);
		jsonw_end(&w);
	} else {
		jsonw_null(&w, "load");
	}
	jsonw_int(&w, "cpus", t->hdr.ncpu);
	if (t->hdr.mem_total) {
		jsonw_uint(&w, "memory_total", t->hdr.mem_total);
		jsonw_uint(&w, "memory_used", t->hdr.mem_used);
	} else {
		jsonw_null(&w, "memory_total");
		jsonw_null(&w, "memory_used");
	}
	jsonw_uint(&w, "processes", tot->nprocs);
	jsonw_uint(&w, "threads", tot->nthreads);
	if (m->have_cpu)
		jsonw_double(&w, "cpu", tot->cpu, 1);
	else
		jsonw_null(&w, "cpu");
	jsonw_uint(&w, "rss", tot->rss);
	jsonw_object(&w, "namespace_counts");
	for (int i = 0; i < NS_NTYPES; i++)
		jsonw_uint(&w, nstype_name(i), tot->nns[i]);
	jsonw_end(&w);
	jsonw_uint(&w, "containers_count", tot->ncontainers);
	jsonw_uint(&w, "unreadable_processes", tot->ndenied + tot->nmalformed);
	jsonw_uint(&w, "unreadable_net", tot->nnet_denied);
	jsonw_array(&w, v == NSTOP_VIEW_CT ? "containers" :
			v == NSTOP_VIEW_PROC ? "members" : "namespaces");
	for (size_t i = 0; i < m->nrows; i++)
		if (!tree || m->rows[i].parent < 0)
			json_row(&w, m, i, tree);
	jsonw_end(&w);
	jsonw_end(&w);
	rc = jsonw_finish(&w);
	/* a failed write is said by cli_check_stdout(); its reason is known
	 * now, from the write that failed, and lost by the next flush */
	if (rc == -EIO) {
		cli_stdout_failed(errno);
		return 0;
	}
	return rc;
}

static int text_frame(struct nstop *t, unsigned long frame, struct libscols_table *tb)
{
	char buf[512];
	FILE *f = stdout;

	if (frame > 1)
		fputc('\n', f);
	for (int i = 0; i < 3; i++) {
		nstop_view_header(&t->model, &t->hdr, i, buf, sizeof(buf));
		fprintf(f, "%s\n", buf);
	}
	if (nstop_view_notice(&t->model, &t->hdr, buf, sizeof(buf)))
		fprintf(f, "%s\n", buf);
	nstop_view_title(&t->model, buf, sizeof(buf));
	fprintf(f, "%s\n\n", buf);
	return t->model.nrows ? scols_print_table(tb) : 0;
}

int nstop_batch_frame(struct nstop *t, unsigned long frame)
{
	struct libscols_table *tb;
	int rc;

	if (t->json) {
		rc = json_frame(t, frame);
	} else {
		tb = rows_table(t);
		if (!tb)
			errx(EXIT_FAILURE, "failed to allocate output table");
		rc = text_frame(t, frame, tb);
		scols_unref_table(tb);
	}
	/* the frame out before the next is sampled; a failed write ends here */
	cli_check_stdout();
	return rc;
}

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Batch mode: frames as text (-b, like top -b: the header lines, then the
 * table) or as JSON documents (-J, one per frame, for jq and scripts). The
 * rows are a libsmartcols table either way; a JSON frame is that table's
 * document with the header's figures added in front of its array.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "nstop.h"
#include "output.h"

static struct libscols_table *rows_table(struct nstop *t)
{
	struct nstop_model *m = &t->model;
	enum nstop_view_kind v = nstop_model_view(m);
	struct out_opts o = {
		.format = t->json ? OUT_JSON : OUT_TABLE,
		/* JSON is for programs: nothing cut; text for people: commands
		 * cut to the terminal's width when there is one */
		.notruncate = t->json,
		.json_name = v == NSTOP_VIEW_CT ? "containers" :
			     v == NSTOP_VIEW_PROC ? "processes" : "namespaces",
	};
	struct libscols_line **lines = NULL;
	struct libscols_table *tb;
	const int *cols = nstop_view_cols[v];
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
			.json_type = d->numeric ? SCOLS_JSON_NUMBER : SCOLS_JSON_STRING,
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
			const char *s = nstop_cell(m, r, cols[c], t->json, buf, sizeof(buf));

			if (out_cell(lines[i], (size_t)c, s) < 0)
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

/* A JSON string: the quotes and escapes JSON needs, nothing else. */
static void json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p < 0x20)
			fprintf(f, "\\u%04x", *p);
		else
			fputc(*p, f);
	}
	fputc('"', f);
}

static int json_frame(struct nstop *t, unsigned long frame, struct libscols_table *tb)
{
	const struct nstop_model *m = &t->model;
	const struct nstop_totals *tot = &m->totals;
	const struct nstop_sample *cur = nstop_sampler_cur(&t->sampler);
	const struct nstop_sample *prev = nstop_sampler_prev(&t->sampler);
	char *doc = NULL, when[40];
	const char *body;
	time_t now = time(NULL);
	struct tm tm;
	FILE *f = stdout;

	if (scols_print_table_to_string(tb, &doc) != 0 || !doc)
		return -ENOMEM;
	/* libsmartcols writes "{\n   "namespaces": [...]\n}": add our fields first */
	body = strchr(doc, '{');
	if (!body) {
		free(doc);
		return -EINVAL;
	}
	body++;
	localtime_r(&now, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S%z", &tm);

	fprintf(f, "{\n   \"frame\": %lu,\n   \"time\": \"%s\",\n", frame, when);
	if (prev)
		fprintf(f, "   \"interval\": %.3f,\n", cur->time - prev->time);
	fputs("   \"host\": ", f);
	json_string(f, t->hdr.host);
	fputs(",\n", f);
	if (t->hdr.uptime >= 0)
		fprintf(f, "   \"uptime\": %.0f,\n", t->hdr.uptime);
	if (t->hdr.have_load)
		fprintf(f, "   \"load\": [%.2f, %.2f, %.2f],\n", t->hdr.load[0], t->hdr.load[1],
			t->hdr.load[2]);
	fprintf(f, "   \"cpus\": %ld,\n", t->hdr.ncpu);
	if (t->hdr.mem_total)
		fprintf(f, "   \"memory_total\": %llu,\n   \"memory_used\": %llu,\n",
			(unsigned long long)t->hdr.mem_total, (unsigned long long)t->hdr.mem_used);
	fprintf(f, "   \"processes\": %zu,\n   \"threads\": %zu,\n", tot->nprocs, tot->nthreads);
	if (m->have_cpu)
		fprintf(f, "   \"cpu\": %.1f,\n", tot->cpu);
	fprintf(f, "   \"rss\": %llu,\n", (unsigned long long)tot->rss);
	fputs("   \"namespace_counts\": {", f);
	for (int i = 0; i < NS_NTYPES; i++)
		fprintf(f, "%s\"%s\": %zu", i ? ", " : "", nstype_name(i), tot->nns[i]);
	fprintf(f, "},\n   \"containers_count\": %zu,\n", tot->ncontainers);
	fprintf(f, "   \"unreadable_processes\": %zu,\n   \"unreadable_net\": %zu,",
		tot->ndenied + tot->nmalformed, tot->nnet_denied);
	/* the rows at once, past stdio's buffer: why it failed is known only here */
	if (fputs(body, f) == EOF)
		cli_stdout_failed(errno);
	free(doc);
	return 0;
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
	struct libscols_table *tb = rows_table(t);
	int rc;

	if (!tb)
		errx(EXIT_FAILURE, "failed to allocate output table");
	rc = t->json ? json_frame(t, frame, tb) : text_frame(t, frame, tb);
	scols_unref_table(tb);
	/* the frame out before the next is sampled; a failed write ends here */
	cli_check_stdout();
	return rc;
}

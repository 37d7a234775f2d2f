// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nstop's settings file: the defaults, the round trip of every setting
 * through the file's text, each bad form refused whole (one message, the
 * line, the defaults), where the file is (XDG_CONFIG_HOME, HOME), and
 * saving and loading it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"

static struct nstop_config defaults;

static int parse_str(struct nstop_config *c, const char *text, struct nstop_config_error *e)
{
	return nstop_config_parse(c, text, strlen(text), e);
}

/* A file as nstop writes it, for c. */
static char *format(const struct nstop_config *c)
{
	size_t n = nstop_config_format(c, NULL, 0);
	char *buf = malloc(n + 1);

	assert_non_null(buf);
	assert_int_equal(nstop_config_format(c, buf, n + 1), n);
	assert_int_equal(strlen(buf), n);
	return buf;
}

static void test_defaults(void **state)
{
	struct nstop_config c;
	struct nstop_config_error e;
	char *text;

	(void)state;
	nstop_config_defaults(&defaults);
	assert_int_equal(defaults.view, NSTOP_VIEW_NS);
	assert_false(defaults.tree);
	assert_int_equal(defaults.types, NS_MASK_ALL);
	/* the dashboard hides the host's namespaces, not the processes in no container */
	assert_true(defaults.hide_host[NSTOP_VIEW_NS]);
	assert_false(defaults.hide_host[NSTOP_VIEW_CT]);
	for (int v = 0; v < NSTOP_NVIEWS; v++) {
		assert_int_equal(defaults.sort[v].col, NSTOP_COL_CPU);
		for (int i = 0; nstop_view_cols[v][i] >= 0; i++)
			assert_int_equal(defaults.cols[v][i], nstop_view_cols[v][i]);
	}
	assert_true(defaults.delay == 2);
	assert_true(defaults.color);
	assert_true(defaults.mouse);

	/* an empty file but its version: the defaults */
	assert_int_equal(parse_str(&c, "version=1\n", &e), 0);
	assert_true(nstop_config_equal(&c, &defaults));
	/* written and read back: the same */
	text = format(&defaults);
	assert_non_null(strstr(text, "\nversion=1\n"));
	assert_non_null(strstr(text, "\nview=namespaces\n"));
	assert_non_null(strstr(text, "\nnamespace_columns=TYPE,NS,CONTAINER,NPROCS,THREADS,CPU%,MEM,"
				     "RX/s,TX/s,PID,COMMAND\n"));
	assert_non_null(strstr(text, "\ndelay=2\n"));
	assert_int_equal(parse_str(&c, text, &e), 0);
	assert_true(nstop_config_equal(&c, &defaults));
	free(text);
}

/* Every setting away from its default, written, read back: the same. */
static void test_round_trip(void **state)
{
	static const double delays[] = { 0.01, 0.3, 0.5, 1.5, 7, 86400 };
	struct nstop_config c, back;
	struct nstop_config_error e;
	char *text;

	(void)state;
	nstop_config_defaults(&c);
	c.view = NSTOP_VIEW_CT;
	c.types = NS_MASK(NS_NET) | NS_MASK(NS_PID) | NS_MASK(NS_TIME);
	c.hide_host[NSTOP_VIEW_NS] = false;
	c.hide_host[NSTOP_VIEW_CT] = true;
	assert_int_equal(nstop_cols_parse(NSTOP_VIEW_NS, "COMMAND,NS,CPU%", c.cols[NSTOP_VIEW_NS],
					  NULL, NULL), 0);
	assert_int_equal(nstop_cols_parse(NSTOP_VIEW_CT, "+NSPID,USER", c.cols[NSTOP_VIEW_CT], NULL,
					  NULL), 0);
	assert_int_equal(nstop_cols_parse(NSTOP_VIEW_PROC, "PID", c.cols[NSTOP_VIEW_PROC], NULL,
					  NULL), 0);
	c.sort[NSTOP_VIEW_NS] = (struct nstop_sort){ NSTOP_COL_NS, true };
	c.sort[NSTOP_VIEW_CT] = (struct nstop_sort){ NSTOP_COL_USER, false };
	c.sort[NSTOP_VIEW_PROC] = (struct nstop_sort){ NSTOP_COL_PID, true };
	c.color = false;
	c.mouse = false;
	for (size_t i = 0; i < sizeof(delays) / sizeof(delays[0]); i++) {
		c.delay = delays[i];
		text = format(&c);
		assert_int_equal(parse_str(&back, text, &e), 0);
		assert_true(nstop_config_equal(&c, &back));
		assert_false(nstop_config_equal(&back, &defaults));
		free(text);
	}
	text = format(&c);
	assert_non_null(strstr(text, "\ntypes=net,pid,time\n"));
	free(text);
	/* the tree is a view of its own in the file */
	c.view = NSTOP_VIEW_NS;
	c.tree = true;
	text = format(&c);
	assert_non_null(strstr(text, "\nview=tree\n"));
	assert_int_equal(parse_str(&back, text, &e), 0);
	assert_true(back.tree);
	assert_true(nstop_config_equal(&c, &back));
	free(text);
}

/* What people write by hand and nstop takes: comments, spaces, CRLF, other booleans. */
static void test_lenient_forms(void **state)
{
	struct nstop_config c;
	struct nstop_config_error e;

	(void)state;
	assert_int_equal(parse_str(&c,
				   "# mine\r\n\r\n   version = 1  \r\n\t# the view\n"
				   "view=containers\ncolor = off\nmouse=FALSE\nhide_host=0\n"
				   "namespace_sort_reverse=True\ntypes = net,user\n"
				   "container_columns=cpu%,container\n",
				   &e),
			 0);
	assert_int_equal(c.view, NSTOP_VIEW_CT);
	assert_false(c.color);
	assert_false(c.mouse);
	assert_false(c.hide_host[NSTOP_VIEW_NS]);
	assert_true(c.sort[NSTOP_VIEW_NS].reverse);
	assert_int_equal(c.types, NS_MASK(NS_NET) | NS_MASK(NS_USER));
	assert_int_equal(c.cols[NSTOP_VIEW_CT][0], NSTOP_COL_CPU);
	assert_int_equal(c.cols[NSTOP_VIEW_CT][1], NSTOP_COL_CONTAINER);
	assert_int_equal(c.cols[NSTOP_VIEW_CT][2], -1);
	/* no last newline */
	assert_int_equal(parse_str(&c, "version=1\ndelay=.5", &e), 0);
	assert_true(c.delay == 0.5);
	/* to the millisecond, which the file writes back as read */
	assert_int_equal(parse_str(&c, "version=1\ndelay= .33333333301\n ", &e), 0);
	assert_true(c.delay == 0.333);
	{
		struct nstop_config back;
		char *text = format(&c);

		assert_non_null(strstr(text, "\ndelay=0.333\n"));
		assert_int_equal(parse_str(&back, text, &e), 0);
		assert_true(nstop_config_equal(&c, &back));
		free(text);
	}
	/* columns without CPU% and no sort said: the first column */
	assert_int_equal(parse_str(&c, "version=1\nprocess_columns=USER,PID\n", &e), 0);
	assert_int_equal(c.sort[NSTOP_VIEW_PROC].col, NSTOP_COL_USER);
	/* a sort said is kept, shown or not, as -s takes any column */
	assert_int_equal(parse_str(&c, "version=1\nnamespace_columns=TYPE,NS\nnamespace_sort=MEM\n",
				   &e), 0);
	assert_int_equal(c.sort[NSTOP_VIEW_NS].col, NSTOP_COL_MEM);
}

/* Each bad form: refused whole, said once with its line, the defaults in place. */
static void test_bad_files(void **state)
{
	static const struct {
		const char *text;
		int line;
		const char *msg;
	} bad[] = {
		{ "", 0, "no version line" },
		{ "# nothing\n\n", 0, "no version line" },
		{ "view=tree\nversion=1\n", 1, "'view' before the version" },
		{ "version=2\n", 1, "version 2, which this nstop does not know (it reads 1)" },
		{ "version=0\n", 1, "bad version '0'" },
		{ "version=one\n", 1, "bad version 'one'" },
		{ "version\n", 1, "not key=value" },
		{ "version=1\ncolour=yes\n", 2, "unknown key 'colour'" },
		{ "version=1\ndelay=1\ndelay=2\n", 3, "'delay' given twice" },
		{ "version=1\nview=list\n", 2, "unknown view 'list' (namespaces, tree or containers)" },
		{ "version=1\ntypes=net,bogus\n", 2, "unknown namespace type 'bogus'" },
		{ "version=1\ntypes=\n", 2, "unknown namespace type ''" },
		{ "version=1\n\nnamespace_columns=TYPE,FOO,NS\n", 3, "unknown column 'FOO'" },
		{ "version=1\nnamespace_columns=\n", 2, "unknown column ''" },
		{ "version=1\nnamespace_columns=+PID\n", 2, "unknown column '+PID'" },
		{ "version=1\ncontainer_sort=BOGUS\n", 2, "unknown column 'BOGUS'" },
		{ "version=1\ncolor=maybe\n", 2, "'maybe' is not yes or no" },
		{ "version=1\ndelay=0\n", 2, "bad delay '0' (seconds, at least 0.01)" },
		{ "version=1\ndelay=1,5\n", 2, "bad delay '1,5' (seconds, at least 0.01)" },
		{ "version=1\ndelay=-1\n", 2, "bad delay '-1' (seconds, at least 0.01)" },
		{ "\x7f" "ELF\x02\x01\x01", 1, "not key=value" },
	};
	struct nstop_config c;
	struct nstop_config_error e;
	char *big;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		c.delay = 99;
		assert_int_equal(parse_str(&c, bad[i].text, &e), -EINVAL);
		if (e.line != bad[i].line || strcmp(e.msg, bad[i].msg) != 0)
			fail_msg("'%s': line %d '%s', not line %d '%s'", bad[i].text, e.line, e.msg,
				 bad[i].line, bad[i].msg);
		assert_true(nstop_config_equal(&c, &defaults));
	}
	/* bytes that are not text */
	assert_int_equal(nstop_config_parse(&c, "version=1\n\0view=tree\n", 21, &e), -EINVAL);
	assert_string_equal(e.msg, "a NUL byte: not a text file");
	assert_true(nstop_config_equal(&c, &defaults));
	/* larger than a file of ours can be */
	big = malloc(NSTOP_CONFIG_MAX + 2);
	assert_non_null(big);
	memset(big, '#', NSTOP_CONFIG_MAX + 1);
	memcpy(big, "version=1\n", 10);
	assert_int_equal(nstop_config_parse(&c, big, NSTOP_CONFIG_MAX + 1, &e), -EINVAL);
	assert_string_equal(e.msg, "larger than 64 KiB: not a settings file");
	/* as large as it may be: read */
	assert_int_equal(nstop_config_parse(&c, big, NSTOP_CONFIG_MAX, &e), 0);
	free(big);
}

static void test_path(void **state)
{
	char buf[4096];

	(void)state;
	setenv("XDG_CONFIG_HOME", "/x/conf", 1);
	setenv("HOME", "/home/u", 1);
	assert_int_equal(nstop_config_path(buf, sizeof(buf)), 0);
	assert_string_equal(buf, "/x/conf/nskit/nstoprc");
	/* relative, or empty: as if unset (the XDG Base Directory rule) */
	setenv("XDG_CONFIG_HOME", "conf", 1);
	assert_int_equal(nstop_config_path(buf, sizeof(buf)), 0);
	assert_string_equal(buf, "/home/u/.config/nskit/nstoprc");
	setenv("XDG_CONFIG_HOME", "", 1);
	assert_int_equal(nstop_config_path(buf, sizeof(buf)), 0);
	assert_string_equal(buf, "/home/u/.config/nskit/nstoprc");
	unsetenv("XDG_CONFIG_HOME");
	assert_int_equal(nstop_config_path(buf, sizeof(buf)), 0);
	assert_string_equal(buf, "/home/u/.config/nskit/nstoprc");
	unsetenv("HOME");
	assert_int_equal(nstop_config_path(buf, sizeof(buf)), -ENOENT);
	setenv("HOME", "/home/u", 1);
	assert_int_equal(nstop_config_path(buf, 10), -ENAMETOOLONG);
}

static void test_save_load(void **state)
{
	char dir[] = "/tmp/nstop-config-XXXXXX", path[256], sub[300], cmd[300];
	struct nstop_config c, back;
	struct nstop_config_error e;
	struct stat st;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/a/nskit/nstoprc", dir);
	/* none yet: the defaults */
	assert_int_equal(nstop_config_load(path, &back, &e), 1);
	assert_true(nstop_config_equal(&back, &defaults));
	/* saved: its directories made, only its owner's */
	nstop_config_defaults(&c);
	c.view = NSTOP_VIEW_CT;
	c.delay = 0.5;
	assert_int_equal(nstop_config_save(path, &c), 0);
	snprintf(sub, sizeof(sub), "%s/a/nskit", dir);
	assert_int_equal(stat(sub, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(nstop_config_load(path, &back, &e), 0);
	assert_true(nstop_config_equal(&c, &back));
	/* saved again over it: replaced, nothing left beside it */
	c.mouse = false;
	assert_int_equal(nstop_config_save(path, &c), 0);
	assert_int_equal(nstop_config_load(path, &back, &e), 0);
	assert_false(back.mouse);
	snprintf(sub, sizeof(sub), "%s.new", path);
	assert_int_equal(access(sub, F_OK), -1);
	/* a bad file: refused, the line said, the defaults */
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("version=1\nview=sideways\n", f);
	fclose(f);
	assert_int_equal(nstop_config_load(path, &back, &e), -EINVAL);
	assert_int_equal(e.line, 2);
	assert_true(nstop_config_equal(&back, &defaults));
	/* a directory in its place: the error of reading it, the defaults */
	unlink(path);
	assert_int_equal(mkdir(path, 0700), 0);
	assert_true(nstop_config_load(path, &back, &e) < 0);
	assert_string_equal(e.msg, strerror(EISDIR));
	assert_true(nstop_config_equal(&back, &defaults));
	/* and nowhere to save */
	assert_int_equal(nstop_config_save(path, &c), -EISDIR);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_lenient_forms),
		cmocka_unit_test(test_bad_files),
		cmocka_unit_test(test_path),
		cmocka_unit_test(test_save_load),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

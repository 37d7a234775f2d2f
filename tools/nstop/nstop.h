/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nstop, the tool: what its files share. The model, the sampler and the
 * view are in common/ (nstop_model, nstop_sample, nstop_view); here are the
 * options, the main loops (main.c), batch output (batch.c), the key table
 * (keys.c), what keys set off (actions.c: shell, nsdiff, signals), the
 * header's system figures (sysinfo.c) and the terminal (tty.c, the only
 * file that includes curses).
 */
#ifndef NSKIT_NSTOP_H
#define NSKIT_NSTOP_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "filter.h"
#include "hashmap.h"
#include "idcache.h"
#include "model.h"
#include "sampler.h"

#include "view.h"
#include "procfs.h"

/* Keys beyond characters, as tty.c reports them. */
enum {
	NSTOP_KEY_NONE		= -1,
	NSTOP_KEY_ESC		= 27,
	NSTOP_KEY_ENTER		= '\n',
	NSTOP_KEY_UP		= 0x110000,
	NSTOP_KEY_DOWN,
	NSTOP_KEY_LEFT,
	NSTOP_KEY_RIGHT,
	NSTOP_KEY_PGUP,
	NSTOP_KEY_PGDN,
	NSTOP_KEY_HOME,
	NSTOP_KEY_END,
	NSTOP_KEY_BACKSPACE,
	NSTOP_KEY_F1,
	NSTOP_KEY_RESIZE,
};

/* What a key asks for: the main loop does it (htop's Htop_Reaction). */
enum nstop_next {
	NSTOP_NEXT_NONE,
	NSTOP_NEXT_DRAW,		/* the screen changed, the rows did not */
	NSTOP_NEXT_BUILD,		/* rebuild the rows from the current sample */
	NSTOP_NEXT_SAMPLE,		/* take a sample now */
	NSTOP_NEXT_SHELL,		/* run a shell in the selected row's namespaces */
	NSTOP_NEXT_DIFF,		/* run nsdiff on the selected row */
	NSTOP_NEXT_SIGNAL,		/* send the confirmed signal */
	NSTOP_NEXT_QUIT,
};

/* The signal being prepared by k: who, and that it is still them. */
struct nstop_kill {
	int step;			/* 0 none, 1 asking the signal, 2 asking to confirm */
	pid_t pid;
	unsigned long long start;	/* the process's start time when k was pressed */
	int pidfd;			/* pins the process from the first question on */
	int sig;
	char comm[NSTOP_COMM_MAX];
};

/* nsdiff running for the pane. */
struct nstop_diff {
	pid_t pid;			/* 0 when none runs */
	int fd;				/* its output, -1 */
	char *buf;			/* what it wrote so far; owned */
	size_t len, cap;
};

struct nstop {
	/* options */
	double delay;			/* -d */
	long frames;			/* -n, 0: until stopped */
	bool batch;			/* -b */
	bool json;			/* -J */
	bool ascii;			/* --ascii */
	int color_mode;			/* OUT_COLOR_* */
	const char *proc_root;
	const char *host_root;
	struct filter *filter;		/* -Q; owned */

	/* state */
	struct procfs pfs;
	struct nstop_sampler sampler;
	struct nstop_model model;
	struct nstop_header hdr;
	struct nstop_ui ui;
	struct nstop_frame frame;
	bool utf8;
	bool color;
	bool interactive;
	int rows, cols;			/* the screen */
	struct idcache ids;		/* user names */
	void *meminfo;			/* libproc2's meminfo handle */
	char **pane;			/* lines of the pane; owned */
	size_t npane, pane_cap;
	char *hints;			/* the bottom line's hints; owned */
	struct nstop_kill kill;
	struct nstop_diff diff;
	char nsdiff_path[4096];		/* the sibling nsdiff binary, "" if not found */
};

extern volatile sig_atomic_t nstop_stop;

/* main.c */
void nstop_sample_now(struct nstop *t);
void nstop_rebuild(struct nstop *t);

/* batch.c */
int nstop_batch_frame(struct nstop *t, unsigned long frame);

/* sysinfo.c: the header's clock, host, uptime, load and memory (libproc2) */
void nstop_sysinfo(struct nstop *t);
void nstop_sysinfo_release(struct nstop *t);

/* keys.c */
enum nstop_next nstop_key(struct nstop *t, int key);
/* The help text, one line per entry (for the pane and the man page). */
int nstop_help_lines(struct nstop *t);
const char *nstop_default_hints(const struct nstop_model *m);

/* actions.c */
void nstop_pane_clear(struct nstop *t);
int nstop_pane_add(struct nstop *t, const char *line, size_t len);
void nstop_shell(struct nstop *t);
void nstop_diff_start(struct nstop *t);
/* Read what nsdiff wrote; true when the pane changed. */
bool nstop_diff_read(struct nstop *t);
void nstop_diff_stop(struct nstop *t);
void nstop_kill_begin(struct nstop *t);
void nstop_kill_cancel(struct nstop *t, const char *why);
void nstop_kill_send(struct nstop *t);
int nstop_parse_signal(const char *s);
const char *nstop_user_name(void *data, uid_t uid);
void nstop_find_nsdiff(struct nstop *t);

/* tty.c: the terminal */
int tty_init(bool color, bool utf8);
void tty_release(void);
void tty_size(int *rows, int *cols);
void tty_draw(const struct nstop_frame *f);
/* Wait for a key, for fd to be readable, or for timeout_ms (-1: forever).
 * Returns 1 when input is there, 2 when fd is readable, 0 otherwise. */
int tty_wait(int timeout_ms, int fd);
/* The next key without waiting, or NSTOP_KEY_NONE. */
int tty_key(void);
void tty_suspend(void);
void tty_resume(void);

#endif

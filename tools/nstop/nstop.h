/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nstop, the tool: what its files share. The model (model.c), the sampler
 * (sampler.c) and the view (view.c) are unit-tested without a terminal;
 * here are the options, the main loops (main.c), batch output (batch.c),
 * the key tables, mouse events and function keys included (keys.c), what
 * keys set off (actions.c: shell, nsdiff, signals), the setup screen
 * (setup.c) and the settings file it saves (config.c), the header's system
 * figures and meters (sysinfo.c), the decoding of mouse reports (mouse.c)
 * and the terminal (tty.c, the only file that includes curses).
 */
#ifndef NSKIT_NSTOP_H
#define NSKIT_NSTOP_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "filter.h"
#include "output.h"
#include "hashmap.h"
#include "idcache.h"
#include "model.h"
#include "sampler.h"

#include "config.h"
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
	NSTOP_KEY_RESIZE,
	/* the mouse: where, in struct nstop's mouse */
	NSTOP_KEY_CLICK,		/* the first button pressed */
	NSTOP_KEY_DCLICK,		/* ... twice on one cell, quickly */
	NSTOP_KEY_WHEEL_UP,
	NSTOP_KEY_WHEEL_DOWN,
	NSTOP_KEY_F0,			/* F1 is NSTOP_KEY_F(1) ... F12 */
};
#define NSTOP_KEY_F(n)	(NSTOP_KEY_F0 + (n))

/* Where a mouse event happened: column and line of the screen, from 0. */
struct nstop_mouse {
	int x, y;
};

/* The last click, to tell a double one. */
struct nstop_clicks {
	bool have;
	double time;
	struct nstop_mouse pos;
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

/* A line of the setup screen: what it changes. */
struct nstop_setup_item {
	int kind;			/* setup.c's S_* */
	int view;
	int col;
};

#define NSTOP_SETUP_MAX	(16 + NSTOP_NVIEWS * (NSTOP_NCOLS + 2))

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
	bool mouse;			/* mouse reports asked for (--no-mouse: not) */
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
	struct nstop_mouse mouse_at;	/* where the last mouse key happened */
	struct idcache ids;		/* user names */
	void *meminfo;			/* libproc2's meminfo handle */
	void *stat;			/* libproc2's stat handle (the meters) */
	struct nstop_cpu_use *cpus;	/* each CPU's use, for hdr.cpus; owned */
	size_t cpu_cap;
	char **pane;			/* lines of the pane; owned */
	size_t npane, pane_cap;
	struct nstop_footer_item footer[NSTOP_FOOTER_MAX];	/* the bottom line's keys */
	int menu_kind;			/* what the menu chooses: keys.c's MENU_* */
	struct nstop_setup_item setup[NSTOP_SETUP_MAX];	/* the setup screen's lines */
	size_t nsetup;
	char config_path[4096];		/* the settings file; "" when nowhere */
	int menu_codes[64];		/* per item: a column, a signal */
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
/* The keys of the bottom line for the current mode and view (t->footer, t->ui). */
void nstop_footer(struct nstop *t);

/* setup.c: the setup screen (F2) and the settings it saves */
void nstop_setup_get(const struct nstop *t, struct nstop_config *c);
void nstop_setup_apply(struct nstop *t, const struct nstop_config *c);
int nstop_setup_lines(struct nstop *t);
enum nstop_next nstop_setup_open(struct nstop *t);
/* Change the selected setting one step on (dir 1) or back (-1). */
enum nstop_next nstop_setup_change(struct nstop *t, int dir);
/* Move the selected column up (-1) or down (1) among those shown. */
enum nstop_next nstop_setup_move(struct nstop *t, int dir);
/* Close it, saving the settings. */
enum nstop_next nstop_setup_close(struct nstop *t);

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

/* mouse.c: the terminal's mouse reports */
/*
 * Decode a report from the bytes after ESC [ (SGR: "<0;12;5M", or the old
 * "M" and three bytes): *key is NSTOP_KEY_CLICK, _WHEEL_UP, _WHEEL_DOWN or
 * NSTOP_KEY_NONE (a release, another button), *pos where. Returns the
 * bytes it took, 0 when they are the start of one, -1 when not a report.
 */
int nstop_mouse_decode(const unsigned char *s, size_t len, int *key, struct nstop_mouse *pos);
/* A click at pos at time now (seconds): NSTOP_KEY_DCLICK when it is the second. */
int nstop_mouse_click(struct nstop_clicks *c, int key, const struct nstop_mouse *pos, double now);

/* tty.c: the terminal */
/*
 * Start curses; *color is left true only when the terminal shows colors.
 * With mouse, the terminal is asked for reports of the mouse's buttons.
 */
int tty_init(bool *color, bool utf8, bool mouse);
void tty_release(void);
void tty_size(int *rows, int *cols);
void tty_draw(const struct nstop_frame *f);
/* Wait for a key, for fd to be readable, or for timeout_ms (-1: forever).
 * Returns 1 when input is there, 2 when fd is readable, 0 otherwise. */
int tty_wait(int timeout_ms, int fd);
/* The next key without waiting, or NSTOP_KEY_NONE; a mouse key's place in *at. */
int tty_key(struct nstop_mouse *at);
void tty_suspend(void);
void tty_resume(void);
/* Colors on or off from now on; true when they are on (false: not a terminal of colors). */
bool tty_set_colors(bool on);
/* Mouse reports on or off from now on. */
void tty_set_mouse(bool on);

#endif

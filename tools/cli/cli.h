/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What every tool's main() shares: the program name, option helpers in the
 * util-linux manner, strict number parsing, and messages. Unlike common/,
 * this code prints and exits: it belongs to the tools.
 */
#ifndef NSKIT_CLI_H
#define NSKIT_CLI_H

#include <err.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

extern const char *cli_name;

/*
 * The exit status of a usage error and of a failure reported here: 1, as
 * util-linux; a tool whose 1 means something else sets its own (nsdiff:
 * 2, diff(1)'s "trouble"; nsrun run and exec: 125, as docker run) before
 * parsing options.
 */
extern int cli_exit_failure;

void cli_init(int argc, char **argv);

/* "Try 'nsls --help' for more information." and exit cli_exit_failure. */
void cli_try_help(void) __attribute__((noreturn));

/* "nsls from nskit 0.1.0" and exit 0. */
void cli_version(void) __attribute__((noreturn));

/* A PID: a positive decimal number that fits pid_t. -EINVAL otherwise. */
int cli_parse_pid(const char *s, pid_t *pid);

/* A non-negative decimal number that fits 64 bits. */
int cli_parse_u64(const char *s, uint64_t *v);

/*
 * Mutually exclusive options, as data (util-linux's convention): each row
 * lists option values (0-terminated, ascending) of which at most one may be
 * used. Call cli_exclusive(c, ...) for every option getopt returns.
 */
#define CLI_EXCL_MAX 8
struct cli_excl {
	int opts[CLI_EXCL_MAX];
};
struct option;
void cli_exclusive(int c, const struct option *longopts, const struct cli_excl *excl,
		   int *status);

/*
 * Output that could not be written is a failure, as util-linux's
 * close_stdout() has it (include/closestream.h). cli_init() registers
 * cli_close_stdout() with atexit(): at every exit stdout is flushed and,
 * if any write to it failed, "nsls: write error: No space left on
 * device" is said once and the tool exits cli_exit_failure. A failed
 * write to stderr exits so too, silently: there is nowhere to say it.
 * A reader that went away (EPIPE) is not an error, as in util-linux.
 */
void cli_close_stdout(void);

/*
 * The same check for stdout now, for output that must be whole before the
 * tool goes on (nstop -b between frames, a listing before its exit
 * status is decided): returns when everything so far was written, else
 * reports and exits as cli_close_stdout() does (on EPIPE, quietly).
 */
void cli_check_stdout(void);

/*
 * Flush stdout before a message on stderr that must come after what was
 * printed. A failure is kept for the report at exit: 0 or -errno.
 */
int cli_flush_stdout(void);

/*
 * A write to stdout failed with err (errno): kept for the report. For a
 * write larger than stdio's buffer, which stdio makes at once and then
 * forgets, so that the flush at exit cannot tell why.
 */
void cli_stdout_failed(int err);

/*
 * The directory of the running executable (/proc/self/exe), from which
 * the programs installed with it are found wherever the tree was
 * installed or copied: its siblings (nstop's nsdiff) and its helpers in
 * ../libexec/nskit/ (nsrun's init). 0, or -errno.
 */
int cli_exe_dir(char *buf, size_t size);

/* strerror(-rc) with the failing thing first: "cannot open '/x': No such file". */
void cli_die_errno(int rc, const char *fmt, ...) __attribute__((noreturn, format(printf, 2, 3)));

#endif

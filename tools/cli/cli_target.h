/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Why a target (common/target.h) did not resolve, said the same way by
 * every tool that takes one: nsjoin -t, nsdiff's A and B.
 */
#ifndef NSKIT_CLI_TARGET_H
#define NSKIT_CLI_TARGET_H

#include "target.h"

/*
 * Say on stderr why target_resolve(arg, ..., t) returned rc, listing the
 * candidates of an ambiguous name, and exit cli_exit_failure. With arg NULL
 * rc is target_resolve_host()'s.
 */
void cli_die_target(const struct target *t, const char *arg, int rc) __attribute__((noreturn));

/* "target 'WHAT' is ambiguous; it matches:" and one line per candidate; exit. */
void cli_die_candidates(const char *what, const struct target_candidate *c, size_t n)
	__attribute__((noreturn));

/* "container 'web' (docker) is not running"; exit. */
void cli_die_stopped(const struct container_info *ct) __attribute__((noreturn));

#endif

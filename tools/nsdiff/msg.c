// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nsdiff's messages: "nsdiff: ..." on stderr, and trouble, which exits with
 * diff(1)'s status 2. Every file of nsdiff reports through these, so that
 * none of them needs main.c.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "tool.h"

static void vmessage(const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: ", cli_name);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void trouble(const char *fmt, ...)
{
	va_list ap;

	/* what was printed so far comes first */
	cli_flush_stdout();
	va_start(ap, fmt);
	vmessage(fmt, ap);
	va_end(ap);
	exit(NSDIFF_EXIT_TROUBLE);
}

void note(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage(fmt, ap);
	va_end(ap);
}

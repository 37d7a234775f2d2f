// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for nstop's settings file (tools/nstop/config.c): a
 * file is whatever its owner (or anything that writes in their home) put
 * there. Besides the sanitizers' findings, it traps when the parser breaks
 * its word: a file refused without a message or with settings other than
 * the defaults, or one taken whose settings, written and read back, are
 * not the same.
 *
 * TOOL: nstop (scripts/fuzz.sh links its modules)
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nstop_config c, back, defaults;
	struct nstop_config_error e;
	char *text;
	size_t len;
	int rc;

	nstop_config_defaults(&defaults);
	rc = nstop_config_parse(&c, (const char *)data, size, &e);
	if (rc < 0) {
		if (rc != -EINVAL || !e.msg[0] || !nstop_config_equal(&c, &defaults))
			__builtin_trap();
		return 0;
	}
	/* taken: the settings make a file that reads back the same */
	len = nstop_config_format(&c, NULL, 0);
	text = malloc(len + 1);
	if (!text)
		return 0;
	if (nstop_config_format(&c, text, len + 1) != len ||
	    nstop_config_parse(&back, text, len, &e) != 0 || !nstop_config_equal(&c, &back))
		__builtin_trap();
	/* every view has a column, its list ends, its sort is a column */
	for (int v = 0; v < NSTOP_NVIEWS; v++)
		if (c.cols[v][0] < 0 || c.cols[v][NSTOP_NCOLS] != -1 || c.sort[v].col < 0 ||
		    c.sort[v].col >= NSTOP_NCOLS)
			__builtin_trap();
	free(text);
	return 0;
}

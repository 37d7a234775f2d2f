/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Docker's --format templates (Go's text/template), the part of them that
 * `docker inspect --format` is used with in scripts and tutorials: text,
 * and actions that print a field by its path, "{{.State.Pid}}",
 * "{{.NetworkSettings.Networks.front.IPAddress}}", or JSON of it, "{{json
 * .}}", "{{json .State}}", "{{.State | json}}", with "{{- " and " -}}"
 * trimming the blanks around them as Go does. Anything else (range, if,
 * index, printf, variables...) is refused with a message that says what
 * is understood. Pure: unit-tested and fuzzed.
 */
#ifndef NSKIT_NSRUN_TEMPLATE_H
#define NSKIT_NSRUN_TEMPLATE_H

#include <stddef.h>

struct json_object;

/*
 * Render tmpl over the document root into *out (malloc'ed, NUL-terminated,
 * *outlen bytes). Values print as Go prints what Docker decodes: strings
 * as they are, numbers and booleans as text, null as "<nil>", arrays as
 * "[a b]" and objects as "map[key:value ...]" (keys sorted). A field that
 * the document does not have is an error, as Docker's missingkey=error.
 * 0, or -EINVAL with a one-line reason in err, -ENOMEM.
 */
int template_render(const char *tmpl, struct json_object *root, char **out, size_t *outlen,
		    char *err, size_t errsz);

#endif

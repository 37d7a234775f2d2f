// SPDX-License-Identifier: GPL-2.0-or-later
/* tools/nsrun/template.c: Docker's --format templates, the part inspect uses. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "template.h"

static const char doc_text[] =
	"{\"Id\":\"web1\",\"Name\":\"/web1\",\"State\":{\"Status\":\"running\",\"Running\":true,"
	"\"Pid\":4242,\"ExitCode\":0,\"Note\":null},\"NetworkSettings\":{\"IPAddress\":\"10.88.0.2\","
	"\"Networks\":{\"front-1\":{\"IPAddress\":\"10.88.0.2\"}}},\"Config\":{\"Cmd\":[\"sleep\","
	"\"inf\"],\"Labels\":{\"b\":\"2\",\"a\":\"1\"}},\"Ratio\":1.5}";

/* Render tmpl over the document; the output, or NULL with err. */
static char *render(const char *tmpl, char *err, size_t errsz)
{
	struct json_object *doc = json_tokener_parse(doc_text);
	char *out = NULL;
	size_t len;
	int rc;

	assert_non_null(doc);
	rc = template_render(tmpl, doc, &out, &len, err, errsz);
	json_object_put(doc);
	if (rc < 0) {
		assert_int_equal(rc, -EINVAL);
		assert_true(err[0] != '\0');
		return NULL;
	}
	assert_int_equal(strlen(out), len);
	return out;
}

static void expect(const char *tmpl, const char *want)
{
	char err[256];
	char *out = render(tmpl, err, sizeof(err));

	if (!out)
		fail_msg("'%s': %s", tmpl, err);
	assert_string_equal(out, want);
	free(out);
}

static void expect_error(const char *tmpl, const char *part)
{
	char err[256];
	char *out = render(tmpl, err, sizeof(err));

	if (out)
		fail_msg("'%s' rendered '%s'", tmpl, out);
	if (!strstr(err, part))
		fail_msg("'%s': '%s' does not say '%s'", tmpl, err, part);
}

static void test_fields(void **state)
{
	(void)state;
	expect("{{.State.Pid}}", "4242");
	expect("{{ .State.Pid }}", "4242");
	expect("pid={{.State.Pid}} name={{.Name}}", "pid=4242 name=/web1");
	expect("{{.NetworkSettings.Networks.front-1.IPAddress}}", "10.88.0.2");
	expect("{{.State.Running}}", "true");
	expect("{{.State.Note}}", "<nil>");
	expect("{{.Ratio}}", "1.5");
	/* Go's %v of a slice and of a map (keys sorted) */
	expect("{{.Config.Cmd}}", "[sleep inf]");
	expect("{{.Config.Labels}}", "map[a:1 b:2]");
	expect("no actions", "no actions");
	expect("", "");
	expect("{{/* a comment */}}x", "x");
}

static void test_json(void **state)
{
	(void)state;
	expect("{{json .State.Pid}}", "4242");
	expect("{{json .Config.Cmd}}", "[\"sleep\",\"inf\"]");
	expect("{{.Config.Cmd | json}}", "[\"sleep\",\"inf\"]");
	expect("{{json .NetworkSettings.Networks}}", "{\"front-1\":{\"IPAddress\":\"10.88.0.2\"}}");
	expect("{{json .Name}}", "\"/web1\"");
}

static void test_trim(void **state)
{
	(void)state;
	expect("a  {{- .Id}}", "aweb1");
	expect("{{.Id -}}  \n b", "web1b");
	expect("a {{- .Id -}} b", "aweb1b");
	/* "{{-3}}" is not a trim marker without a blank: not understood */
	expect_error("{{-3}}", "not understood");
}

static void test_errors(void **state)
{
	(void)state;
	expect_error("{{.State.Bogus}}", "no field 'Bogus' in '.State' (it has Status, Running, Pid");
	expect_error("{{.Bogus}}", "no field 'Bogus' in '.'");
	expect_error("{{.State.Pid.X}}", "'.State.Pid' has no fields");
	expect_error("{{range .Config.Cmd}}{{.}}{{end}}", "not understood");
	expect_error("{{index .Config.Labels \"a\"}}", "not understood");
	expect_error("{{printf \"%d\" .State.Pid}}", "not understood");
	expect_error("{{$x := 1}}", "not understood");
	expect_error("{{.State.Pid", "not closed");
	expect_error("{{}}", "not understood");
	expect_error("{{..State}}", "not a field path");
	expect_error("{{json}}", "not understood");
	expect_error("{{.State | upper}}", "not understood");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_trim),
		cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

// SPDX-License-Identifier: GPL-2.0-or-later
/* tools/nsrun/imgspec.c: images' JSON, references and layer entry paths. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "imgspec.h"

#define H64 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define D64 "sha256:" H64

static void test_digest(void **state)
{
	char hex[IMGSPEC_HEX_LEN + 1];

	(void)state;
	assert_int_equal(imgspec_parse_digest(D64, hex), 0);
	assert_string_equal(hex, H64);
	static const char *bad[] = { "", "sha256:", "sha512:" H64, "sha256:" H64 "0",
				     "sha256:0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef",
				     "sha256:../../../../etc/passwd", H64 };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(imgspec_parse_digest(bad[i], hex), -EINVAL);
}

static void test_index(void **state)
{
	static const char good[] =
		"{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":"
		"\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" D64 "\",\"size\":348,"
		"\"annotations\":{\"org.opencontainers.image.ref.name\":\"localhost/bb:1\"},"
		"\"platform\":{\"os\":\"linux\",\"architecture\":\"amd64\"}}]}\n";
	struct imgspec_desc *v;
	const char *why;
	size_t n;

	(void)state;
	assert_int_equal(imgspec_parse_index(good, strlen(good), &v, &n, &why), 0);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].digest, H64);
	assert_int_equal(v[0].size, 348);
	assert_string_equal(v[0].ref_name, "localhost/bb:1");
	assert_string_equal(v[0].arch, "amd64");
	assert_int_equal(imgspec_kind(v[0].media_type), IMGSPEC_MANIFEST);
	free(v);
	static const struct {
		const char *json, *why;
	} bad[] = {
		{ "", "not JSON" },
		{ "{\"manifests\":[", "truncated" },
		{ "[]", "not a JSON object" },
		{ "{\"manifests\":[]}", "no manifests" },
		{ "{\"manifests\":{}}", "no array of manifests" },
		{ "{\"schemaVersion\":1,\"manifests\":[]}", "schemaVersion" },
		{ "{\"manifests\":[{\"digest\":\"sha256:x\",\"size\":1}]}", "digest" },
		{ "{\"manifests\":[{\"digest\":\"" D64 "\",\"size\":-1}]}", "size" },
		{ "{\"manifests\":[{\"digest\":\"" D64 "\"}]}", "size" },
		{ "{\"manifests\":[{\"digest\":\"" D64 "\",\"size\":1,\"mediaType\":7}]}", "mediaType" },
		{ "{\"manifests\":[1]}", "not an object" },
		{ "{\"manifests\":[]} x", "follows" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why = NULL;
		assert_int_equal(imgspec_parse_index(bad[i].json, strlen(bad[i].json), &v, &n, &why),
				 -EINVAL);
		assert_non_null(why);
		if (!strstr(why, bad[i].why))
			fail_msg("'%s': '%s' does not say '%s'", bad[i].json, why, bad[i].why);
	}
}

static void test_manifest(void **state)
{
	static const char good[] =
		"{\"schemaVersion\":2,\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1"
		"+json\",\"digest\":\"" D64 "\",\"size\":441},\"layers\":[{\"mediaType\":"
		"\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"" D64 "\",\"size\":10},"
		"{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"" D64
		"\",\"size\":20}]}";
	struct imgspec_manifest m;
	const char *why;

	(void)state;
	assert_int_equal(imgspec_parse_manifest(good, strlen(good), &m, &why), 0);
	assert_int_equal(m.nlayers, 2);
	assert_int_equal(m.layers[1].size, 20);
	assert_int_equal(m.config.size, 441);
	imgspec_manifest_free(&m);
	assert_int_equal(imgspec_parse_manifest("{\"layers\":[]}", 13, &m, &why), -EINVAL);
	assert_string_equal(why, "it has no config descriptor");
	assert_int_equal(imgspec_parse_manifest("{\"config\":{\"digest\":\"" D64 "\",\"size\":1},"
						"\"layers\":3}", 96, &m, &why), -EINVAL);
	assert_int_equal(imgspec_kind("application/vnd.in-toto+json"), IMGSPEC_OTHER);
	assert_int_equal(imgspec_kind("application/vnd.oci.image.index.v1+json"), IMGSPEC_INDEX);
	assert_int_equal(imgspec_kind(""), IMGSPEC_MANIFEST);
}

static void test_config(void **state)
{
	static const char good[] =
		"{\"architecture\":\"amd64\",\"os\":\"linux\",\"created\":\"2024-01-02T03:04:05.5Z\","
		"\"config\":{\"Env\":[\"PATH=/bin\",\"A=b=c\"],\"Entrypoint\":[\"/init\"],"
		"\"Cmd\":[\"sh\",\"-c\",\"x\"],\"WorkingDir\":\"/srv\",\"User\":\"1000:1000\"},"
		"\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" D64 "\"]}}";
	struct imgspec_config c;
	const char *why;

	(void)state;
	assert_int_equal(imgspec_parse_config(good, strlen(good), &c, &why), 0);
	assert_string_equal(c.entrypoint[0], "/init");
	assert_null(c.entrypoint[1]);
	assert_string_equal(c.cmd[2], "x");
	assert_string_equal(c.env[1], "A=b=c");
	assert_string_equal(c.workdir, "/srv");
	assert_string_equal(c.user, "1000:1000");
	assert_int_equal(c.ndiff_ids, 1);
	assert_string_equal(c.diff_ids[0], H64);
	assert_int_equal(c.created, 1704164645);
	imgspec_config_free(&c);
	/* nulls are absent: Docker writes "Cmd": null */
	static const char nulls[] = "{\"config\":{\"Cmd\":null,\"Entrypoint\":null},\"rootfs\":"
				    "{\"type\":\"layers\",\"diff_ids\":[]}}";
	assert_int_equal(imgspec_parse_config(nulls, strlen(nulls), &c, &why), 0);
	assert_null(c.cmd);
	assert_null(c.entrypoint);
	imgspec_config_free(&c);
	static const struct {
		const char *json, *why;
	} bad[] = {
		{ "{\"config\":{\"Cmd\":\"sh\"},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}",
		  "Cmd" },
		{ "{\"config\":{\"Cmd\":[1]},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}", "Cmd" },
		{ "{\"config\":{\"Env\":[\"NOEQUALS\"]},\"rootfs\":{\"type\":\"layers\","
		  "\"diff_ids\":[]}}", "Env" },
		{ "{\"config\":{\"WorkingDir\":\"rel\"},\"rootfs\":{\"type\":\"layers\","
		  "\"diff_ids\":[]}}", "WorkingDir" },
		{ "{\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"x\"]}}", "diff_id" },
		{ "{\"rootfs\":{\"type\":\"other\",\"diff_ids\":[]}}", "type" },
		{ "{}", "rootfs" },
		{ "{\"os\":3,\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}", "os" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why = NULL;
		assert_int_equal(imgspec_parse_config(bad[i].json, strlen(bad[i].json), &c, &why),
				 -EINVAL);
		if (!why || !strstr(why, bad[i].why))
			fail_msg("'%s': '%s' does not say '%s'", bad[i].json, why, bad[i].why);
	}
}

static void test_docker_manifest(void **state)
{
	static const char good[] =
		"[{\"Config\":\"abc.json\",\"RepoTags\":[\"localhost/bb:1\"],\"Layers\":"
		"[\"l1/layer.tar\",\"l2.tar\"]}]";
	struct imgspec_docker_image *v;
	const char *why;
	size_t n;

	(void)state;
	assert_int_equal(imgspec_parse_docker_manifest(good, strlen(good), &v, &n, &why), 0);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].config, "abc.json");
	assert_string_equal(v[0].tags[0], "localhost/bb:1");
	assert_int_equal(v[0].nlayers, 2);
	imgspec_docker_free(v, n);
	assert_int_equal(imgspec_parse_docker_manifest("[]", 2, &v, &n, &why), -EINVAL);
	assert_int_equal(imgspec_parse_docker_manifest("[{\"Layers\":[]}]", 15, &v, &n, &why),
			 -EINVAL);
	assert_int_equal(imgspec_parse_docker_manifest("{}", 2, &v, &n, &why), -EINVAL);
	assert_int_equal(imgspec_parse_docker_manifest("[{\"Config\":\"c\",\"Layers\":[1]}]", 28,
						       &v, &n, &why), -EINVAL);
}

static void test_ref(void **state)
{
	static const struct {
		const char *s, *repo, *tag;
	} good[] = {
		{ "busybox", "busybox", "latest" },
		{ "busybox:1.36", "busybox", "1.36" },
		{ "localhost/bb:1", "localhost/bb", "1" },
		{ "registry:5000/team/app:v2", "registry:5000/team/app", "v2" },
		{ "docker.io/library/nginx", "docker.io/library/nginx", "latest" },
		{ "my-team/app.web_x", "my-team/app.web_x", "latest" },
		{ "MyRegistry.local/app", "MyRegistry.local/app", "latest" },
	};
	static const char *bad[] = { "", "Busybox", "busybox:", "busybox@sha256:" H64,
				     "-x", "a//b", "a/", ":tag", "a:b:c", "a_", "a___b", "../x",
				     "a b", "reg:port/x", "a-b__c.d/e", "my__/x" };
	struct imgspec_ref r;

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		if (imgspec_parse_ref(good[i].s, &r) != 0)
			fail_msg("'%s' refused", good[i].s);
		assert_string_equal(r.repo, good[i].repo);
		assert_string_equal(r.tag, good[i].tag);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (imgspec_parse_ref(bad[i], &r) != -EINVAL)
			fail_msg("'%s' taken", bad[i]);
	assert_string_equal(imgspec_familiar("docker.io/library/nginx"), "nginx");
	assert_string_equal(imgspec_familiar("docker.io/bitnami/redis"), "bitnami/redis");
	assert_string_equal(imgspec_familiar("localhost/bb"), "bb");
	assert_string_equal(imgspec_familiar("quay.io/x/y"), "quay.io/x/y");
}

static void test_entry_path(void **state)
{
	static const struct {
		const char *name, *path;
	} good[] = {
		{ "etc/passwd", "etc/passwd" }, { "./etc/passwd", "etc/passwd" },
		{ "./etc//x/", "etc/x" },	{ ".", "" },
		{ "./", "" },			{ "a/./b", "a/b" },
		{ "..a/b..", "..a/b.." },
	};
	static const char *bad[] = { "../x", "a/../../x", "a/..", "/etc/passwd", "", "a\nb",
				     "..", "./../x" };
	char out[64];

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		assert_int_equal(imgspec_entry_path(good[i].name, out, sizeof(out)), 0);
		assert_string_equal(out, good[i].path);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (imgspec_entry_path(bad[i], out, sizeof(out)) != -EINVAL)
			fail_msg("'%s' taken", bad[i]);
	assert_int_equal(imgspec_entry_path("aaaaaaaaaa/bbbbbbbbbb", out, 8), -ENAMETOOLONG);
}

static void test_whiteout(void **state)
{
	enum imgspec_whiteout k;
	char t[64];

	(void)state;
	assert_int_equal(imgspec_whiteout("etc/.wh.gone", t, sizeof(t), &k), 0);
	assert_int_equal(k, IMGSPEC_WH_FILE);
	assert_string_equal(t, "etc/gone");
	assert_int_equal(imgspec_whiteout(".wh.top", t, sizeof(t), &k), 0);
	assert_string_equal(t, "top");
	assert_int_equal(imgspec_whiteout("a/b/.wh..wh..opq", t, sizeof(t), &k), 0);
	assert_int_equal(k, IMGSPEC_WH_OPAQUE);
	assert_string_equal(t, "a/b");
	assert_int_equal(imgspec_whiteout(".wh..wh..opq", t, sizeof(t), &k), 0);
	assert_string_equal(t, "");
	assert_int_equal(imgspec_whiteout("etc/passwd", t, sizeof(t), &k), 0);
	assert_int_equal(k, IMGSPEC_WH_NONE);
	assert_int_equal(imgspec_whiteout("a/.wh.", t, sizeof(t), &k), -EINVAL);
	assert_int_equal(imgspec_whiteout("a/.wh..wh.plnk", t, sizeof(t), &k), -EINVAL);
	assert_int_equal(imgspec_whiteout("a/.wh...", t, sizeof(t), &k), -EINVAL);
}

static void test_links(void **state)
{
	char out[64];

	(void)state;
	assert_true(imgspec_link_inside("bin/sh", "busybox"));
	assert_true(imgspec_link_inside("bin/sh", "/bin/busybox"));
	assert_true(imgspec_link_inside("usr/lib/x", "../../etc/y"));
	assert_false(imgspec_link_inside("usr/lib/x", "../../../etc"));
	assert_false(imgspec_link_inside("evil", "../etc"));
	assert_true(imgspec_link_inside("a/b", "./c/../d"));
	assert_false(imgspec_link_inside("a", ""));
	assert_int_equal(imgspec_link_resolve("ID/layer.tar", "../ID2.tar", out, sizeof(out)), 0);
	assert_string_equal(out, "ID2.tar");
	assert_int_equal(imgspec_link_resolve("a/b/c", "../d/./e", out, sizeof(out)), 0);
	assert_string_equal(out, "a/d/e");
	assert_int_equal(imgspec_link_resolve("ID/layer.tar", "../../x", out, sizeof(out)), -EINVAL);
	assert_int_equal(imgspec_link_resolve("x", "/etc/passwd", out, sizeof(out)), -EINVAL);
	assert_int_equal(imgspec_link_resolve("a/b", "..", out, sizeof(out)), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_digest),	    cmocka_unit_test(test_index),
		cmocka_unit_test(test_manifest),    cmocka_unit_test(test_config),
		cmocka_unit_test(test_docker_manifest), cmocka_unit_test(test_ref),
		cmocka_unit_test(test_entry_path), cmocka_unit_test(test_whiteout),
		cmocka_unit_test(test_links),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

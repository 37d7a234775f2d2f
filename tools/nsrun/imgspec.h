/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Container images as files describe them, parsed without touching the
 * system: the JSON of an OCI image layout (index.json, image indexes,
 * manifests, image configs) and of `docker save` (manifest.json), image
 * references as Docker writes them ("busybox", "localhost/app:1",
 * "registry:5000/team/app:v2"), and the paths of a layer's tar entries:
 * cleaned, refused when they would leave the image's root ("../", "/x"),
 * whiteouts (".wh.NAME") and opaque directories (".wh..wh..opq") told
 * apart, symbolic links checked to point inside. Unit-tested and fuzzed:
 * these are what an image file that someone else made controls.
 *
 * JSON is parsed with json-c; every field is checked for its type, and
 * what does not fit a limit below is refused, with *why saying what.
 */
#ifndef NSKIT_NSRUN_IMGSPEC_H
#define NSKIT_NSRUN_IMGSPEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A JSON file of an image larger than this is refused (real ones are a few KiB). */
#define IMGSPEC_JSON_MAX	(4u << 20)
/* More layers than Docker allows (127) and overlayfs stacks, with room. */
#define IMGSPEC_LAYERS_MAX	512
#define IMGSPEC_HEX_LEN		64
#define IMGSPEC_REF_MAX		256

/* "sha256:<64 lowercase hex digits>" into hex (65 bytes); -EINVAL for anything else. */
int imgspec_parse_digest(const char *s, char *hex);

/* A descriptor of an index or a manifest: what a blob is, its digest and size. */
struct imgspec_desc {
	char media_type[128];
	char digest[IMGSPEC_HEX_LEN + 1];	/* hex */
	uint64_t size;
	/* annotations: org.opencontainers.image.ref.name, io.containerd.image.name; "" */
	char ref_name[IMGSPEC_REF_MAX];
	char image_name[IMGSPEC_REF_MAX];
	/* platform: "" when not given */
	char os[32], arch[32], variant[32];
};

enum imgspec_kind {
	IMGSPEC_OTHER,		/* an attestation, a signature: not an image */
	IMGSPEC_MANIFEST,	/* an image manifest (OCI or Docker's v2 schema 2) */
	IMGSPEC_INDEX,		/* an image index or manifest list */
};
/* What a descriptor's media type is (an empty one: a manifest, as OCI 1.0 allowed). */
enum imgspec_kind imgspec_kind(const char *media_type);

/*
 * index.json, or an image index blob: its manifests (malloc'ed, *n of
 * them; at least one). 0, or -EINVAL with *why.
 */
int imgspec_parse_index(const char *json, size_t len, struct imgspec_desc **out, size_t *n,
			const char **why);

struct imgspec_manifest {
	struct imgspec_desc config;
	struct imgspec_desc *layers;	/* malloc'ed */
	size_t nlayers;
};
int imgspec_parse_manifest(const char *json, size_t len, struct imgspec_manifest *m,
			   const char **why);
void imgspec_manifest_free(struct imgspec_manifest *m);

/*
 * The image config: what runs (Entrypoint, Cmd, Env, WorkingDir, User, as
 * arrays of strings and strings, NULL-terminated, NULL when absent) and
 * the layers' digests (rootfs.diff_ids, hex), as the image was built.
 */
struct imgspec_config {
	char **entrypoint;
	char **cmd;
	char **env;
	char *workdir;
	char *user;
	char **diff_ids;
	size_t ndiff_ids;
	char os[32], arch[32];
	long long created;		/* seconds since the epoch, 0 when not given */
};
int imgspec_parse_config(const char *json, size_t len, struct imgspec_config *c,
			 const char **why);
void imgspec_config_free(struct imgspec_config *c);

/* One image of `docker save`'s manifest.json: paths in the archive, and its names. */
struct imgspec_docker_image {
	char *config;
	char **tags;			/* NULL-terminated */
	char **layers;			/* NULL-terminated */
	size_t nlayers;
};
int imgspec_parse_docker_manifest(const char *json, size_t len,
				  struct imgspec_docker_image **out, size_t *n, const char **why);
void imgspec_docker_free(struct imgspec_docker_image *v, size_t n);

/*
 * An image reference as Docker takes it: [HOST[:PORT]/]PATH[:TAG], PATH
 * lowercase components of [a-z0-9] joined by '.', '_', '__' or '-'
 * runs, separated by '/'; TAG [A-Za-z0-9_][A-Za-z0-9_.-]{0,127},
 * "latest" when absent; REPO:TAG at most IMGSPEC_REF_MAX - 1 bytes.
 * A digest ("@sha256:...") is refused: nsrun has
 * no registry to pin against. repo is the name as given (a host kept),
 * tag the tag.
 */
struct imgspec_ref {
	char repo[IMGSPEC_REF_MAX];
	char tag[129];
};
int imgspec_parse_ref(const char *s, struct imgspec_ref *r);
/*
 * The short form of a repository, as Docker shows it: without
 * "docker.io/library/", "docker.io/", "index.docker.io/" or
 * "localhost/" (Podman's prefix for images of its own). A pointer into
 * repo.
 */
const char *imgspec_familiar(const char *repo);

/*
 * A tar entry's name as a path below the image's root: "./", repeated
 * '/' and "." components and a trailing '/' dropped ("./etc//x/" is
 * "etc/x", "." is ""). -EINVAL for a name with a ".." component, an
 * absolute one, an empty one or one with a control character (a newline
 * would forge lines of what nsrun prints); -ENAMETOOLONG past size.
 */
int imgspec_entry_path(const char *name, char *out, size_t size);

enum imgspec_whiteout {
	IMGSPEC_WH_NONE,
	IMGSPEC_WH_FILE,	/* ".wh.NAME": NAME of the layers below goes; target "DIR/NAME" */
	IMGSPEC_WH_OPAQUE,	/* ".wh..wh..opq": DIR hides what the layers below have in it */
};
/*
 * Is path (cleaned) a whiteout? target gets what it applies to (path of
 * the file, or of the directory; "" for the root). An entry named ".wh."
 * alone, or ".wh..wh.X" but for the opaque marker, is -EINVAL: AUFS's
 * own files, which no image should hold.
 */
int imgspec_whiteout(const char *path, char *target, size_t size, enum imgspec_whiteout *kind);

/*
 * Where a relative symbolic link at path (cleaned) with this target
 * points, cleaned, ".." resolved against path's directory: a member of an
 * archive naming another ("ID/layer.tar -> ../ID2.tar"). -EINVAL for an
 * absolute target or one that climbs above the root.
 */
int imgspec_link_resolve(const char *path, const char *target, char *out, size_t size);

/*
 * Does a symbolic link at path (cleaned) with this target stay inside
 * the image's root? An absolute target does: it is resolved in the
 * container's root. A relative one must not climb above the root with
 * its "..", from the link's own directory.
 */
bool imgspec_link_inside(const char *path, const char *target);

#endif

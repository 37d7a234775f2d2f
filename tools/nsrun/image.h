/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nsrun's images: the store (imgstore.c), loading files into it
 * (imgload.c), and the commands that list and remove them.
 *
 * The store lives where it survives a reboot: /var/lib/nskit/images for
 * root, $XDG_DATA_HOME/nskit/images (~/.local/share/nskit/images) for
 * other users; NSKIT_IMAGE_DIR names another. It is trusted as the state
 * directory is (runstate.h): no symbolic link on its path, the caller's,
 * and nobody else may write to it. In it:
 *
 *   images/ID/rootfs/	the image's root: its layers applied in order
 *   images/ID/config.json	its config, as loaded (ID is its sha256)
 *   images/ID/info		key=value: size, loaded
 *   refs			"REPOSITORY TAG ID" lines: the images' names
 *   tmp/			loads in progress, and the lock (0700)
 *
 * An image is made in tmp/ and renamed into images/ once whole: a load
 * that fails or is killed leaves nothing but a directory in tmp/, which
 * the next load of the same process id, or `nsrun gc`, removes.
 */
#ifndef NSKIT_NSRUN_IMAGE_H
#define NSKIT_NSRUN_IMAGE_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "imgspec.h"

#define NSRUN_IMAGE_DEFAULT_DIR "/var/lib/nskit/images"

/* An image of the store, found by name or id. */
struct nsrun_image {
	char id[IMGSPEC_HEX_LEN + 1];
	char name[IMGSPEC_REF_MAX + 130];	/* "REPO:TAG" it was found by, or "" (by id) */
	char rootfs[PATH_MAX];			/* its root, in the store */
	struct imgspec_config config;		/* owned; imgspec_config_free() */
};

/* The store's path (not opened). */
const char *nsrun_store_dir(void);
/*
 * The store, opened and checked (made with create): its fd, -ENOENT
 * when there is none and create is false. Dies with one line for a
 * store that may not be trusted, or that cannot be opened.
 */
int nsrun_store_open(bool create);
/*
 * The store as nsrun_store_open(false) opens it, but without dying: -ENOENT
 * when there is none, -EPERM (or -errno) with msg saying why when it may
 * not be used. For run's guess at its first word, which a store of no
 * trust must not turn into a refusal of a command of the host's.
 */
int nsrun_store_try(char *msg, size_t size);
/* Its subdirectory images/ or tmp/ (made with create): an fd, or -errno. */
int nsrun_store_sub(const char *name, bool create);

/* The store's lock (tmp/lock, flock), held until nsrun_store_unlock(). */
int nsrun_store_lock(void);
void nsrun_store_unlock(int fd);

/*
 * An image by reference ("busybox", "busybox:1", "localhost/app:v2":
 * Docker's short names match their long forms) or by id (its hex digits,
 * or a prefix of them at least min_prefix long, "sha256:" allowed). 0
 * with *img (its config loaded), -ENOENT when there is none (or no store
 * at all), -ENOTUNIQ for a prefix of several ids, -EINVAL for a config
 * that cannot be read, -errno.
 */
int nsrun_image_find(const char *arg, size_t min_prefix, struct nsrun_image *img);
void nsrun_image_release(struct nsrun_image *img);

/* A name to record for an image: repo:tag, in the store's refs (under the lock). */
int nsrun_refs_tag(const char *repo, const char *tag, const char *id);

/* Remove tmp/ directories of loads whose process is gone; the number removed. */
int nsrun_store_sweep(bool quiet);

/* Subcommands: images (image ls), rmi (image rm), tag (image tag), image load (load). */
int nsrun_cmd_images(int argc, char **argv);
int nsrun_cmd_rmi(int argc, char **argv);
int nsrun_cmd_tag(int argc, char **argv);
int nsrun_cmd_load(int argc, char **argv);
int nsrun_cmd_image(int argc, char **argv);

#endif

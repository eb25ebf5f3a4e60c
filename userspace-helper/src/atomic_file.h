/* SPDX-License-Identifier: GPL-2.0 */
/* Crash-safe small files: write a temporary file, fsync, rename, fsync dir. */
#ifndef SMB3K_ATOMIC_FILE_H
#define SMB3K_ATOMIC_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/*
 * Write data to path with the given mode. The temporary file is created
 * next to path with O_EXCL and mode 0600 and removed on any failure. With
 * replace == false an existing path is left alone and -EEXIST returned.
 * Returns 0 or -errno.
 */
int atomic_write_file(const char *path, const void *data, size_t len, mode_t mode,
		      bool replace);

/* mkdir -p; existing directories are fine. Returns 0 or -errno. */
int mkdir_parents(const char *dir, mode_t mode);

/* Read a whole file of at most max bytes, NUL-terminated. 0 or -errno. */
int read_small_file(const char *path, size_t max, char **data, size_t *len);

#endif

// SPDX-License-Identifier: GPL-2.0
#include "atomic_file.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

static int write_all(int fd, const void *data, size_t len)
{
	const char *p = data;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int rc = 0;

	if (fd < 0)
		return -errno;
	if (fsync(fd) < 0)
		rc = -errno;
	close(fd);
	return rc;
}

int atomic_write_file(const char *path, const void *data, size_t len, mode_t mode,
		      bool replace)
{
	char *copy = xstrdup(path);
	char *dir = dirname(copy);
	char *base_copy = xstrdup(path);
	char *tmp = xasprintf("%s/.%s.XXXXXX", dir, basename(base_copy));
	int fd, rc;

	free(base_copy);
	fd = mkostemp(tmp, O_CLOEXEC);	/* O_EXCL, mode 0600 */
	if (fd < 0) {
		rc = -errno;
		goto out;
	}
	rc = write_all(fd, data, len);
	if (!rc && fchmod(fd, mode) < 0)
		rc = -errno;
	if (!rc && fsync(fd) < 0)
		rc = -errno;
	if (close(fd) < 0 && !rc)
		rc = -errno;
	if (!rc) {
		if (replace) {
			if (rename(tmp, path) < 0)
				rc = -errno;
		} else {
			/* link() fails with EEXIST instead of replacing */
			if (link(tmp, path) < 0)
				rc = -errno;
			unlink(tmp);
		}
	}
	if (rc)
		unlink(tmp);
	else
		rc = fsync_dir(dir);
out:
	free(tmp);
	free(copy);
	return rc;
}

int mkdir_parents(const char *dir, mode_t mode)
{
	char *p = xstrdup(dir), *s;
	int rc = 0;

	for (s = p + 1; ; s++) {
		char c = *s;

		if (c != '/' && c != '\0')
			continue;
		*s = '\0';
		if (mkdir(p, mode) < 0 && errno != EEXIST) {
			rc = -errno;
			break;
		}
		*s = c;
		if (!c)
			break;
	}
	if (!rc) {
		struct stat st;

		if (stat(dir, &st) < 0)
			rc = -errno;
		else if (!S_ISDIR(st.st_mode))
			rc = -ENOTDIR;
	}
	free(p);
	return rc;
}

int read_small_file(const char *path, size_t max, char **data, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	char *buf;
	size_t used = 0;
	int rc = 0;

	if (fd < 0)
		return -errno;
	buf = xmalloc(max + 1);
	for (;;) {
		ssize_t n = read(fd, buf + used, max + 1 - used);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = -errno;
			break;
		}
		if (n == 0)
			break;
		used += (size_t)n;
		if (used > max) {
			rc = -EFBIG;
			break;
		}
	}
	close(fd);
	if (rc) {
		free(buf);
		return rc;
	}
	buf[used] = '\0';
	*data = buf;
	*len = used;
	return 0;
}

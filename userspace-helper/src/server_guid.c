// SPDX-License-Identifier: GPL-2.0
#include "server_guid.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/rand.h>

#include "atomic_file.h"
#include "util.h"

static int read_guid(const char *path, unsigned char guid[SERVER_GUID_SIZE],
		     struct errlist *errs)
{
	char *data;
	size_t len;
	int rc = read_small_file(path, 64, &data, &len);

	if (rc == -ENOENT)
		return rc;
	if (rc) {
		errlist_add(errs, path, 0, "cannot read: %s", strerror(-rc));
		return rc;
	}
	if (len && data[len - 1] == '\n')
		data[--len] = '\0';
	if (!hex_decode(data, guid, SERVER_GUID_SIZE)) {
		errlist_add(errs, path, 0, "corrupt server GUID (expected 32 hex digits); "
			    "remove the file to create a new one");
		rc = -EINVAL;
	}
	free(data);
	return rc;
}

int server_guid_load(const char *state_dir, unsigned char guid[SERVER_GUID_SIZE],
		     bool *created, struct errlist *errs)
{
	char *path = xasprintf("%s/%s", state_dir, SERVER_GUID_FILE);
	char text[2 * SERVER_GUID_SIZE + 2];
	int rc;

	*created = false;
	rc = read_guid(path, guid, errs);
	if (rc != -ENOENT)
		goto out;
	rc = mkdir_parents(state_dir, 0755);
	if (rc) {
		errlist_add(errs, state_dir, 0, "cannot create directory: %s", strerror(-rc));
		goto out;
	}
	if (RAND_bytes(guid, SERVER_GUID_SIZE) != 1) {
		errlist_add(errs, NULL, 0, "RAND_bytes failed: no randomness for the server GUID");
		rc = -EIO;
		goto out;
	}
	hex_encode(guid, SERVER_GUID_SIZE, text, false);
	strcat(text, "\n");
	rc = atomic_write_file(path, text, strlen(text), 0644, false);
	if (rc == -EEXIST) {
		/* another process created it first: use theirs */
		rc = read_guid(path, guid, errs);
	} else if (rc) {
		errlist_add(errs, path, 0, "cannot create: %s", strerror(-rc));
	} else {
		*created = true;
	}
out:
	free(path);
	return rc ? -1 : 0;
}

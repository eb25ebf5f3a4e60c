/* SPDX-License-Identifier: GPL-2.0 */
/* Helpers of test_store.c that other tests of the store use too. */
#ifndef SMB3K_TEST_STORE_H
#define SMB3K_TEST_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "store.h"

/* A valid record, different for every (id, version); locks malloc'd. */
void gen_record(uint64_t id, uint32_t version, struct smb3k_store_open *o);
/* Every field (updated_ns aside) and every lock, byte for byte. */
bool same_record(const struct smb3k_store_open *a, const struct smb3k_store_open *b);
/* Run SQL on a store file through a connection of its own. */
int raw_sql(const char *path, const char *sql);

#endif

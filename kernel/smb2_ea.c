// SPDX-License-Identifier: GPL-2.0
/*
 * Extended attributes on disk shares (MS-FSCC 2.4.16, MS-FSA 2.1.5.12.12
 * and 2.1.5.15.6, MS-SMB2 3.3.5.9.1 and 3.3.5.20.1): the "ExtA" CREATE
 * context and QUERY_INFO / SET_INFO FileFullEaInformation, through the IOS
 * driver's xattr ops.
 *
 * The EA NAME is the xattr "user.NAME"; no other xattr namespace is ever
 * an EA. A name keeps the case the client first gave it (as Samba keeps
 * it, and as local tools see it); finding one ignores ASCII case, because
 * EA names are case-insensitive on Windows: setting "foo" over a stored
 * "FOO" replaces the value and keeps the name "FOO". Queries return names
 * as stored (Windows would upper-case them; clients compare without case).
 *
 * A user.* xattr is not an EA when its name is not a valid EaName, its
 * value is empty or longer than 65535 bytes, or it is one of those Samba
 * keeps its own metadata in (a tree Samba served carries them): such
 * xattrs are never listed and count nowhere, and Samba's may not be set
 * (STATUS_ACCESS_DENIED, Samba's answer). EA flags are not stored:
 * FILE_NEED_EA is accepted and forgotten, queries return Flags 0.
 *
 * The xattr ops run with the module's credentials. The callers check
 * FILE_READ_EA / FILE_WRITE_EA; a CREATE stores its EAs whatever access it
 * asked for. A driver or file system without user xattrs answers a change
 * with STATUS_EAS_NOT_SUPPORTED and a query with STATUS_NO_EAS_ON_FILE.
 */
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/xattr.h>

#include "smb2_ea.h"
#include "smb2_fileops.h"
#include "proto/smb2_ea.h"
#include "proto/smb2_info.h"

/* MS-FSA 2.1.5.15.6: ExtendedAttributesLength stays within 64 KiB - 5. */
#define SMB3K_EA_TOTAL_MAX	(65536 - 5)
/* "user.", the longest EaName and its NUL */
#define SMB3K_EA_XATTR_MAX	(XATTR_USER_PREFIX_LEN + 255 + 1)

/* user.* xattrs of Samba's (DOS attributes, ACL inheritance, streams, AFP) */
static const char *const smb3k_ea_samba[] = {
	"DOSATTRIB", "SAMBA_PAI", "SAMBA_STREAMS", "org.netatalk.Metadata",
};

#define SMB3K_EA_SAMBA_STREAM	"DosStream."

/**
 * struct smb3k_ea_item - one EA of a file
 * @name: its name, not NUL-terminated (inside &smb3k_ea_table.xattrs or a
 *	  client's list)
 * @name_len: the name's length
 * @value_len: the value's length (1 to SMB3K_EA_VALUE_MAX)
 */
struct smb3k_ea_item {
	const char *name;
	u8 name_len;
	u16 value_len;
};

/**
 * struct smb3k_ea_table - the EAs of an open file, as changes go on
 * @ops: the share's driver
 * @ctx: the client
 * @file: the driver's open
 * @xattrs: the driver's xattr name list, NUL-separated (NULL when none)
 * @items: the EAs, in the driver's order
 * @count: entries in @items
 * @cap: room in @items
 * @xname: the xattr name of the EA being read or written
 */
struct smb3k_ea_table {
	const struct smb3k_ios_ops *ops;
	struct smb3k_ios_ctx ctx;
	struct smb3k_ios_file *file;
	char *xattrs;
	struct smb3k_ea_item *items;
	u32 count;
	u32 cap;
	char xname[SMB3K_EA_XATTR_MAX];
};

/* EA names are compared without ASCII case; other bytes must match. */
static bool smb3k_ea_name_eq(const char *a, u8 alen, const char *b, u8 blen)
{
	u32 i;

	if (alen != blen)
		return false;
	for (i = 0; i < alen; i++) {
		u8 x = a[i], y = b[i];

		if (x >= 'a' && x <= 'z')
			x -= 'a' - 'A';
		if (y >= 'a' && y <= 'z')
			y -= 'a' - 'A';
		if (x != y)
			return false;
	}
	return true;
}

/* Is @name one of the user.* xattrs Samba keeps its metadata in? */
static bool smb3k_ea_samba_name(const char *name, u8 len)
{
	u32 n = strlen(SMB3K_EA_SAMBA_STREAM);
	u32 i;

	for (i = 0; i < ARRAY_SIZE(smb3k_ea_samba); i++)
		if (smb3k_ea_name_eq(name, len, smb3k_ea_samba[i], strlen(smb3k_ea_samba[i])))
			return true;
	return len >= n && smb3k_ea_name_eq(name, n, SMB3K_EA_SAMBA_STREAM, n);
}

/**
 * smb3k_ea_xattr_name() - the EA an xattr stands for
 * @xattr: an xattr name, NUL-terminated
 * @name_len: set to the EA name's length
 *
 * The rules on names that the EA handlers follow, for drivers that report
 * EaSize (the vfs driver); the value must also be 1 to SMB3K_EA_VALUE_MAX
 * bytes long.
 *
 * Return: the EA name inside @xattr, or NULL when the xattr is no EA (not
 * in the user namespace, no valid EaName, or one of Samba's).
 */
const char *smb3k_ea_xattr_name(const char *xattr, u8 *name_len)
{
	size_t len;

	if (strncmp(xattr, XATTR_USER_PREFIX, XATTR_USER_PREFIX_LEN))
		return NULL;
	xattr += XATTR_USER_PREFIX_LEN;
	len = strlen(xattr);
	if (!len || len > U8_MAX || !smb2_ea_name_valid(xattr, len) ||
	    smb3k_ea_samba_name(xattr, len))
		return NULL;
	*name_len = len;
	return xattr;
}

/* The status a client gets for a failed xattr change. */
static u32 smb3k_ea_status(u32 status)
{
	switch (status) {
	case STATUS_NOT_SUPPORTED:		/* EOPNOTSUPP: no user xattrs */
		return STATUS_EAS_NOT_SUPPORTED;
	case STATUS_BUFFER_OVERFLOW:		/* E2BIG, ERANGE */
		return STATUS_EA_TOO_LARGE;
	default:
		return status;
	}
}

static struct smb3k_ea_table *smb3k_ea_table_new(struct smb3k_work *w, struct smb3k_open *op)
{
	struct smb3k_ea_table *t = kzalloc(sizeof(*t), GFP_KERNEL);

	if (!t)
		return NULL;
	t->ops = smb3k_open_ops(op);
	smb3k_work_ios_ctx(w, &t->ctx);
	t->file = op->ios;
	return t;
}

static void smb3k_ea_table_free(struct smb3k_ea_table *t)
{
	kvfree(t->xattrs);
	kfree(t->items);
	kfree(t);
}

/* Room for @n entries in @t->items. */
static u32 smb3k_ea_table_room(struct smb3k_ea_table *t, u32 n)
{
	t->items = kcalloc(max_t(u32, n, 1), sizeof(*t->items), GFP_KERNEL);
	if (!t->items)
		return STATUS_NO_MEMORY;
	t->cap = max_t(u32, n, 1);
	return STATUS_SUCCESS;
}

/* The xattr name of the EA @name, in @t->xname. */
static const char *smb3k_ea_xname(struct smb3k_ea_table *t, const char *name, u8 len)
{
	memcpy(t->xname, XATTR_USER_PREFIX, XATTR_USER_PREFIX_LEN);
	memcpy(t->xname + XATTR_USER_PREFIX_LEN, name, len);
	t->xname[XATTR_USER_PREFIX_LEN + len] = '\0';
	return t->xname;
}

/* The driver's xattr names, NUL-terminated as a whole, in @t->xattrs. */
static u32 smb3k_ea_list_xattrs(struct smb3k_ea_table *t, u32 *len)
{
	u32 status, size, tries;

	for (tries = 0; tries < 3; tries++) {
		status = t->ops->list_xattr(&t->ctx, t->file, NULL, 0, &size);
		if (status != STATUS_SUCCESS || !size) {
			*len = 0;
			return status;
		}
		kvfree(t->xattrs);
		t->xattrs = kvmalloc(size + 1, GFP_KERNEL);
		if (!t->xattrs)
			return STATUS_NO_MEMORY;
		status = t->ops->list_xattr(&t->ctx, t->file, t->xattrs, size, len);
		if (status == STATUS_SUCCESS) {
			t->xattrs[min(*len, size)] = '\0';
			return STATUS_SUCCESS;
		}
		if (status != STATUS_BUFFER_OVERFLOW)	/* else it grew meanwhile */
			return status;
	}
	return STATUS_INSUFFICIENT_RESOURCES;
}

/**
 * smb3k_ea_load() - read which EAs a file has, and their sizes
 * @t: the table, empty
 * @extra: room to leave in @t->items for EAs to be added
 *
 * Return: NT status; a driver or file system without xattrs has no EAs.
 */
static u32 smb3k_ea_load(struct smb3k_ea_table *t, u32 extra)
{
	u32 status, len = 0, n = 0, vlen;
	const char *p, *end, *name;
	u8 nlen;

	if (t->ops->list_xattr && t->ops->get_xattr) {
		status = smb3k_ea_list_xattrs(t, &len);
		if (status == STATUS_NOT_SUPPORTED)
			len = 0;
		else if (status != STATUS_SUCCESS)
			return status;
	}
	if (!t->xattrs)
		len = 0;
	end = t->xattrs + len;
	for (p = t->xattrs; p < end; p += strlen(p) + 1)
		n++;
	status = smb3k_ea_table_room(t, n + extra);
	if (status != STATUS_SUCCESS)
		return status;
	for (p = t->xattrs; p < end; p += strlen(p) + 1) {
		name = smb3k_ea_xattr_name(p, &nlen);
		if (!name)
			continue;
		status = t->ops->get_xattr(&t->ctx, t->file, p, NULL, 0, &vlen);
		if (status == STATUS_NOT_FOUND)		/* removed meanwhile */
			continue;
		if (status != STATUS_SUCCESS)
			return status;
		if (!vlen || vlen > SMB3K_EA_VALUE_MAX)
			continue;
		t->items[t->count].name = name;
		t->items[t->count].name_len = nlen;
		t->items[t->count].value_len = vlen;
		t->count++;
	}
	return STATUS_SUCCESS;
}

/* The index of the EA @name in @t, or -1. */
static int smb3k_ea_find(const struct smb3k_ea_table *t, const char *name, u8 len)
{
	u32 i;

	for (i = 0; i < t->count; i++)
		if (smb3k_ea_name_eq(t->items[i].name, t->items[i].name_len, name, len))
			return i;
	return -1;
}

/* FILE_FULL_EA_INFORMATION size of the EAs in @t (ExtendedAttributesLength). */
static u32 smb3k_ea_total(const struct smb3k_ea_table *t)
{
	u32 i, total = 0;

	for (i = 0; i < t->count; i++)
		total += smb2_ea_entry_size(t->items[i].name_len, t->items[i].value_len);
	return total;
}

/* Store or remove one EA; @i is the stored EA of that name, or -1. */
static u32 smb3k_ea_write(struct smb3k_ea_table *t, int i, const struct smb2_ea *ea)
{
	const char *xname;
	u32 status;

	if (i >= 0)
		xname = smb3k_ea_xname(t, t->items[i].name, t->items[i].name_len);
	else
		xname = smb3k_ea_xname(t, ea->name, ea->name_len);
	if (ea->value_len) {
		status = t->ops->set_xattr(&t->ctx, t->file, xname, ea->value, ea->value_len);
	} else if (i >= 0) {
		status = t->ops->remove_xattr(&t->ctx, t->file, xname);
		if (status == STATUS_NOT_FOUND)
			status = STATUS_SUCCESS;
	} else {
		status = STATUS_SUCCESS;	/* deleting what is not there */
	}
	return smb3k_ea_status(status);
}

/*
 * Apply a FILE_FULL_EA_INFORMATION list to @t in order (MS-FSA 2.1.5.15.6:
 * an EA of the same name goes, a non-empty value comes), storing it unless
 * @dry. A replaced EA keeps its stored name.
 */
static u32 smb3k_ea_apply(struct smb3k_ea_table *t, const u8 *list, u32 len, bool dry)
{
	struct smb2_ea ea;
	u32 pos = 0, status;
	int i;

	while ((status = smb2_ea_next(list, len, &pos, &ea)) == STATUS_SUCCESS) {
		i = smb3k_ea_find(t, ea.name, ea.name_len);
		if (!dry) {
			status = smb3k_ea_write(t, i, &ea);
			if (status != STATUS_SUCCESS)
				return status;
		}
		if (i >= 0 && ea.value_len) {
			t->items[i].value_len = ea.value_len;
		} else if (i >= 0) {
			t->items[i] = t->items[--t->count];
		} else if (ea.value_len) {
			if (WARN_ON_ONCE(t->count >= t->cap))
				return STATUS_INTERNAL_ERROR;
			t->items[t->count].name = ea.name;
			t->items[t->count].name_len = ea.name_len;
			t->items[t->count].value_len = ea.value_len;
			t->count++;
		}
	}
	return status == STATUS_NO_MORE_EAS ? STATUS_SUCCESS : status;
}

/*
 * Change the EAs of @t as a validated list says: nothing is changed when a
 * name is Samba's or the result would be too large.
 */
static u32 smb3k_ea_change(struct smb3k_ea_table *t, const u8 *list, u32 len)
{
	struct smb3k_ea_item *saved;
	u32 pos = 0, status, count = t->count, total;
	struct smb2_ea ea;

	if (!t->ops->set_xattr || !t->ops->remove_xattr)
		return STATUS_EAS_NOT_SUPPORTED;
	while ((status = smb2_ea_next(list, len, &pos, &ea)) == STATUS_SUCCESS) {
		if (smb3k_ea_samba_name(ea.name, ea.name_len))
			return STATUS_ACCESS_DENIED;
		/* Linux xattr names, "user." included, end at 255 bytes. */
		if (ea.name_len > XATTR_NAME_MAX - XATTR_USER_PREFIX_LEN)
			return STATUS_INVALID_EA_NAME;
	}
	if (status != STATUS_NO_MORE_EAS)
		return status;

	saved = kmemdup(t->items, t->cap * sizeof(*t->items), GFP_KERNEL);
	if (!saved)
		return STATUS_NO_MEMORY;
	status = smb3k_ea_apply(t, list, len, true);
	total = smb3k_ea_total(t);
	memcpy(t->items, saved, t->cap * sizeof(*t->items));
	t->count = count;
	kfree(saved);
	if (status != STATUS_SUCCESS)
		return status;
	if (total > SMB3K_EA_TOTAL_MAX)
		return STATUS_EA_TOO_LARGE;
	return smb3k_ea_apply(t, list, len, false);
}

/**
 * smb3k_ea_create() - the EAs of a file a CREATE made or replaced
 * @w: the request
 * @op: the new open (not in the table yet)
 * @ea: the "ExtA" context's list, validated; NULL when none came
 * @ea_len: its length
 * @create_action: what the CREATE did (FILE_CREATED, FILE_OPENED, ...)
 *
 * An overwritten or superseded file loses its EAs, then gets @ea; a new
 * one gets @ea; a file only opened keeps its own and @ea is ignored
 * (MS-SMB2 3.3.5.9.1). Needs no FILE_WRITE_EA.
 *
 * Return: NT status; STATUS_EAS_NOT_SUPPORTED when EAs came and the file
 * system cannot store them. A new file is then still there: the caller
 * removes it.
 */
u32 smb3k_ea_create(struct smb3k_work *w, struct smb3k_open *op, const u8 *ea, u32 ea_len,
		    u32 create_action)
{
	bool replaced = create_action == FILE_OVERWRITTEN || create_action == FILE_SUPERSEDED;
	struct smb3k_ea_table *t;
	u32 status = STATUS_SUCCESS, n = 0, i;

	if (create_action == FILE_OPENED || (!ea && !replaced))
		return STATUS_SUCCESS;
	if (ea) {
		status = smb2_ea_list_validate(ea, ea_len, &n);
		if (status != STATUS_SUCCESS)
			return status;
	}
	t = smb3k_ea_table_new(w, op);
	if (!t)
		return STATUS_NO_MEMORY;
	if (replaced)
		status = smb3k_ea_load(t, n);
	else
		status = smb3k_ea_table_room(t, n);
	if (status != STATUS_SUCCESS)
		goto out;
	for (i = 0; i < t->count && t->ops->remove_xattr; i++) {
		status = t->ops->remove_xattr(&t->ctx, t->file,
					      smb3k_ea_xname(t, t->items[i].name,
							     t->items[i].name_len));
		if (status != STATUS_SUCCESS && status != STATUS_NOT_FOUND)
			goto out;
		status = STATUS_SUCCESS;
	}
	t->count = 0;
	if (ea)
		status = smb3k_ea_change(t, ea, ea_len);
out:
	smb3k_ea_table_free(t);
	return status;
}

/**
 * smb3k_ea_set() - SET_INFO FileFullEaInformation (MS-FSA 2.1.5.15.6)
 * @w: the request; the caller checked FILE_WRITE_EA on its open
 * @req: the request, its buffer the list
 *
 * Each EA of the list replaces the one of that name, an empty value
 * deletes it.
 *
 * Return: NT status: STATUS_EA_LIST_INCONSISTENT / STATUS_INVALID_EA_NAME
 * for a bad list (or a name longer than a Linux xattr name allows, 250
 * bytes), STATUS_ACCESS_DENIED for one of Samba's names,
 * STATUS_EA_TOO_LARGE, STATUS_EAS_NOT_SUPPORTED (nothing changed then), or
 * what the driver answered (EAs before the failing one are set).
 */
u32 smb3k_ea_set(struct smb3k_work *w, const struct smb2_set_info_req *req)
{
	struct smb3k_ea_table *t;
	u32 status, n;

	status = smb2_ea_list_validate(req->buf, req->buf_len, &n);
	if (status != STATUS_SUCCESS)
		return status;
	t = smb3k_ea_table_new(w, w->open);
	if (!t)
		return STATUS_NO_MEMORY;
	status = smb3k_ea_load(t, n);
	if (status == STATUS_SUCCESS)
		status = smb3k_ea_change(t, req->buf, req->buf_len);
	smb3k_ea_table_free(t);
	return status;
}

/*
 * Append EA @i of @t to @ew with its value (read into @val, which holds
 * SMB3K_EA_VALUE_MAX bytes). STATUS_BUFFER_OVERFLOW when it does not fit;
 * STATUS_NOT_FOUND when it went away meanwhile (nothing appended).
 */
static u32 smb3k_ea_put_item(struct smb3k_ea_table *t, int i, struct smb2_ea_writer *ew,
			     u8 *val)
{
	const struct smb3k_ea_item *it = &t->items[i];
	u32 start = ALIGN(ew->used, 4);
	u32 status, vlen;

	/* As smb2_ea_put() will see it, so that no value is read in vain. */
	if (start > ew->cap ||
	    SMB2_EA_FULL_HDR_SIZE + it->name_len + 1 + it->value_len > ew->cap - start)
		return STATUS_BUFFER_OVERFLOW;
	status = t->ops->get_xattr(&t->ctx, t->file, smb3k_ea_xname(t, it->name, it->name_len),
				   val, SMB3K_EA_VALUE_MAX, &vlen);
	if (status == STATUS_BUFFER_OVERFLOW || (status == STATUS_SUCCESS && !vlen))
		return STATUS_NOT_FOUND;		/* no EA any more */
	if (status != STATUS_SUCCESS)
		return status;
	return smb2_ea_put(ew, 0, it->name, it->name_len, val, vlen);
}

/* The EAs a FILE_GET_EA_INFORMATION list names, in its order. */
static u32 smb3k_ea_query_names(struct smb3k_ea_table *t, const struct smb2_query_info_req *req,
				struct smb2_ea_writer *ew, u8 *val)
{
	u32 pos = 0, n = 0, status;
	const char *name;
	u8 nlen;
	int i;

	while (smb2_ea_get_next(req->input, req->input_len, &pos, &name, &nlen) ==
	       STATUS_SUCCESS) {
		i = smb3k_ea_find(t, name, nlen);
		status = i >= 0 ? smb3k_ea_put_item(t, i, ew, val) : STATUS_NOT_FOUND;
		/* A name the file has not comes back with no value. */
		if (status == STATUS_NOT_FOUND)
			status = smb2_ea_put(ew, 0, name, nlen, NULL, 0);
		if (status == STATUS_BUFFER_OVERFLOW)
			return n ? STATUS_BUFFER_OVERFLOW : STATUS_BUFFER_TOO_SMALL;
		if (status != STATUS_SUCCESS)
			return status;
		n++;
		if (req->flags & SL_RETURN_SINGLE_ENTRY)
			break;
	}
	return STATUS_SUCCESS;
}

/* The file's EAs from the open's index (MS-SMB2 3.3.5.20.1, MS-FSA 2.1.5.12.12). */
static u32 smb3k_ea_query_all(struct smb3k_ea_table *t, struct smb3k_open *op,
			      const struct smb2_query_info_req *req,
			      struct smb2_ea_writer *ew, u8 *val)
{
	u32 next, n = 0, status = STATUS_SUCCESS;

	mutex_lock(&op->lock);
	if (req->flags & SL_INDEX_SPECIFIED)
		next = req->additional_info - 1;	/* EaIndex counts from 1 */
	else if (req->flags & SL_RESTART_SCAN)
		next = 0;
	else
		next = op->ea_next;
	mutex_unlock(&op->lock);
	if ((req->flags & SL_INDEX_SPECIFIED) && next >= t->count)
		return STATUS_NONEXISTENT_EA_ENTRY;
	if (next >= t->count)
		return STATUS_NO_MORE_EAS;

	while (next < t->count) {
		status = smb3k_ea_put_item(t, next, ew, val);
		if (status == STATUS_NOT_FOUND) {	/* skip an EA gone meanwhile */
			next++;
			continue;
		}
		if (status != STATUS_SUCCESS)
			break;
		next++;
		n++;
		if (req->flags & SL_RETURN_SINGLE_ENTRY)
			break;
	}
	if (status == STATUS_BUFFER_OVERFLOW && !n)
		return STATUS_BUFFER_TOO_SMALL;
	if (status != STATUS_SUCCESS && status != STATUS_BUFFER_OVERFLOW)
		return status;
	mutex_lock(&op->lock);
	op->ea_next = next;
	mutex_unlock(&op->lock);
	if (!n)
		return STATUS_NO_MORE_EAS;
	return status;
}

/**
 * smb3k_ea_query() - QUERY_INFO FileFullEaInformation
 * @w: the request; the caller checked FILE_READ_EA on its open
 * @req: the request: Flags SL_*, AdditionalInformation the EaIndex, the
 *	 input buffer a FILE_GET_EA_INFORMATION list
 * @out: where the FILE_FULL_EA_INFORMATION list goes
 * @cap: its size (OutputBufferLength, capped)
 * @len: set to the bytes written
 *
 * With a name list, the EAs named (one with no value for a name the file
 * has not), SL_RESTART_SCAN and SL_INDEX_SPECIFIED ignored. Without, the
 * EAs from EaIndex (SL_INDEX_SPECIFIED), the first (SL_RESTART_SCAN) or
 * where the open's last query stopped; the open then remembers where this
 * one stopped. SL_RETURN_SINGLE_ENTRY returns one EA.
 *
 * Return: STATUS_SUCCESS; STATUS_BUFFER_OVERFLOW with complete entries
 * when more did not fit; STATUS_BUFFER_TOO_SMALL when not even one did;
 * STATUS_NO_EAS_ON_FILE; STATUS_NO_MORE_EAS after the last;
 * STATUS_NONEXISTENT_EA_ENTRY for an EaIndex past the last;
 * STATUS_EA_LIST_INCONSISTENT / STATUS_INVALID_EA_NAME for a bad list.
 */
u32 smb3k_ea_query(struct smb3k_work *w, const struct smb2_query_info_req *req,
		   u8 *out, u32 cap, u32 *len)
{
	struct smb2_ea_writer ew;
	struct smb3k_ea_table *t;
	u8 *val = NULL;
	u32 status;

	*len = 0;
	status = smb2_ea_get_list_validate(req->input, req->input_len, NULL);
	if (status != STATUS_SUCCESS)
		return status;
	t = smb3k_ea_table_new(w, w->open);
	if (!t)
		return STATUS_NO_MEMORY;
	status = smb3k_ea_load(t, 0);
	if (status != STATUS_SUCCESS)
		goto out;
	if (!t->count) {
		status = STATUS_NO_EAS_ON_FILE;
		goto out;
	}
	val = kvmalloc(SMB3K_EA_VALUE_MAX, GFP_KERNEL);
	if (!val) {
		status = STATUS_NO_MEMORY;
		goto out;
	}
	smb2_ea_writer_init(&ew, out, cap);
	if (req->input_len)
		status = smb3k_ea_query_names(t, req, &ew, val);
	else
		status = smb3k_ea_query_all(t, w->open, req, &ew, val);
	if (status == STATUS_SUCCESS || status == STATUS_BUFFER_OVERFLOW)
		*len = ew.used;
out:
	kvfree(val);
	smb3k_ea_table_free(t);
	return status;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * File names from the wire (MS-SMB2 2.2.13, MS-FSCC 2.1.5): every rule is
 * checked here, before any conversion, so that no name can mean "..", an
 * absolute path, or two different files.
 */
#include "smb2_name.h"
#include "ntstatus.h"

static u16 unit(const u8 *name, u32 i)
{
	return get_le16(name + 2 * (size_t)i);
}

/* Characters Windows forbids in a file name (MS-FSCC 2.1.5.2). */
static bool name_char_invalid(u16 c)
{
	if (c < 0x20)
		return true;
	switch (c) {
	case '"': case '*': case ':': case '<': case '>': case '?': case '|':
		return true;
	}
	return false;
}

/* Valid UTF-16 at @*i: a high surrogate needs its low half (skipped). */
static bool surrogate_ok(const u8 *name, u32 end, u32 *i)
{
	u16 c = unit(name, *i);

	if (c >= 0xD800 && c <= 0xDBFF) {
		u16 lo = *i + 1 < end ? unit(name, *i + 1) : 0;

		if (lo < 0xDC00 || lo > 0xDFFF)
			return false;
		(*i)++;
		return true;
	}
	return c < 0xDC00 || c > 0xDFFF;
}

/* Are units [@from, @to) the ASCII string @s, ignoring ASCII case? */
static bool units_eq(const u8 *name, u32 from, u32 to, const char *s)
{
	u32 i, n = strlen(s);

	if (to - from != n)
		return false;
	for (i = 0; i < n; i++) {
		u16 c = unit(name, from + i);

		if (c >= 'a' && c <= 'z')
			c -= 'a' - 'A';
		if (c != (u8)s[i])
			return false;
	}
	return true;
}

/*
 * The stream part starts at the first ':' (MS-FSCC 2.1.5.3): a name of any
 * units but NUL, '\', '/' and ':', then optionally ":$DATA", the only type
 * a data stream has. Cuts *@units to the file part.
 */
static u32 stream_check(const u8 *name, u32 base, u32 *units, unsigned int flags,
			struct smb2_name_parts *p)
{
	u32 i, end = base + *units, colon = end, second = 0, sname_end;

	for (i = base; i < end; i++) {
		if (unit(name, i) == ':') {
			colon = i;
			break;
		}
	}
	if (colon == end)
		return STATUS_SUCCESS;
	if (!(flags & SMB2_NAME_STREAMS)) {
		/* Only the unnamed data stream, which names the file itself. */
		if (units_eq(name, colon, end, "::$DATA")) {
			*units = colon - base;
			return STATUS_SUCCESS;
		}
		return STATUS_OBJECT_NAME_INVALID;
	}
	for (i = colon + 1; i < end; i++) {
		u16 c = unit(name, i);

		if (c == ':') {
			if (second)
				return STATUS_OBJECT_NAME_INVALID;
			second = i;
			continue;
		}
		if (!c || c == '\\' || c == '/' || !surrogate_ok(name, end, &i))
			return STATUS_OBJECT_NAME_INVALID;
	}
	sname_end = second ? second : end;
	if (second && !units_eq(name, second + 1, end, "$DATA"))
		return STATUS_OBJECT_NAME_INVALID;	/* "f:s:", "f:s:$FOO" */
	if (sname_end == colon + 1 && !second)
		return STATUS_OBJECT_NAME_INVALID;	/* "f:" */
	if (sname_end - colon - 1 > SMB2_NAME_COMPONENT_MAX)
		return STATUS_OBJECT_NAME_INVALID;
	p->stream = true;
	p->stream_off = colon + 1;
	p->stream_units = sname_end - colon - 1;
	*units = colon - base;
	return STATUS_SUCCESS;
}

/**
 * smb2_name_check() - check a wire file name
 * @name: UTF-16LE name
 * @len: its length in bytes
 * @flags: SMB2_NAME_*
 * @p: set to where its parts are
 *
 * '/' separates like '\' (it cannot be part of a name); a trailing '\'
 * names the same directory.
 *
 * Return: STATUS_SUCCESS; STATUS_INVALID_PARAMETER for an odd length or a
 * leading '\' without SMB2_NAME_LEADING_SEP (MS-SMB2 3.3.5.9);
 * STATUS_OBJECT_NAME_INVALID for forbidden characters, empty, "." or
 * over-long components, unpaired surrogates, a malformed stream part (or
 * any named stream without SMB2_NAME_STREAMS); STATUS_OBJECT_PATH_SYNTAX_BAD
 * for a ".." component (nothing above the share root exists).
 */
u32 smb2_name_check(const u8 *name, u32 len, unsigned int flags, struct smb2_name_parts *p)
{
	u32 units = len / 2, base = 0, i, start;
	u32 status;

	memset(p, 0, sizeof(*p));
	if (len & 1)
		return STATUS_INVALID_PARAMETER;
	if (units && unit(name, 0) == '\\') {
		if (!(flags & SMB2_NAME_LEADING_SEP))
			return STATUS_INVALID_PARAMETER;
		base = 1;
		units--;
	}
	status = stream_check(name, base, &units, flags, p);
	if (status != STATUS_SUCCESS)
		return status;
	if (units && unit(name, base + units - 1) == '\\')
		units--;

	for (i = base, start = base; i <= base + units; i++) {
		u16 c = i < base + units ? unit(name, i) : '\\';
		u32 comp;

		if (c == '\\' || c == '/') {
			comp = i - start;
			if ((!comp && units) || comp > SMB2_NAME_COMPONENT_MAX)
				return STATUS_OBJECT_NAME_INVALID;
			if (comp == 1 && unit(name, start) == '.')
				return STATUS_OBJECT_NAME_INVALID;
			if (comp == 2 && unit(name, start) == '.' && unit(name, start + 1) == '.')
				return STATUS_OBJECT_PATH_SYNTAX_BAD;
			start = i + 1;
			continue;
		}
		if (name_char_invalid(c) || !surrogate_ok(name, base + units, &i))
			return STATUS_OBJECT_NAME_INVALID;
	}
	p->path_off = base;
	p->path_units = units;
	return STATUS_SUCCESS;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * NDR 2.0 marshalling helpers (C706 chapter 14; MS-RPCE 2.2.5). See ndr.h.
 */
#include "ndr.h"

/**
 * ndr_pull_init() - Start reading NDR stub data.
 * @p: the reader
 * @data: first byte of the stub data (NDR alignment is relative to it)
 * @len: bytes available
 */
void ndr_pull_init(struct ndr_pull *p, const u8 *data, size_t len)
{
	p->data = data;
	p->len = len;
	p->off = 0;
	p->err = false;
}

static bool ndr_pull_need(struct ndr_pull *p, size_t n)
{
	if (p->err || n > p->len - p->off) {
		p->err = true;
		return false;
	}
	return true;
}

/**
 * ndr_pull_align() - Skip padding up to a multiple of @n (1, 2, 4 or 8).
 * @p: the reader
 * @n: alignment
 *
 * Return: false (and ->err set) if the padding runs past the buffer.
 */
bool ndr_pull_align(struct ndr_pull *p, size_t n)
{
	size_t pad = (n - (p->off & (n - 1))) & (n - 1);

	if (!ndr_pull_need(p, pad))
		return false;
	p->off += pad;
	return true;
}

/**
 * ndr_pull_u8() - Read a small (8-bit) value.
 * @p: the reader
 * @v: the value, set only on success
 *
 * Return: true on success.
 */
bool ndr_pull_u8(struct ndr_pull *p, u8 *v)
{
	if (!ndr_pull_need(p, 1))
		return false;
	*v = p->data[p->off++];
	return true;
}

/**
 * ndr_pull_u16() - Read a 2-aligned short (also NDR enums).
 * @p: the reader
 * @v: the value, set only on success
 *
 * Return: true on success.
 */
bool ndr_pull_u16(struct ndr_pull *p, u16 *v)
{
	if (!ndr_pull_align(p, 2) || !ndr_pull_need(p, 2))
		return false;
	*v = get_le16(p->data + p->off);
	p->off += 2;
	return true;
}

/**
 * ndr_pull_u32() - Read a 4-aligned long.
 * @p: the reader
 * @v: the value, set only on success
 *
 * Return: true on success.
 */
bool ndr_pull_u32(struct ndr_pull *p, u32 *v)
{
	if (!ndr_pull_align(p, 4) || !ndr_pull_need(p, 4))
		return false;
	*v = get_le32(p->data + p->off);
	p->off += 4;
	return true;
}

/**
 * ndr_pull_u64() - Read an 8-aligned hyper.
 * @p: the reader
 * @v: the value, set only on success
 *
 * Return: true on success.
 */
bool ndr_pull_u64(struct ndr_pull *p, u64 *v)
{
	if (!ndr_pull_align(p, 8) || !ndr_pull_need(p, 8))
		return false;
	*v = get_le64(p->data + p->off);
	p->off += 8;
	return true;
}

/**
 * ndr_pull_bytes() - Take a view of @n unaligned bytes.
 * @p: the reader
 * @n: byte count
 * @v: set to the bytes inside the reader's buffer, only on success
 *
 * Return: true on success.
 */
bool ndr_pull_bytes(struct ndr_pull *p, size_t n, const u8 **v)
{
	if (!ndr_pull_need(p, n))
		return false;
	*v = p->data + p->off;
	p->off += n;
	return true;
}

/**
 * ndr_pull_ptr() - Read the referent id of a unique or full pointer.
 * @p: the reader
 * @ref_id: 0 for NULL, else the id; the referent follows later (deferred)
 *
 * Return: true on success.
 */
bool ndr_pull_ptr(struct ndr_pull *p, u32 *ref_id)
{
	return ndr_pull_u32(p, ref_id);
}

/**
 * ndr_pull_conformant_count() - Read a conformance (max_count) of an array.
 * @p: the reader
 * @max: largest count the caller accepts (at most NDR_MAX_COUNT is taken)
 * @count: the value, set only on success
 *
 * Return: true on success; false if truncated or above @max.
 */
bool ndr_pull_conformant_count(struct ndr_pull *p, u32 max, u32 *count)
{
	u32 c;

	if (!ndr_pull_u32(p, &c))
		return false;
	if (c > max || c > NDR_MAX_COUNT) {
		p->err = true;
		return false;
	}
	*count = c;
	return true;
}

/**
 * ndr_pull_array_bytes() - Take a view of @count aligned elements.
 * @p: the reader
 * @count: number of elements (already bounded by the caller)
 * @elem_size: size of one element
 * @align: alignment of the element type
 * @v: set to the first element inside the buffer, only on success
 *
 * Return: true on success.
 */
bool ndr_pull_array_bytes(struct ndr_pull *p, u32 count, size_t elem_size,
			  size_t align, const u8 **v)
{
	u64 total = (u64)count * elem_size;

	if (count > NDR_MAX_COUNT || total > p->len) {
		p->err = true;
		return false;
	}
	if (!ndr_pull_align(p, align))
		return false;
	return ndr_pull_bytes(p, (size_t)total, v);
}

/**
 * ndr_pull_string() - Read a [string] wchar_t conformant varying array.
 * @p: the reader
 * @utf16: set to the UTF-16LE characters inside the buffer, without the
 *	terminating NUL
 * @nchars: number of characters at @utf16
 *
 * The array is max_count, offset (must be 0), actual_count (at most
 * max_count, at least 1), then actual_count 16-bit characters of which
 * the last must be 0. A NUL before the last ends the string there, as
 * the C string a Windows server is handed does (impacket sends server
 * names of ten NULs).
 *
 * Return: true on success.
 */
bool ndr_pull_string(struct ndr_pull *p, const u8 **utf16, u32 *nchars)
{
	u32 max, offset, actual, i;
	const u8 *s;

	if (!ndr_pull_u32(p, &max) || !ndr_pull_u32(p, &offset) ||
	    !ndr_pull_u32(p, &actual))
		return false;
	if (offset || !actual || actual > max || actual > NDR_MAX_COUNT) {
		p->err = true;
		return false;
	}
	if (!ndr_pull_array_bytes(p, actual, 2, 2, &s))
		return false;
	if (get_le16(s + 2 * (actual - 1))) {
		p->err = true;
		return false;
	}
	for (i = 0; get_le16(s + 2 * i); i++)
		;
	*utf16 = s;
	*nchars = i;
	return true;
}

/**
 * ndr_pull_remaining() - Bytes not read yet.
 * @p: the reader
 *
 * Return: the count, 0 after an error.
 */
size_t ndr_pull_remaining(const struct ndr_pull *p)
{
	return p->err ? 0 : p->len - p->off;
}

/**
 * ndr_push_init() - Start writing NDR stub data.
 * @w: the writer
 * @buf: output buffer (may be NULL with @cap 0 to only measure)
 * @cap: its size
 */
void ndr_push_init(struct ndr_push *w, u8 *buf, size_t cap)
{
	w->buf = buf;
	w->cap = buf ? cap : 0;
	w->off = 0;
	w->next_ref = NDR_REF_ID_BASE;
	w->overflow = false;
	w->err = false;
}

/* Store n bytes at the current offset if they fit; always advance. */
static void ndr_push_raw(struct ndr_push *w, const void *v, size_t n)
{
	if (w->off <= w->cap && n <= w->cap - w->off) {
		if (v)
			memcpy(w->buf + w->off, v, n);
		else if (n)
			memset(w->buf + w->off, 0, n);
	} else {
		w->overflow = true;
	}
	w->off += n;
}

/**
 * ndr_push_align() - Write zero padding up to a multiple of @n.
 * @w: the writer
 * @n: alignment (1, 2, 4 or 8)
 */
void ndr_push_align(struct ndr_push *w, size_t n)
{
	ndr_push_raw(w, NULL, (n - (w->off & (n - 1))) & (n - 1));
}

/**
 * ndr_push_u8() - Write a small.
 * @w: the writer
 * @v: the value
 */
void ndr_push_u8(struct ndr_push *w, u8 v)
{
	ndr_push_raw(w, &v, 1);
}

/**
 * ndr_push_u16() - Write a 2-aligned short (also NDR enums).
 * @w: the writer
 * @v: the value
 */
void ndr_push_u16(struct ndr_push *w, u16 v)
{
	u8 b[2];

	ndr_push_align(w, 2);
	put_le16(b, v);
	ndr_push_raw(w, b, 2);
}

/**
 * ndr_push_u32() - Write a 4-aligned long.
 * @w: the writer
 * @v: the value
 */
void ndr_push_u32(struct ndr_push *w, u32 v)
{
	u8 b[4];

	ndr_push_align(w, 4);
	put_le32(b, v);
	ndr_push_raw(w, b, 4);
}

/**
 * ndr_push_u64() - Write an 8-aligned hyper.
 * @w: the writer
 * @v: the value
 */
void ndr_push_u64(struct ndr_push *w, u64 v)
{
	u8 b[8];

	ndr_push_align(w, 8);
	put_le64(b, v);
	ndr_push_raw(w, b, 8);
}

/**
 * ndr_push_bytes() - Write bytes without alignment.
 * @w: the writer
 * @v: the bytes
 * @n: their count
 */
void ndr_push_bytes(struct ndr_push *w, const void *v, size_t n)
{
	if (n)
		ndr_push_raw(w, v, n);
}

/**
 * ndr_push_zero() - Write zero bytes without alignment.
 * @w: the writer
 * @n: their count
 */
void ndr_push_zero(struct ndr_push *w, size_t n)
{
	ndr_push_raw(w, NULL, n);
}

/**
 * ndr_push_ptr() - Write a unique/full pointer's referent id.
 * @w: the writer
 * @non_null: false writes NULL (0); true writes a fresh referent id, and
 *	the caller must write the referent at its deferred position
 */
void ndr_push_ptr(struct ndr_push *w, bool non_null)
{
	if (!non_null) {
		ndr_push_u32(w, 0);
		return;
	}
	ndr_push_u32(w, w->next_ref);
	w->next_ref += 4;
}

/* Decode one UTF-8 code point; 0 bytes consumed on invalid input. */
static size_t utf8_next(const u8 *s, u32 *cp)
{
	u32 c = s[0], min;
	size_t n, i;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
		c &= 0x1f;
		min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		c &= 0x0f;
		min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		c &= 0x07;
		min = 0x10000;
	} else {
		return 0;
	}
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;	/* also stops at the NUL */
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

/**
 * ndr_utf8_to_utf16() - Convert a NUL-terminated UTF-8 string to UTF-16LE.
 * @s: the string
 * @out: output (may be NULL to count only)
 * @cap: size of @out in bytes
 * @bad: set to true if @s is not valid UTF-8 (the rest is then skipped)
 *
 * Characters above U+FFFF become surrogate pairs. Nothing is written past
 * @cap; no terminating NUL is written.
 *
 * Return: the size of the whole conversion in bytes (even if above @cap).
 */
size_t ndr_utf8_to_utf16(const char *s, u8 *out, size_t cap, bool *bad)
{
	const u8 *u = (const u8 *)s;
	size_t len = 0, n;
	u32 cp;

	*bad = false;
	while (*u) {
		n = utf8_next(u, &cp);
		if (!n) {
			*bad = true;
			break;
		}
		u += n;
		if (cp >= 0x10000) {
			cp -= 0x10000;
			if (out && len + 4 <= cap) {
				put_le16(out + len, (u16)(0xd800 | (cp >> 10)));
				put_le16(out + len + 2, (u16)(0xdc00 | (cp & 0x3ff)));
			}
			len += 4;
		} else {
			if (out && len + 2 <= cap)
				put_le16(out + len, (u16)cp);
			len += 2;
		}
	}
	return len;
}

/* Write the UTF-16LE form of s (no NUL), nbytes long as measured. */
static void ndr_push_utf16(struct ndr_push *w, const char *s, size_t nbytes)
{
	bool bad;

	if (w->off <= w->cap && nbytes <= w->cap - w->off) {
		ndr_utf8_to_utf16(s, w->buf + w->off, nbytes, &bad);
		w->off += nbytes;
	} else {
		ndr_push_raw(w, NULL, nbytes);
	}
}

static size_t ndr_utf16_size(struct ndr_push *w, const char *s)
{
	bool bad;
	size_t n = ndr_utf8_to_utf16(s, NULL, 0, &bad);

	if (bad || n / 2 >= NDR_MAX_COUNT) {
		w->err = true;
		return 0;
	}
	return n;
}

/**
 * ndr_push_string() - Write a [string] wchar_t* referent.
 * @w: the writer
 * @utf8: NUL-terminated UTF-8 text
 *
 * Writes max_count, offset 0, actual_count (characters including the
 * terminating NUL) and the UTF-16LE characters. Invalid UTF-8 sets ->err.
 */
void ndr_push_string(struct ndr_push *w, const char *utf8)
{
	size_t n = ndr_utf16_size(w, utf8);
	u32 count = (u32)(n / 2 + 1);

	ndr_push_u32(w, count);
	ndr_push_u32(w, 0);
	ndr_push_u32(w, count);
	ndr_push_utf16(w, utf8, n);
	ndr_push_u16(w, 0);
}

/**
 * ndr_push_ustr_hdr() - Write an RPC_UNICODE_STRING (MS-DTYP 2.3.10).
 * @w: the writer
 * @utf8: the text, or NULL for a NULL Buffer
 *
 * Aligned to 4 (the structure's alignment, for its pointer). Length and
 * MaximumLength are the UTF-16 size in bytes without a NUL;
 * Buffer is a unique pointer whose referent ndr_push_ustr_body() writes.
 * Texts of 32767 characters or more set ->err.
 */
void ndr_push_ustr_hdr(struct ndr_push *w, const char *utf8)
{
	size_t n = utf8 ? ndr_utf16_size(w, utf8) : 0;

	if (n > 0xfffe) {
		w->err = true;
		n = 0;
	}
	ndr_push_align(w, 4);	/* the structure's alignment (pointer) */
	ndr_push_u16(w, (u16)n);
	ndr_push_u16(w, (u16)n);
	ndr_push_ptr(w, utf8 != NULL);
}

/**
 * ndr_push_ustr_body() - Write the Buffer referent of an RPC_UNICODE_STRING.
 * @w: the writer
 * @utf8: the same text as given to ndr_push_ustr_hdr(); NULL writes nothing
 */
void ndr_push_ustr_body(struct ndr_push *w, const char *utf8)
{
	size_t n;

	if (!utf8)
		return;
	n = ndr_utf16_size(w, utf8);
	if (n > 0xfffe)
		return;
	ndr_push_u32(w, (u32)(n / 2));
	ndr_push_u32(w, 0);
	ndr_push_u32(w, (u32)(n / 2));
	ndr_push_utf16(w, utf8, n);
}

/**
 * ndr_push_ok() - Whether everything written so far was stored and valid.
 * @w: the writer
 *
 * Return: false after an overflow of ->cap or invalid input.
 */
bool ndr_push_ok(const struct ndr_push *w)
{
	return !w->overflow && !w->err;
}

/**
 * ndr_utf16_to_utf8() - Convert UTF-16LE to NUL-terminated UTF-8.
 * @utf16: the characters (as pulled by ndr_pull_string())
 * @nchars: their count
 * @out: output buffer
 * @cap: its size, including room for the NUL
 *
 * Return: false for an unpaired surrogate, a NUL character or if the
 * result (with its NUL) does not fit in @cap; @out is then "" if @cap > 0.
 */
bool ndr_utf16_to_utf8(const u8 *utf16, u32 nchars, char *out, size_t cap)
{
	size_t o = 0;
	u32 i, c, lo;

	for (i = 0; i < nchars; i++) {
		c = get_le16(utf16 + 2 * i);
		if (!c)
			goto fail;
		if (c >= 0xdc00 && c <= 0xdfff)
			goto fail;
		if (c >= 0xd800 && c <= 0xdbff) {
			if (i + 1 >= nchars)
				goto fail;
			lo = get_le16(utf16 + 2 * (i + 1));
			if (lo < 0xdc00 || lo > 0xdfff)
				goto fail;
			c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
			i++;
		}
		if (c < 0x80) {
			if (o + 2 > cap)
				goto fail;
			out[o++] = (char)c;
		} else if (c < 0x800) {
			if (o + 3 > cap)
				goto fail;
			out[o++] = (char)(0xc0 | (c >> 6));
			out[o++] = (char)(0x80 | (c & 0x3f));
		} else if (c < 0x10000) {
			if (o + 4 > cap)
				goto fail;
			out[o++] = (char)(0xe0 | (c >> 12));
			out[o++] = (char)(0x80 | ((c >> 6) & 0x3f));
			out[o++] = (char)(0x80 | (c & 0x3f));
		} else {
			if (o + 5 > cap)
				goto fail;
			out[o++] = (char)(0xf0 | (c >> 18));
			out[o++] = (char)(0x80 | ((c >> 12) & 0x3f));
			out[o++] = (char)(0x80 | ((c >> 6) & 0x3f));
			out[o++] = (char)(0x80 | (c & 0x3f));
		}
	}
	if (!cap)
		return false;
	out[o] = '\0';
	return true;
fail:
	if (cap)
		out[0] = '\0';
	return false;
}

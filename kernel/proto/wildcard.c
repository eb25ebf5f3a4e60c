// SPDX-License-Identifier: GPL-2.0
/*
 * wildcard.c - "Is a FileName in an Expression" (MS-FSA 2.1.4.4).
 *
 * The expression is an automaton whose states are its positions 0..m
 * (m: all of it matched). Reading one name unit moves each live state:
 *   *  stays (consumes the unit)      ?  advances
 *   <  stays unless the unit is the last '.' of the name
 *   >  advances on a unit other than '.'
 *   "  advances on '.'                 x  advances on an equal unit
 * Between units, states move forward without consuming: past * and <
 * always, past > when the next unit is '.' or the name has ended, past "
 * when the name has ended. The name matches when state m is live after its
 * last unit.
 *
 * The live states are a bit set, moved a word at a time with masks of the
 * positions of each wildcard; only literal positions are compared one by
 * one. The forward moves follow runs of positions: adding the live bits of
 * a run to the run's mask carries one bit to the run's end (x + E), which
 * with (x + E) ^ E sets every position from the live one to past the run.
 * The cost is bounded by name length x expression length whatever the
 * pattern, with no recursion and a few hundred bytes of stack.
 */
#include "wildcard.h"
#include "upcase.h"

#define DOS_STAR	'<'
#define DOS_QM		'>'
#define DOS_DOT		'"'
#define NAME_END	0xFFFFFFFFU	/* lookahead once the name is consumed */
#define WC_WORDS	((SMB2_WILDCARD_MAX_UNITS + 1 + 63) / 64)

/* Positions of each kind of expression unit, one bit per position */
struct wc_masks {
	u64 star[WC_WORDS];
	u64 dos_star[WC_WORDS];
	u64 qm[WC_WORDS];
	u64 dos_qm[WC_WORDS];
	u64 dos_dot[WC_WORDS];
	u64 lit[WC_WORDS];
};

static u16 unit_at(const u8 *p, u32 i)
{
	return get_le16(p + 2 * (size_t)i);
}

static bool is_wild(u16 c)
{
	return c == '*' || c == '?' || c == DOS_STAR || c == DOS_QM || c == DOS_DOT;
}

/* smb2_upcase() with ASCII, by far the most common, done here */
static u16 fold(u16 c)
{
	if (c < 0x80)
		return (c >= 'a' && c <= 'z') ? c - 0x20 : c;
	return smb2_upcase(c);
}

/* @uc: fold(@b), computed once per name unit by the caller */
static bool same_unit(u16 a, u16 b, u16 uc, bool ignore_case)
{
	return a == b || (ignore_case && fold(a) == uc);
}

static void wc_masks_init(struct wc_masks *k, const u8 *expr, u32 m)
{
	u64 *dst;
	u32 i;

	memset(k, 0, sizeof(*k));
	for (i = 0; i < m; i++) {
		switch (unit_at(expr, i)) {
		case '*':
			dst = k->star;
			break;
		case DOS_STAR:
			dst = k->dos_star;
			break;
		case '?':
			dst = k->qm;
			break;
		case DOS_QM:
			dst = k->dos_qm;
			break;
		case DOS_DOT:
			dst = k->dos_dot;
			break;
		default:
			dst = k->lit;
			break;
		}
		dst[i / 64] |= (u64)1 << (i % 64);
	}
}

/* Moves that consume nothing, before unit @la (or NAME_END): @s grows. */
static void wc_closure(u64 *s, const struct wc_masks *k, u32 nw, u32 la)
{
	u64 e, sum, out, carry = 0;
	u32 w;

	for (w = 0; w < nw; w++) {
		e = k->star[w] | k->dos_star[w];
		if (la == NAME_END || la == '.')
			e |= k->dos_qm[w];
		if (la == NAME_END)
			e |= k->dos_dot[w];
		sum = e + (s[w] & e);
		out = sum < e;			/* carry out of this word */
		sum += carry;
		carry = out | (sum < carry);
		s[w] |= sum ^ e;
	}
}

/*
 * Consume name unit @c (@last_dot: it is the name's last '.'): @s -> @t.
 * Returns whether any state is still live.
 */
static bool wc_step(const u64 *s, u64 *t, const struct wc_masks *k, u32 nw, const u8 *expr,
		    u16 c, bool last_dot, bool ignore_case)
{
	u64 adv[WC_WORDS], x, live = 0;
	u16 uc = ignore_case ? fold(c) : c;
	u32 w, i;

	for (w = 0; w < nw; w++) {
		t[w] = s[w] & k->star[w];
		if (!last_dot)
			t[w] |= s[w] & k->dos_star[w];
		adv[w] = s[w] & (k->qm[w] | (c == '.' ? k->dos_dot[w] : k->dos_qm[w]));
		for (x = s[w] & k->lit[w]; x; x &= x - 1) {
			i = __builtin_ctzll(x);
			if (same_unit(unit_at(expr, w * 64 + i), c, uc, ignore_case))
				adv[w] |= (u64)1 << i;
		}
	}
	for (w = 0; w < nw; w++) {
		t[w] |= adv[w] << 1;
		if (w)
			t[w] |= adv[w - 1] >> 63;
		live |= t[w];
	}
	return live != 0;
}

/* "*" followed by plain units: does the name end with them? */
static bool match_tail(const u8 *expr, u32 el, const u8 *name, u32 nl, bool ignore_case)
{
	u32 tl = el - 1, i;
	u16 c;

	if (tl > nl)
		return false;
	for (i = 0; i < tl; i++) {
		c = unit_at(name, nl - tl + i);
		if (!same_unit(unit_at(expr, 1 + i), c, fold(c), ignore_case))
			return false;
	}
	return true;
}

static bool has_wild_from(const u8 *expr, u32 from, u32 el)
{
	for (; from < el; from++) {
		if (is_wild(unit_at(expr, from)))
			return true;
	}
	return false;
}

/**
 * smb2_wildcard_match() - is a file name in an expression (MS-FSA 2.1.4.4)
 * @expr: the expression, UTF-16LE
 * @expr_len: its length in bytes (a trailing odd byte is ignored)
 * @name: the file name, UTF-16LE
 * @name_len: its length in bytes (a trailing odd byte is ignored)
 * @ignore_case: compare units after smb2_upcase()
 *
 * Part 1 of the algorithm: an empty name matches only an empty expression;
 * "*" and "*.*" match every name; "*" followed by no wildcard compares the
 * end of the name. Unlike 2.1.4.4, an empty expression matches every name,
 * as a query with an empty pattern means "*" (MS-FSA 2.1.5.6). An
 * expression longer than SMB2_WILDCARD_MAX_UNITS matches nothing (unless
 * Part 1 decides it).
 *
 * Return: true when @name matches @expr.
 */
bool smb2_wildcard_match(const u8 *expr, u32 expr_len, const u8 *name, u32 name_len,
			 bool ignore_case)
{
	u64 s[WC_WORDS], t[WC_WORDS];
	struct wc_masks k;
	u32 el = expr_len / 2, nl = name_len / 2;
	u32 j, w, nw, last_dot = NAME_END;

	if (!el)
		return true;
	if (!nl)
		return false;
	if (unit_at(expr, 0) == '*') {
		if (el == 1 ||
		    (el == 3 && unit_at(expr, 1) == '.' && unit_at(expr, 2) == '*'))
			return true;
		if (!has_wild_from(expr, 1, el))
			return match_tail(expr, el, name, nl, ignore_case);
	}
	if (el > SMB2_WILDCARD_MAX_UNITS)
		return false;

	for (j = 0; j < nl; j++) {
		if (unit_at(name, j) == '.')
			last_dot = j;
	}
	nw = (el + 1 + 63) / 64;	/* states 0..el */
	wc_masks_init(&k, expr, el);
	memset(s, 0, sizeof(s));
	s[0] = 1;
	wc_closure(s, &k, nw, unit_at(name, 0));
	for (j = 0; j < nl; j++) {
		if (!wc_step(s, t, &k, nw, expr, unit_at(name, j), j == last_dot, ignore_case))
			return false;
		wc_closure(t, &k, nw, j + 1 < nl ? unit_at(name, j + 1) : NAME_END);
		for (w = 0; w < nw; w++)
			s[w] = t[w];
	}
	return (s[el / 64] >> (el % 64)) & 1;
}

/**
 * smb2_wildcard_has_wild() - does an expression hold a wildcard (2.1.4.3)
 * @expr: the expression, UTF-16LE
 * @expr_len: its length in bytes
 *
 * Return: true if any unit is one of * ? < > ".
 */
bool smb2_wildcard_has_wild(const u8 *expr, u32 expr_len)
{
	return has_wild_from(expr, 0, expr_len / 2);
}

/**
 * smb2_wildcard_expr_valid() - may a search pattern be used (MS-FSA 2.1.5.6.3)
 * @expr: the pattern, UTF-16LE
 * @expr_len: its length in bytes
 *
 * A pattern must be a valid file name component (MS-FSCC 2.1.5.2) in which
 * wildcards are allowed: 1 to SMB2_WILDCARD_MAX_UNITS units, none of them a
 * control character (below U+0020) or one of \ / : |. An empty pattern is
 * not checked by the caller: it stands for "*".
 *
 * Return: true if valid; the query fails with STATUS_OBJECT_NAME_INVALID
 * otherwise.
 */
bool smb2_wildcard_expr_valid(const u8 *expr, u32 expr_len)
{
	u32 i, el = expr_len / 2;
	u16 c;

	if (!el || (expr_len & 1) || el > SMB2_WILDCARD_MAX_UNITS)
		return false;
	for (i = 0; i < el; i++) {
		c = unit_at(expr, i);
		if (c < 0x20 || c == '\\' || c == '/' || c == ':' || c == '|')
			return false;
	}
	return true;
}

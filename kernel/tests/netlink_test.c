// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the kernel side of the netlink ABI against hostile daemon
 * messages. The daemon is trusted (GENL_ADMIN_PERM, registered port), but
 * a bug in it must not become memory corruption in the kernel: every
 * attribute the kernel reads passes the family's policy first
 * (smb3k_upcall_parse()), and what the readers then assume is restated
 * here, independently of the policy, as a table. Random and malformed
 * messages (a fixed seed, so a failure repeats) go through the parser;
 * whatever it accepts must satisfy the table. Replies that match no
 * waiting upcall are refused.
 */
#include <kunit/test.h>
#include <linux/prandom.h>
#include <linux/skbuff.h>
#include <net/genetlink.h>
#include <linux/smb3k.h>

#include "../netlink.h"
#include "../server.h"
#include "../session.h"
#include "../upcall.h"

#define NLT_ROUNDS	20000
#define NLT_SEED	0x736d62336bULL

/* What a reader of the attribute assumes. */
enum nlt_kind {
	NLT_NONE,	/* not read from daemon messages, or not at all */
	NLT_FIXED,	/* exactly @max bytes (u8 .. u64, GUIDs, keys) */
	NLT_STRING,	/* NUL-terminated within the attribute, at most @max chars */
	NLT_BLOB,	/* at most @max bytes */
	NLT_NESTED,	/* attributes inside */
};

struct nlt_rule {
	enum nlt_kind kind;
	u32 max;
	u64 lo, hi;	/* value range of a FIXED integer, when hi != 0 */
};

static const struct nlt_rule nlt_rules[SMB3K_A_MAX + 1] = {
	[SMB3K_A_ABI_VERSION] = { NLT_FIXED, 4 },
	[SMB3K_A_DAEMON_PID] = { NLT_FIXED, 4 },
	[SMB3K_A_HANDLE] = { NLT_FIXED, 4 },
	[SMB3K_A_HEARTBEAT_MS] = { NLT_FIXED, 4, SMB3K_HEARTBEAT_MIN_MS,
				   SMB3K_HEARTBEAT_MAX_MS },
	[SMB3K_A_SERVER_GUID] = { NLT_FIXED, SMB3K_GUID_SIZE },
	[SMB3K_A_MIN_DIALECT] = { NLT_FIXED, 2 },
	[SMB3K_A_MAX_DIALECT] = { NLT_FIXED, 2 },
	[SMB3K_A_SIGNING] = { NLT_FIXED, 1, 0, SMB3K_SIGNING_MANDATORY },
	[SMB3K_A_ENCRYPT] = { NLT_FIXED, 1, 0, SMB3K_ENCRYPT_REQUIRED },
	[SMB3K_A_MAX_CONNECTIONS] = { NLT_FIXED, 4 },
	[SMB3K_A_NETBIOS_NAME] = { NLT_STRING, SMB3K_NETBIOS_NAME_MAX },
	[SMB3K_A_LISTEN] = { NLT_NESTED },
	[SMB3K_A_NTSTATUS] = { NLT_FIXED, 4 },
	[SMB3K_A_SESSION_ID] = { NLT_FIXED, 8 },
	[SMB3K_A_DIALECT] = { NLT_FIXED, 2 },
	[SMB3K_A_CLIENT_GUID] = { NLT_FIXED, SMB3K_GUID_SIZE },
	[SMB3K_A_PEER] = { NLT_NESTED },
	/* SESSION_SETUP copies the blob into a response (a u16 length). */
	[SMB3K_A_SEC_BLOB] = { NLT_BLOB, SMB3K_SEC_BLOB_MAX },
	[SMB3K_A_SESSION_FLAGS] = { NLT_FIXED, 4 },
	[SMB3K_A_SESSION_KEY] = { NLT_FIXED, 16 },
	/* Copied whole into struct smb3k_session.user: never cut. */
	[SMB3K_A_USER_NAME] = { NLT_STRING, SMB3K_USER_NAME_MAX },
	[SMB3K_A_USER_DOMAIN] = { NLT_STRING, 256 },
	[SMB3K_A_UID] = { NLT_FIXED, 4 },
	[SMB3K_A_GID] = { NLT_FIXED, 4 },
	[SMB3K_A_SHARE_NAME] = { NLT_STRING, 4 * SMB3K_SHARE_NAME_MAX },
	[SMB3K_A_SHARE_TYPE] = { NLT_FIXED, 1, SMB3K_SHARE_DISK, SMB3K_SHARE_PIPE },
	[SMB3K_A_SHARE_PATH] = { NLT_STRING, PATH_MAX - 1 },
	[SMB3K_A_SHARE_OPTIONS] = { NLT_FIXED, 4 },
	[SMB3K_A_MAXIMAL_ACCESS] = { NLT_FIXED, 4 },
	[SMB3K_A_PIPE_NAME] = { NLT_STRING, 256 },
	[SMB3K_A_PIPE_ID] = { NLT_FIXED, 8 },
	/* A pipe read copies at most this into the response. */
	[SMB3K_A_DATA] = { NLT_BLOB, SMB3K_RPC_DATA_MAX },
	[SMB3K_A_LENGTH] = { NLT_FIXED, 4 },
	/* u32 gids, handed to groups_alloc() by count. */
	[SMB3K_A_GROUPS] = { NLT_BLOB, 4 * SMB3K_GROUPS_MAX },
	[SMB3K_A_OPEN] = { NLT_NESTED },
	[SMB3K_A_OPEN_ID] = { NLT_FIXED, 8 },
};

/* Lengths near every boundary the policy has. */
static const u16 nlt_lens[] = {
	0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 63, 64, 65, 255, 256, 257, 512,
};

/* Append one attribute of random type and length, or bytes that only look like one. */
static void nlt_add_attr(struct sk_buff *skb, struct rnd_state *st)
{
	u32 r = prandom_u32_state(st);
	int type = r % (SMB3K_A_MAX + 3);
	u32 len = (r >> 8) & 1 ? nlt_lens[(r >> 9) % ARRAY_SIZE(nlt_lens)] :
		  prandom_u32_state(st) % 1024;
	struct nlattr *nla, *nest;
	u8 *p;

	switch ((r >> 16) % 5) {
	case 0:		/* a string: sometimes terminated, sometimes not */
	case 1:		/* random bytes */
		if (skb_tailroom(skb) < nla_total_size(len))
			return;
		nla = __nla_reserve(skb, type, len);
		prandom_bytes_state(st, nla_data(nla), len);
		if ((r >> 16) % 5 == 0 && len && (r >> 20) & 1) {
			p = nla_data(nla);
			memset(p, 'a', len);
			p[len - 1] = 0;
		}
		break;
	case 2:		/* nested: an attribute inside */
		nest = nla_nest_start_noflag(skb, type);
		if (!nest)
			return;
		if (skb_tailroom(skb) >= nla_total_size(16)) {
			len = prandom_u32_state(st) % 17;
			nla = __nla_reserve(skb, prandom_u32_state(st) % 6, len);
			prandom_bytes_state(st, nla_data(nla), len);
		}
		nla_nest_end(skb, nest);
		break;
	case 3:		/* a header whose length lies (short, or past the end) */
		if (skb_tailroom(skb) < NLA_HDRLEN + 8)
			return;
		nla = skb_put(skb, NLA_HDRLEN + 8);
		nla->nla_type = type;
		nla->nla_len = (r >> 20) & 1 ? (r >> 21) % NLA_HDRLEN :
			       NLA_HDRLEN + 8 + (r >> 21) % 4096;
		prandom_bytes_state(st, nla_data(nla), 8);
		break;
	default:	/* garbage, any length (not 4-aligned either) */
		len %= 64;
		if (skb_tailroom(skb) < len)
			return;
		prandom_bytes_state(st, skb_put(skb, len), len);
		break;
	}
}

static struct sk_buff *nlt_message(struct kunit *test, struct rnd_state *st)
{
	struct sk_buff *skb = genlmsg_new(8192, GFP_KERNEL);
	unsigned int i, n;
	void *hdr;

	KUNIT_ASSERT_NOT_NULL(test, skb);
	hdr = genlmsg_put(skb, 0, 0, &smb3k_genl_family, 0, SMB3K_CMD_SESSION_SETUP);
	KUNIT_ASSERT_NOT_NULL(test, hdr);
	n = prandom_u32_state(st) % 10;
	for (i = 0; i < n; i++)
		nlt_add_attr(skb, st);
	genlmsg_end(skb, hdr);
	return skb;
}

/* Does @nla, accepted by the parser, meet what its reader assumes? */
static bool nlt_meets_rule(int type, const struct nlattr *nla, char *why, size_t n)
{
	const struct nlt_rule *rule = &nlt_rules[type];
	int len = nla_len(nla);
	const char *s = nla_data(nla);
	u64 v = 0;

	switch (rule->kind) {
	case NLT_FIXED:
		if (len != rule->max) {
			snprintf(why, n, "length %d, not %u", len, rule->max);
			return false;
		}
		if (!rule->hi)
			return true;
		memcpy(&v, s, len);	/* little-endian host (x86) */
		if (v < rule->lo || v > rule->hi) {
			snprintf(why, n, "value %llu outside %llu..%llu", v, rule->lo,
				 rule->hi);
			return false;
		}
		return true;
	case NLT_STRING:
		if (len < 1 || strnlen(s, len) == len) {
			snprintf(why, n, "not NUL-terminated (%d bytes)", len);
			return false;
		}
		if (strnlen(s, len) > rule->max) {
			snprintf(why, n, "%zu characters, more than %u", strnlen(s, len),
				 rule->max);
			return false;
		}
		return true;
	case NLT_BLOB:
		if (len > rule->max) {
			snprintf(why, n, "%d bytes, more than %u", len, rule->max);
			return false;
		}
		return true;
	case NLT_NESTED:
		return true;
	default:
		snprintf(why, n, "accepted, but no reader expects it");
		return false;
	}
}

/* Random and malformed messages: whatever parses meets every reader's rule. */
static void nlt_parse_meets_rules(struct kunit *test)
{
	struct nlattr *tb[SMB3K_A_MAX + 1];
	unsigned int round, accepted = 0, attrs = 0;
	struct rnd_state st;
	char why[96];
	int type;

	BUILD_BUG_ON(SMB3K_SEC_BLOB_MAX > U16_MAX);
	prandom_seed_state(&st, NLT_SEED);
	for (round = 0; round < NLT_ROUNDS; round++) {
		struct sk_buff *skb = nlt_message(test, &st);

		if (!smb3k_upcall_parse(skb, tb)) {
			accepted++;
			for (type = 0; type <= SMB3K_A_MAX; type++) {
				if (!tb[type])
					continue;
				attrs++;
				if (!nlt_meets_rule(type, tb[type], why, sizeof(why)))
					KUNIT_FAIL(test, "round %u: attribute %d: %s", round,
						   type, why);
			}
		}
		kfree_skb(skb);
	}
	kunit_info(test, "%u messages, %u parsed, %u attributes checked\n",
		   NLT_ROUNDS, accepted, attrs);
	/* Both paths ran: some messages parse, most do not. */
	KUNIT_EXPECT_GT(test, accepted, 0U);
	KUNIT_EXPECT_GT(test, attrs, 0U);
	KUNIT_EXPECT_LT(test, accepted, NLT_ROUNDS);
}

/* One attribute at every length of the table: exactly the rule's passes. */
static void nlt_each_attr_each_length(struct kunit *test)
{
	struct nlattr *tb[SMB3K_A_MAX + 1];
	unsigned int i;
	char why[96];
	int type;

	for (type = 1; type <= SMB3K_A_MAX; type++) {
		if (nlt_rules[type].kind == NLT_NESTED || nlt_rules[type].kind == NLT_NONE)
			continue;
		for (i = 0; i < ARRAY_SIZE(nlt_lens) + 2; i++) {
			u32 len = i < ARRAY_SIZE(nlt_lens) ? nlt_lens[i] :
				  nlt_rules[type].max + i - ARRAY_SIZE(nlt_lens);
			struct sk_buff *skb = genlmsg_new(len + 64, GFP_KERNEL);
			struct nlattr *nla;
			void *hdr;

			KUNIT_ASSERT_NOT_NULL(test, skb);
			hdr = genlmsg_put(skb, 0, 0, &smb3k_genl_family, 0,
					  SMB3K_CMD_TREE_CONNECT);
			KUNIT_ASSERT_NOT_NULL(test, hdr);
			nla = __nla_reserve(skb, type, len);
			memset(nla_data(nla), nlt_rules[type].kind == NLT_STRING ? 'x' : 1, len);
			if (len && nlt_rules[type].kind == NLT_STRING)
				((char *)nla_data(nla))[len - 1] = 0;
			genlmsg_end(skb, hdr);
			if (!smb3k_upcall_parse(skb, tb) && tb[type] &&
			    !nlt_meets_rule(type, tb[type], why, sizeof(why)))
				KUNIT_FAIL(test, "attribute %d, %u bytes: %s", type, len, why);
			kfree_skb(skb);
		}
	}
}

/* A reply without a handle, or for no waiting upcall, is refused. */
static void nlt_reply_needs_waiter(struct kunit *test)
{
	struct nlattr *tb[SMB3K_A_MAX + 1];
	struct genlmsghdr ghdr = { .cmd = SMB3K_CMD_SESSION_SETUP };
	struct genl_info info = { .attrs = tb, .genlhdr = &ghdr };
	struct rnd_state st;
	unsigned int i;

	prandom_seed_state(&st, NLT_SEED + 1);
	for (i = 0; i < 2000; i++) {
		struct sk_buff *skb = genlmsg_new(64, GFP_KERNEL);
		bool with_handle = i % 4;
		void *hdr;
		int ret;

		KUNIT_ASSERT_NOT_NULL(test, skb);
		hdr = genlmsg_put(skb, 0, 0, &smb3k_genl_family, 0, ghdr.cmd);
		KUNIT_ASSERT_NOT_NULL(test, hdr);
		if (with_handle)
			KUNIT_ASSERT_EQ(test, nla_put_u32(skb, SMB3K_A_HANDLE,
							  prandom_u32_state(&st)), 0);
		genlmsg_end(skb, hdr);
		KUNIT_ASSERT_EQ(test, smb3k_upcall_parse(skb, tb), 0);
		ret = smb3k_upcall_reply(skb, &info);
		KUNIT_EXPECT_EQ(test, ret, with_handle ? -ENOENT : -EINVAL);
		kfree_skb(skb);
	}
}

static struct kunit_case smb3k_netlink_cases[] = {
	KUNIT_CASE(nlt_parse_meets_rules),
	KUNIT_CASE(nlt_each_attr_each_length),
	KUNIT_CASE(nlt_reply_needs_waiter),
	{}
};

static struct kunit_suite smb3k_netlink_suite = {
	.name = "smb3k_netlink",
	.test_cases = smb3k_netlink_cases,
};

kunit_test_suite(smb3k_netlink_suite);

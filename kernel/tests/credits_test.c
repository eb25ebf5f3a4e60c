// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the command sequence window and credit grants (credits.c,
 * MS-SMB2 3.3.1.1, 3.3.1.2, 3.3.5.2.3).
 */
#include <kunit/test.h>
#include <linux/random.h>
#include <linux/slab.h>

#include "../credits.h"

static void credits_initial_window_is_message_id_zero(struct kunit *test)
{
	struct smb3k_credits *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, c);
	smb3k_credits_init(c);
	KUNIT_EXPECT_FALSE(test, smb3k_credits_consume(c, 1, 1));
	KUNIT_EXPECT_TRUE(test, smb3k_credits_consume(c, 0, 1));
	/* Reused, and now below the window. */
	KUNIT_EXPECT_FALSE(test, smb3k_credits_consume(c, 0, 1));
	KUNIT_EXPECT_EQ(test, c->base, 1ULL);
	KUNIT_EXPECT_EQ(test, c->size, 0U);
	/* Nothing granted yet: even the next id is outside. */
	KUNIT_EXPECT_FALSE(test, smb3k_credits_consume(c, 1, 1));
}

static void credits_out_of_order_ids_slide_the_window(struct kunit *test)
{
	struct smb3k_credits *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, c);
	smb3k_credits_init(c);
	KUNIT_ASSERT_TRUE(test, smb3k_credits_consume(c, 0, 1));
	KUNIT_EXPECT_EQ(test, smb3k_credits_grant(c, 1, 10), (u16)10);
	/* Window [1, 11): use 5 first; the window cannot slide past 1 yet. */
	KUNIT_EXPECT_TRUE(test, smb3k_credits_consume(c, 5, 1));
	KUNIT_EXPECT_EQ(test, c->base, 1ULL);
	KUNIT_EXPECT_FALSE(test, smb3k_credits_consume(c, 5, 1));
	KUNIT_EXPECT_TRUE(test, smb3k_credits_consume(c, 1, 4));
	/* 1..5 used: the window now starts at 6 with 5 ids left. */
	KUNIT_EXPECT_EQ(test, c->base, 6ULL);
	KUNIT_EXPECT_EQ(test, c->size, 5U);
	KUNIT_EXPECT_FALSE(test, smb3k_credits_consume(c, 11, 1));
	KUNIT_EXPECT_TRUE(test, smb3k_credits_consume(c, 10, 1));
}

static void credits_multi_credit_charge_must_fit(struct kunit *test)
{
	struct smb3k_credits *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, c);
	smb3k_credits_init(c);
	KUNIT_ASSERT_TRUE(test, smb3k_credits_consume(c, 0, 1));
	smb3k_credits_grant(c, 1, 8);			/* [1, 9) */
	/* Charge 0 counts as 1 (SMB 2.0.2 requests carry no charge). */
	KUNIT_EXPECT_TRUE(test, smb3k_credits_consume(c, 1, 0));
	KUNIT_EXPECT_FALSE(test, smb3k_credits_consume(c, 7, 3));
	KUNIT_EXPECT_FALSE(test, smb3k_credits_consume(c, 2, 65535));
	/* A charge overlapping a used id takes nothing. */
	KUNIT_EXPECT_TRUE(test, smb3k_credits_consume(c, 5, 1));
	KUNIT_EXPECT_FALSE(test, smb3k_credits_consume(c, 4, 2));
	KUNIT_EXPECT_TRUE(test, smb3k_credits_consume(c, 2, 3));
	KUNIT_EXPECT_TRUE(test, smb3k_credits_consume(c, 6, 3));
	KUNIT_EXPECT_EQ(test, c->base, 9ULL);
	KUNIT_EXPECT_EQ(test, c->size, 0U);
}

static void credits_grant_is_capped(struct kunit *test)
{
	struct smb3k_credits *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, c);
	smb3k_credits_init(c);
	/* Asking for none still grants one, so the client can go on. */
	KUNIT_ASSERT_TRUE(test, smb3k_credits_consume(c, 0, 1));
	KUNIT_EXPECT_EQ(test, smb3k_credits_grant(c, 1, 0), (u16)1);
	KUNIT_EXPECT_EQ(test, smb3k_credits_grant(c, 1, 65535),
			(u16)(SMB3K_MAX_CREDITS - 1));
	KUNIT_EXPECT_EQ(test, c->size, (u32)SMB3K_MAX_CREDITS);
	/* Full: nothing more, and the window does not grow past the cap. */
	KUNIT_EXPECT_EQ(test, smb3k_credits_grant(c, 1, 100), (u16)0);
	KUNIT_EXPECT_EQ(test, c->size, (u32)SMB3K_MAX_CREDITS);
	KUNIT_EXPECT_FALSE(test, smb3k_credits_consume(c, 1 + SMB3K_MAX_CREDITS, 1));
	KUNIT_EXPECT_TRUE(test, smb3k_credits_consume(c, SMB3K_MAX_CREDITS, 1));
}

/*
 * Many windows' worth of ids, each batch used in a random order: the ring of
 * used bits (indexed modulo SMB3K_MAX_CREDITS) must never confuse an id with
 * the one a ring's length before it.
 */
static void credits_ring_wraps_many_times(struct kunit *test)
{
	struct smb3k_credits *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	const u32 batch = 512;
	u32 *order, i, j, round;
	u64 next = 1;

	KUNIT_ASSERT_NOT_NULL(test, c);
	order = kunit_kmalloc_array(test, batch, sizeof(*order), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, order);
	smb3k_credits_init(c);
	KUNIT_ASSERT_TRUE(test, smb3k_credits_consume(c, 0, 1));
	for (round = 0; round < 64; round++) {
		KUNIT_ASSERT_EQ(test, smb3k_credits_grant(c, 1, batch), (u16)batch);
		for (i = 0; i < batch; i++)
			order[i] = i;
		for (i = batch - 1; i > 0; i--) {
			j = get_random_u32_below(i + 1);
			swap(order[i], order[j]);
		}
		for (i = 0; i < batch; i++)
			KUNIT_ASSERT_TRUE(test, smb3k_credits_consume(c, next + order[i], 1));
		/* The id one ring before is long gone; the next is not granted. */
		KUNIT_EXPECT_FALSE(test, smb3k_credits_consume(c, next, 1));
		next += batch;
		KUNIT_EXPECT_EQ(test, c->base, next);
		KUNIT_EXPECT_FALSE(test, smb3k_credits_consume(c, next, 1));
	}
}

static struct kunit_case smb3k_credits_cases[] = {
	KUNIT_CASE(credits_initial_window_is_message_id_zero),
	KUNIT_CASE(credits_out_of_order_ids_slide_the_window),
	KUNIT_CASE(credits_multi_credit_charge_must_fit),
	KUNIT_CASE(credits_grant_is_capped),
	KUNIT_CASE(credits_ring_wraps_many_times),
	{}
};

static struct kunit_suite smb3k_credits_suite = {
	.name = "smb3k_credits",
	.test_cases = smb3k_credits_cases,
};

kunit_test_suite(smb3k_credits_suite);

// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the ChannelSequence rules of MS-SMB2 3.3.5.2.10 on an open's
 * counters (open.c): which requests count as outstanding, which are stale
 * (their WRITE, SET_INFO or IOCTL gets STATUS_FILE_NOT_AVAILABLE), with and
 * without SMB2_FLAGS_REPLAY_OPERATION, across 16-bit wrap-around.
 */
#include <kunit/test.h>
#include <linux/slab.h>

#include "../open.h"

static struct smb3k_open *cs_open(struct kunit *test, u16 seq)
{
	struct smb3k_open *op = kunit_kzalloc(test, sizeof(*op), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, op);
	spin_lock_init(&op->lock_seq_lock);
	op->channel_sequence = seq;
	return op;
}

/* Apply one request; expect its staleness and whether it counts. */
static void cs_expect(struct kunit *test, struct smb3k_open *op, u16 seq, bool replay,
		      bool stale, bool counted)
{
	bool c, s;

	spin_lock(&op->lock_seq_lock);
	s = smb3k_open_chan_seq_apply(op, seq, replay, &c);
	spin_unlock(&op->lock_seq_lock);
	KUNIT_EXPECT_EQ(test, s, stale);
	KUNIT_EXPECT_EQ(test, c, counted);
}

static void cs_done(struct smb3k_open *op, u16 seq)
{
	spin_lock(&op->lock_seq_lock);
	smb3k_open_chan_seq_done(op, seq);
	spin_unlock(&op->lock_seq_lock);
}

/* The same sequence counts; done takes it off again. */
static void cs_same_sequence(struct kunit *test)
{
	struct smb3k_open *op = cs_open(test, 5);

	cs_expect(test, op, 5, false, false, true);
	cs_expect(test, op, 5, false, false, true);
	KUNIT_EXPECT_EQ(test, op->outstanding, 2U);
	cs_done(op, 5);
	cs_done(op, 5);
	KUNIT_EXPECT_EQ(test, op->outstanding, 0U);
	KUNIT_EXPECT_EQ(test, op->outstanding_pre, 0U);
	/* Never below zero, whatever a broken caller does. */
	cs_done(op, 5);
	KUNIT_EXPECT_EQ(test, op->outstanding, 0U);
}

/* A newer sequence moves what is outstanding to the "pre" count. */
static void cs_newer_sequence(struct kunit *test)
{
	struct smb3k_open *op = cs_open(test, 1);

	cs_expect(test, op, 1, false, false, true);
	cs_expect(test, op, 1, false, false, true);
	cs_expect(test, op, 2, false, false, true);
	KUNIT_EXPECT_EQ(test, op->channel_sequence, 2);
	KUNIT_EXPECT_EQ(test, op->outstanding, 1U);
	KUNIT_EXPECT_EQ(test, op->outstanding_pre, 2U);
	/* The old ones finish: they leave the "pre" count. */
	cs_done(op, 1);
	cs_done(op, 1);
	KUNIT_EXPECT_EQ(test, op->outstanding_pre, 0U);
	cs_done(op, 2);
	KUNIT_EXPECT_EQ(test, op->outstanding, 0U);
}

/* An older sequence (16-bit difference above 0x7FFF) is stale. */
static void cs_older_sequence(struct kunit *test)
{
	struct smb3k_open *op = cs_open(test, 10);

	cs_expect(test, op, 9, false, true, false);
	cs_expect(test, op, 10 + 0x8000, false, true, false);
	KUNIT_EXPECT_EQ(test, op->channel_sequence, 10);
	KUNIT_EXPECT_EQ(test, op->outstanding, 0U);
	/* 0x7FFF ahead is still newer. */
	cs_expect(test, op, 10 + 0x7FFF, false, false, true);
	KUNIT_EXPECT_EQ(test, op->channel_sequence, 10 + 0x7FFF);
}

/* Sequences wrap at 16 bits: 0 follows 0xFFFF. */
static void cs_wraparound(struct kunit *test)
{
	struct smb3k_open *op = cs_open(test, 0xFFFF);

	cs_expect(test, op, 0, false, false, true);
	KUNIT_EXPECT_EQ(test, op->channel_sequence, 0);
	cs_expect(test, op, 0xFFFF, false, true, false);
}

/* A replay under the current sequence waits for no older requests. */
static void cs_replay_same(struct kunit *test)
{
	struct smb3k_open *op = cs_open(test, 3);

	cs_expect(test, op, 3, true, false, true);
	cs_done(op, 3);
	/* Requests of an older channel still outstanding: a replay is stale. */
	cs_expect(test, op, 3, false, false, true);
	cs_expect(test, op, 4, false, false, true);
	KUNIT_EXPECT_EQ(test, op->outstanding_pre, 1U);
	cs_expect(test, op, 4, true, true, false);
	cs_done(op, 3);
	cs_expect(test, op, 4, true, false, true);
}

/* A replay with a newer sequence: counted only with nothing older left. */
static void cs_replay_newer(struct kunit *test)
{
	struct smb3k_open *op = cs_open(test, 7);

	cs_expect(test, op, 8, true, false, true);
	KUNIT_EXPECT_EQ(test, op->outstanding, 1U);
	cs_expect(test, op, 8, false, false, true);
	cs_expect(test, op, 9, true, true, false);
	KUNIT_EXPECT_EQ(test, op->channel_sequence, 9);
	KUNIT_EXPECT_EQ(test, op->outstanding, 0U);
	KUNIT_EXPECT_EQ(test, op->outstanding_pre, 2U);
	cs_expect(test, op, 7, true, true, false);
}

static struct kunit_case channel_sequence_cases[] = {
	KUNIT_CASE(cs_same_sequence),
	KUNIT_CASE(cs_newer_sequence),
	KUNIT_CASE(cs_older_sequence),
	KUNIT_CASE(cs_wraparound),
	KUNIT_CASE(cs_replay_same),
	KUNIT_CASE(cs_replay_newer),
	{}
};

static struct kunit_suite channel_sequence_suite = {
	.name = "smb3k_channel_sequence",
	.test_cases = channel_sequence_cases,
};

kunit_test_suite(channel_sequence_suite);

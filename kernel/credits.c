// SPDX-License-Identifier: GPL-2.0
/*
 * Credits and the command sequence window (MS-SMB2 3.3.1.1, 3.3.1.2,
 * 3.3.5.2.3). A client may use each granted MessageId once; the window
 * starts as { 0 } and grows by what responses grant. The lowest ids slide
 * out once used. A request outside the window, or reusing an id, ends the
 * connection. A client never holds more than SMB3K_MAX_CREDITS.
 */
#include <linux/bitmap.h>

#include "credits.h"

/**
 * smb3k_credits_init() - the window of a new connection: MessageId 0
 * @c: the window
 */
void smb3k_credits_init(struct smb3k_credits *c)
{
	spin_lock_init(&c->lock);
	c->base = 0;
	c->size = 1;
	bitmap_zero(c->used, SMB3K_MAX_CREDITS);
}

static bool smb3k_credit_used(const struct smb3k_credits *c, u64 id)
{
	return test_bit(id % SMB3K_MAX_CREDITS, c->used);
}

/**
 * smb3k_credits_consume() - take MessageIds [@message_id, + @charge)
 * @c: the window
 * @message_id: MessageId of the request
 * @charge: ids it uses (CreditCharge, at least 1)
 *
 * Return: true when all were in the window and unused; false means the
 * connection must be dropped.
 */
bool smb3k_credits_consume(struct smb3k_credits *c, u64 message_id, u16 charge)
{
	bool ok = true;
	u64 id;

	if (!charge)
		charge = 1;
	spin_lock(&c->lock);
	if (message_id < c->base || message_id - c->base >= c->size ||
	    charge > c->size - (message_id - c->base)) {
		ok = false;
		goto out;
	}
	for (id = message_id; id < message_id + charge; id++) {
		if (smb3k_credit_used(c, id)) {
			ok = false;
			goto out;
		}
	}
	for (id = message_id; id < message_id + charge; id++)
		set_bit(id % SMB3K_MAX_CREDITS, c->used);
	while (c->size && smb3k_credit_used(c, c->base)) {
		clear_bit(c->base % SMB3K_MAX_CREDITS, c->used);
		c->base++;
		c->size--;
	}
out:
	spin_unlock(&c->lock);
	return ok;
}

/**
 * smb3k_credits_grant() - credits for a response
 * @c: the window
 * @charge: what the request cost
 * @requested: CreditRequest of the request
 *
 * Grants what was asked (at least one, so a client is never left without),
 * as far as the client stays within SMB3K_MAX_CREDITS.
 *
 * Return: CreditResponse.
 */
u16 smb3k_credits_grant(struct smb3k_credits *c, u16 charge, u16 requested)
{
	u32 want = max_t(u32, requested, 1), room;

	spin_lock(&c->lock);
	room = SMB3K_MAX_CREDITS - c->size;
	/* Never leave the client with nothing to send the next request with. */
	if (want > room)
		want = room;
	if (!want && c->size == 0)
		want = 1;
	c->size += want;
	spin_unlock(&c->lock);
	return want;
}

// SPDX-License-Identifier: GPL-2.0
#include "auth_session.h"

#include <stdlib.h>
#include <string.h>

#include "auth_crypto.h"
#include "log.h"
#include "ntlmssp.h"
#include "spnego.h"
#include "util.h"

enum exchange_state {
	AWAIT_NEGOTIATE,		/* SPNEGO chose NTLMSSP, no token yet */
	AWAIT_AUTHENTICATE,
};

struct auth_exchange {
	struct auth_exchange *next;
	uint64_t session_id;
	time_t last;
	enum exchange_state state;
	bool spnego;
	bool mic_required;		/* NTLMSSP was not the client's first mech */
	uint8_t *mech_types;		/* DER MechTypeList, for mechListMIC */
	size_t mech_types_len;
	struct ntlm_exchange ntlm;
};

static time_t mono_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

void auth_table_init(struct auth_table *t)
{
	memset(t, 0, sizeof(*t));
	t->now = mono_now;
}

static void exchange_free(struct auth_exchange *x)
{
	ntlm_exchange_free(&x->ntlm);
	free(x->mech_types);
	free(x);
}

void auth_table_free(struct auth_table *t)
{
	while (t->head) {
		struct auth_exchange *x = t->head;

		t->head = x->next;
		exchange_free(x);
	}
	t->n = 0;
}

/* Drop expired exchanges; unlink and return the one of session_id, if any. */
static struct auth_exchange *take(struct auth_table *t, uint64_t session_id)
{
	struct auth_exchange **pp = &t->head, *found = NULL;
	time_t now = t->now();

	while (*pp) {
		struct auth_exchange *x = *pp;

		if (x->session_id == session_id && !found) {
			*pp = x->next;
			t->n--;
			if (now - x->last > AUTH_EXPIRY_SEC) {
				log_info("auth: session %#llx: exchange expired",
					 (unsigned long long)session_id);
				exchange_free(x);
			} else {
				found = x;
			}
			continue;
		}
		if (now - x->last > AUTH_EXPIRY_SEC) {
			*pp = x->next;
			t->n--;
			exchange_free(x);
			continue;
		}
		pp = &x->next;
	}
	return found;
}

static void put(struct auth_table *t, struct auth_exchange *x)
{
	x->last = t->now();
	x->next = t->head;
	t->head = x;
	t->n++;
	if (t->n > AUTH_MAX_EXCHANGES) {
		struct auth_exchange **pp = &t->head;

		while ((*pp)->next)
			pp = &(*pp)->next;
		log_warn("auth: too many logons in progress, dropping session %#llx's",
			 (unsigned long long)(*pp)->session_id);
		exchange_free(*pp);
		*pp = NULL;
		t->n--;
	}
}

void auth_session_end(struct auth_table *t, uint64_t session_id)
{
	struct auth_exchange *x = take(t, session_id);

	if (x)
		exchange_free(x);
}

void auth_setup_out_free(struct auth_setup_out *out)
{
	free(out->blob);
	free(out->user);
	free(out->domain);
	memset(out, 0, sizeof(*out));
}

/* A negTokenResp into out->blob. */
static void resp_token(struct auth_setup_out *out, int state, bool mech,
		       const uint8_t *tok, size_t tok_len, const uint8_t *mic, size_t mic_len)
{
	size_t cap = tok_len + mic_len + 64, len;

	free(out->blob);
	out->blob = xmalloc(cap);
	if (spnego_build_neg_token_resp(out->blob, cap, &len, state,
					mech ? &spnego_oid_ntlmssp : NULL, tok, tok_len,
					mic, mic_len) != STATUS_SUCCESS) {
		free(out->blob);
		out->blob = NULL;
		out->status = STATUS_INTERNAL_ERROR;
		return;
	}
	out->blob_len = len;
}

static void fail(struct auth_setup_out *out, bool spnego, uint32_t status)
{
	out->status = status;
	if (spnego)
		resp_token(out, SPNEGO_REJECT, false, NULL, 0, NULL, 0);
	if (spnego && out->status == STATUS_INTERNAL_ERROR)
		out->status = status;
}

/* NEGOTIATE -> CHALLENGE; x stays for the next round trip. */
static bool do_negotiate(const struct ntlm_server_config *cfg, struct auth_exchange *x,
			 const uint8_t *tok, size_t len, bool with_mech,
			 struct auth_setup_out *out)
{
	uint8_t *chal;
	size_t chal_len;
	uint32_t st = ntlm_server_negotiate(cfg, &x->ntlm, tok, len, &chal, &chal_len);

	if (st != STATUS_SUCCESS) {
		fail(out, x->spnego, st);
		return false;
	}
	out->status = STATUS_MORE_PROCESSING_REQUIRED;
	if (x->spnego) {
		resp_token(out, SPNEGO_ACCEPT_INCOMPLETE, with_mech, chal, chal_len, NULL, 0);
		free(chal);
	} else {
		out->blob = chal;
		out->blob_len = chal_len;
	}
	x->state = AWAIT_AUTHENTICATE;
	return out->status == STATUS_MORE_PROCESSING_REQUIRED;
}

static bool do_authenticate(const struct ntlm_server_config *cfg, struct auth_exchange *x,
			    const uint8_t *tok, size_t len, const uint8_t *mic, size_t mic_len,
			    struct auth_setup_out *out)
{
	struct ntlm_result r;
	uint8_t our_mic[NTLM_SIGNATURE_SIZE];
	bool send_mic = false;

	ntlm_server_authenticate(cfg, &x->ntlm, tok, len, &r);
	if (r.status != STATUS_SUCCESS) {
		fail(out, x->spnego, r.status);
		ntlm_result_free(&r);
		return false;
	}
	if (x->spnego && r.have_key) {
		bool need = x->mic_required || r.auth_mic;
		bool ess = r.flags & NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY;
		bool kx = r.flags & NTLMSSP_NEGOTIATE_KEY_EXCH;
		uint8_t sign[16], seal[16], want[NTLM_SIGNATURE_SIZE];
		struct rc4_state rc4;

		if ((need && !mic) || (mic && (!ess || mic_len != NTLM_SIGNATURE_SIZE))) {
			log_notice("auth: user '%s': mechListMIC %s", r.user,
				   mic ? "unusable" : "missing");
			fail(out, true, STATUS_LOGON_FAILURE);
			ntlm_result_free(&r);
			return false;
		}
		if (mic) {
			ntlm_sign_key(r.exported_key, true, sign);
			ntlm_seal_key(r.exported_key, r.flags, true, seal);
			rc4_init(&rc4, seal, 16);
			ntlm_mac(sign, kx ? &rc4 : NULL, 0, x->mech_types, x->mech_types_len, want);
			if (!ct_equal(want, mic, NTLM_SIGNATURE_SIZE)) {
				log_notice("auth: user '%s': bad mechListMIC", r.user);
				fail(out, true, STATUS_LOGON_FAILURE);
				ntlm_result_free(&r);
				return false;
			}
			ntlm_sign_key(r.exported_key, false, sign);
			ntlm_seal_key(r.exported_key, r.flags, false, seal);
			rc4_init(&rc4, seal, 16);
			ntlm_mac(sign, kx ? &rc4 : NULL, 0, x->mech_types, x->mech_types_len,
				 our_mic);
			send_mic = true;
		}
	}
	out->status = STATUS_SUCCESS;
	if (x->spnego)
		resp_token(out, SPNEGO_ACCEPT_COMPLETED, false, NULL, 0,
			   send_mic ? our_mic : NULL, send_mic ? sizeof(our_mic) : 0);
	if (out->status != STATUS_SUCCESS) {
		ntlm_result_free(&r);
		return false;
	}
	if (r.have_key)
		memcpy(out->session_key, r.exported_key, 16);
	out->user = r.user;
	out->domain = r.domain;
	r.user = NULL;
	r.domain = NULL;
	out->uid = r.uid;
	out->gid = r.gid;
	out->session_flags = r.session_flags;
	ntlm_result_free(&r);
	return true;
}

/* First token of an exchange: negTokenInit or raw NEGOTIATE. */
static bool start(const struct ntlm_server_config *cfg, struct auth_exchange *x,
		  const uint8_t *blob, size_t len, struct auth_setup_out *out)
{
	struct spnego_neg_token_init init;

	if (ntlmssp_is_token(blob, len)) {
		x->spnego = false;
		return do_negotiate(cfg, x, blob, len, false, out);
	}
	x->spnego = true;
	if (spnego_parse_neg_token_init(blob, len, &init) != STATUS_SUCCESS) {
		log_info("auth: malformed negTokenInit");
		fail(out, true, STATUS_INVALID_PARAMETER);
		return false;
	}
	if (init.ntlmssp_index < 0) {
		log_info("auth: the client does not offer NTLMSSP");
		fail(out, true, STATUS_LOGON_FAILURE);
		return false;
	}
	x->mech_types = xmalloc(init.mech_types_len);
	memcpy(x->mech_types, init.mech_types, init.mech_types_len);
	x->mech_types_len = init.mech_types_len;
	x->mic_required = init.ntlmssp_index != 0;
	/* an optimistic token is for the first mech: only use it if that is ours */
	if (init.ntlmssp_index == 0 && init.mech_token &&
	    ntlmssp_is_token(init.mech_token, init.mech_token_len))
		return do_negotiate(cfg, x, init.mech_token, init.mech_token_len, true, out);
	x->state = AWAIT_NEGOTIATE;
	out->status = STATUS_MORE_PROCESSING_REQUIRED;
	resp_token(out, SPNEGO_ACCEPT_INCOMPLETE, true, NULL, 0, NULL, 0);
	return out->status == STATUS_MORE_PROCESSING_REQUIRED;
}

/* Second or third token. */
static bool next(const struct ntlm_server_config *cfg, struct auth_exchange *x,
		 const uint8_t *blob, size_t len, struct auth_setup_out *out, bool *done)
{
	struct spnego_neg_token_resp resp;
	const uint8_t *tok = blob;
	size_t tok_len = len;

	if (x->spnego) {
		if (spnego_parse_neg_token_resp(blob, len, &resp) != STATUS_SUCCESS ||
		    !resp.response_token) {
			log_info("auth: expected a negTokenResp with a token");
			fail(out, true, STATUS_INVALID_PARAMETER);
			return false;
		}
		if (resp.supported_mech) {
			struct der_tlv oid = {
				.tag = DER_TAG_OID,
				.value = resp.supported_mech,
				.len = resp.supported_mech_len,
			};

			if (!der_oid_equal(&oid, &spnego_oid_ntlmssp)) {
				fail(out, true, STATUS_INVALID_PARAMETER);
				return false;
			}
		}
		tok = resp.response_token;
		tok_len = resp.response_token_len;
	}
	if (!ntlmssp_is_token(tok, tok_len) ||
	    tok[8] != (x->state == AWAIT_NEGOTIATE ? NTLMSSP_NEGOTIATE : NTLMSSP_AUTHENTICATE)) {
		log_info("auth: unexpected NTLMSSP message order");
		fail(out, x->spnego, STATUS_INVALID_PARAMETER);
		return false;
	}
	if (x->state == AWAIT_NEGOTIATE)
		return do_negotiate(cfg, x, tok, tok_len, false, out);
	*done = true;
	return do_authenticate(cfg, x, tok, tok_len, x->spnego ? resp.mic : NULL,
			       x->spnego ? resp.mic_len : 0, out);
}

void auth_session_setup(struct auth_table *t, const struct ntlm_server_config *cfg,
			uint64_t session_id, const uint8_t *blob, size_t len,
			struct auth_setup_out *out)
{
	struct auth_exchange *x = take(t, session_id);
	bool keep, done = false;

	memset(out, 0, sizeof(*out));
	if (!len) {
		if (x)
			exchange_free(x);
		out->status = STATUS_INVALID_PARAMETER;
		return;
	}
	if (!x) {
		x = xcalloc(1, sizeof(*x));
		x->session_id = session_id;
		keep = start(cfg, x, blob, len, out);
	} else if (blob[0] == DER_TAG_APPLICATION(0) ||
		   (ntlmssp_is_token(blob, len) && blob[8] == NTLMSSP_NEGOTIATE &&
		    x->state == AWAIT_AUTHENTICATE)) {
		log_info("auth: session %#llx: new exchange in the middle of one",
			 (unsigned long long)session_id);
		fail(out, x->spnego, STATUS_INVALID_PARAMETER);
		keep = false;
	} else {
		keep = next(cfg, x, blob, len, out, &done) && !done;
	}
	if (keep)
		put(t, x);
	else
		exchange_free(x);
}

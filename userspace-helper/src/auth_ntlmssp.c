// SPDX-License-Identifier: GPL-2.0
#include "auth_ntlmssp.h"

#include <errno.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include <linux/smb3k.h>

#include "auth_crypto.h"
#include "log.h"
#include "ntlmssp.h"
#include "util.h"
#include "utf16.h"

#define NOBODY_ID	65534U
#define NTLM_NAME_MAX	256
/* Windows Server 2022 (10.0.20348), NTLMSSP_REVISION_W2K3 */
static const uint8_t server_version[8] = { 10, 0, 0x7c, 0x4f, 0, 0, 0, 0x0f };

/*
 * Flags echoed when the client asks for them. SEAL: SMB never seals with
 * NTLMSSP, but a client that asks for it (SMB3 encryption in Samba's
 * client) treats its absence as a downgrade; the sealing key exists
 * (MS-NLMP 3.4.5.3) for whoever needs it.
 */
#define ECHO_FLAGS (NTLMSSP_NEGOTIATE_UNICODE | NTLMSSP_REQUEST_TARGET | \
		    NTLMSSP_NEGOTIATE_SIGN | NTLMSSP_NEGOTIATE_SEAL | \
		    NTLMSSP_NEGOTIATE_ALWAYS_SIGN | \
		    NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY | NTLMSSP_NEGOTIATE_VERSION | \
		    NTLMSSP_NEGOTIATE_128 | NTLMSSP_NEGOTIATE_56 | NTLMSSP_NEGOTIATE_KEY_EXCH)

char *utf16le_to_utf8(const uint8_t *s, size_t len)
{
	char *out, *p;
	size_t i;

	if (len & 1)
		return NULL;
	out = xmalloc(len / 2 * 3 + 1);
	p = out;
	for (i = 0; i < len; i += 2) {
		uint32_t c = (uint32_t)s[i] | ((uint32_t)s[i + 1] << 8);

		if (c >= 0xD800 && c <= 0xDBFF && i + 3 < len) {
			uint32_t lo = (uint32_t)s[i + 2] | ((uint32_t)s[i + 3] << 8);

			if (lo < 0xDC00 || lo > 0xDFFF)
				goto bad;
			c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
			i += 2;
		} else if (c >= 0xD800 && c <= 0xDFFF) {
			goto bad;
		}
		if (!c)
			goto bad;
		if (c < 0x80) {
			*p++ = (char)c;
		} else if (c < 0x800) {
			*p++ = (char)(0xC0 | (c >> 6));
			*p++ = (char)(0x80 | (c & 0x3F));
		} else if (c < 0x10000) {
			*p++ = (char)(0xE0 | (c >> 12));
			*p++ = (char)(0x80 | ((c >> 6) & 0x3F));
			*p++ = (char)(0x80 | (c & 0x3F));
		} else {
			*p++ = (char)(0xF0 | (c >> 18));
			*p++ = (char)(0x80 | ((c >> 12) & 0x3F));
			*p++ = (char)(0x80 | ((c >> 6) & 0x3F));
			*p++ = (char)(0x80 | (c & 0x3F));
		}
	}
	*p = '\0';
	return out;
bad:
	free(out);
	return NULL;
}

/* A wire string as UTF-16LE (OEM strings: Latin-1 widened), malloc'ed. */
static uint8_t *wire_to_utf16(const struct ntlmssp_buf *b, bool unicode, size_t *len)
{
	uint8_t *out;
	size_t i;

	if (unicode) {
		out = xmalloc(b->len ? b->len : 1);
		if (b->len)
			memcpy(out, b->data, b->len);
		*len = b->len;
		return out;
	}
	out = xmalloc(b->len ? 2 * (size_t)b->len : 1);
	for (i = 0; i < b->len; i++) {
		out[2 * i] = b->data[i];
		out[2 * i + 1] = 0;
	}
	*len = 2 * (size_t)b->len;
	return out;
}

static size_t put_utf16(const char *s, uint8_t *out, size_t cap)
{
	ssize_t n = utf8_to_utf16le(s ? s : "", s ? strlen(s) : 0, out, cap);

	return n < 0 ? 0 : (size_t)n;
}

static uint64_t filetime_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ((uint64_t)ts.tv_sec + 11644473600ULL) * 10000000ULL +
	       (uint64_t)ts.tv_nsec / 100;
}

uint32_t ntlm_server_negotiate(const struct ntlm_server_config *cfg, struct ntlm_exchange *ex,
			       const uint8_t *msg, size_t len, uint8_t **out, size_t *out_len)
{
	struct ntlmssp_challenge_params p = { 0 };
	struct ntlmssp_negotiate neg;
	uint8_t name[64], nb[64], dnsc[512], dnsd[512], ts[8], info[1280];
	size_t name_len, nb_len, dnsc_len, dnsd_len, pos = 0, cap;
	uint32_t flags;
	uint8_t *buf;

	if (ntlmssp_parse_negotiate(msg, len, &neg) != STATUS_SUCCESS)
		return STATUS_INVALID_PARAMETER;
	flags = (neg.flags & ECHO_FLAGS) | NTLMSSP_NEGOTIATE_NTLM |
		NTLMSSP_NEGOTIATE_TARGET_INFO | NTLMSSP_TARGET_TYPE_SERVER;
	if (!(flags & NTLMSSP_NEGOTIATE_UNICODE))
		flags |= NTLMSSP_NEGOTIATE_OEM;
	/* both 128 and 56 asked: 128 wins (MS-NLMP 2.2.2.5) */
	if (flags & NTLMSSP_NEGOTIATE_128)
		flags &= ~NTLMSSP_NEGOTIATE_56;

	if (cfg->fixed_challenge)
		memcpy(ex->challenge, cfg->fixed_challenge, 8);
	else if (getrandom(ex->challenge, 8, 0) != 8)
		return STATUS_INTERNAL_ERROR;

	nb_len = put_utf16(cfg->netbios_name, nb, sizeof(nb));
	dnsc_len = put_utf16(cfg->dns_computer, dnsc, sizeof(dnsc));
	dnsd_len = put_utf16(cfg->dns_domain, dnsd, sizeof(dnsd));
	if (flags & NTLMSSP_NEGOTIATE_UNICODE) {
		memcpy(name, nb, nb_len);
		name_len = nb_len;
	} else {
		name_len = strlen(cfg->netbios_name);
		if (name_len > sizeof(name))
			name_len = sizeof(name);
		memcpy(name, cfg->netbios_name, name_len);
	}
	{
		uint64_t t = cfg->fixed_time ? cfg->fixed_time : filetime_now();
		int i;

		for (i = 0; i < 8; i++)
			ts[i] = (uint8_t)(t >> (8 * i));
	}
	if (ntlmssp_av_put(info, sizeof(info), &pos, MSV_AV_NB_DOMAIN_NAME, nb, nb_len) ||
	    ntlmssp_av_put(info, sizeof(info), &pos, MSV_AV_NB_COMPUTER_NAME, nb, nb_len) ||
	    ntlmssp_av_put(info, sizeof(info), &pos, MSV_AV_DNS_DOMAIN_NAME, dnsd, dnsd_len) ||
	    ntlmssp_av_put(info, sizeof(info), &pos, MSV_AV_DNS_COMPUTER_NAME, dnsc, dnsc_len) ||
	    ntlmssp_av_put(info, sizeof(info), &pos, MSV_AV_TIMESTAMP, ts, 8) ||
	    ntlmssp_av_put(info, sizeof(info), &pos, MSV_AV_EOL, NULL, 0))
		return STATUS_INTERNAL_ERROR;

	p.flags = flags;
	p.challenge = ex->challenge;
	p.target_name = name;
	p.target_name_len = name_len;
	p.target_info = info;
	p.target_info_len = pos;
	p.version = server_version;
	cap = NTLMSSP_CHALLENGE_HDR_LEN + name_len + pos;
	buf = xmalloc(cap);
	if (ntlmssp_build_challenge(buf, cap, out_len, &p) != STATUS_SUCCESS) {
		free(buf);
		return STATUS_INTERNAL_ERROR;
	}
	ntlm_exchange_free(ex);
	ex->flags = flags;
	ex->negotiate = xmalloc(len);
	memcpy(ex->negotiate, msg, len);
	ex->negotiate_len = len;
	ex->challenge_msg = xmalloc(*out_len);
	memcpy(ex->challenge_msg, buf, *out_len);
	ex->challenge_len = *out_len;
	*out = buf;
	return STATUS_SUCCESS;
}

void ntlm_exchange_free(struct ntlm_exchange *ex)
{
	uint8_t ch[8];

	memcpy(ch, ex->challenge, 8);
	free(ex->negotiate);
	free(ex->challenge_msg);
	memset(ex, 0, sizeof(*ex));
	memcpy(ex->challenge, ch, 8);
}

void ntlm_result_free(struct ntlm_result *res)
{
	free(res->user);
	free(res->domain);
	memset(res, 0, sizeof(*res));
}

static void unix_ids(const char *name, const char *guest, uint32_t *uid, uint32_t *gid)
{
	struct passwd *pw = name ? getpwnam(name) : NULL;

	if (!pw && guest)
		pw = getpwnam(guest);
	*uid = pw ? (uint32_t)pw->pw_uid : NOBODY_ID;
	*gid = pw ? (uint32_t)pw->pw_gid : NOBODY_ID;
}

static void make_guest(const struct ntlm_server_config *cfg, struct ntlm_result *res,
		       char *domain)
{
	res->status = STATUS_SUCCESS;
	res->session_flags = SMB3K_SESSION_IS_GUEST;
	res->have_key = false;
	memset(res->exported_key, 0, 16);
	free(res->user);
	res->user = xstrdup(cfg->guest_account ? cfg->guest_account : "nobody");
	res->domain = domain;
	unix_ids(NULL, cfg->guest_account, &res->uid, &res->gid);
}

/* MIC = HMAC_MD5(ExportedSessionKey, NEGOTIATE || CHALLENGE || AUTHENTICATE'). */
static bool check_auth_mic(const struct ntlm_exchange *ex, const uint8_t *msg, size_t len,
			   const uint8_t key[16])
{
	uint8_t *copy = xmalloc(len), mic[16];
	bool ok;

	memcpy(copy, msg, len);
	memset(copy + NTLMSSP_MIC_OFFSET, 0, NTLMSSP_MIC_LEN);
	hmac_md5(key, 16, ex->negotiate, ex->negotiate_len, ex->challenge_msg,
		 ex->challenge_len, copy, len, mic);
	ok = ct_equal(mic, msg + NTLMSSP_MIC_OFFSET, 16);
	free(copy);
	return ok;
}

/* Anonymous: exported key from a zero SessionBaseKey (for the SPNEGO MIC). */
static void anonymous(const struct ntlm_exchange *ex, const struct ntlmssp_authenticate *a,
		      struct ntlm_result *res, char *domain)
{
	struct rc4_state rc4;

	res->status = STATUS_SUCCESS;
	res->session_flags = SMB3K_SESSION_IS_NULL;
	res->user = xstrdup("");
	res->domain = domain;
	res->uid = NOBODY_ID;
	res->gid = NOBODY_ID;
	memset(res->exported_key, 0, 16);
	if ((res->flags & NTLMSSP_NEGOTIATE_KEY_EXCH) && a->session_key.len == 16) {
		rc4_init(&rc4, res->exported_key, 16);
		rc4_crypt(&rc4, a->session_key.data, res->exported_key, 16);
	}
	(void)ex;
}

void ntlm_server_authenticate(const struct ntlm_server_config *cfg,
			      const struct ntlm_exchange *ex, const uint8_t *msg, size_t len,
			      struct ntlm_result *res)
{
	struct ntlmssp_authenticate a;
	struct ntlmssp_v2_response v2;
	const struct passdb_user *u;
	uint8_t *user16 = NULL, *dom16 = NULL, ntowf[16], proof[16], base[16];
	size_t user16_len = 0, dom16_len = 0;
	char *user = NULL, *domain = NULL;
	const uint8_t *avf;
	uint16_t avf_len;
	bool unicode, matched = false;
	int attempt;

	memset(res, 0, sizeof(*res));
	res->status = STATUS_LOGON_FAILURE;
	if (ntlmssp_parse_authenticate(msg, len, &a) != STATUS_SUCCESS) {
		log_info("ntlmssp: malformed AUTHENTICATE_MESSAGE");
		res->status = STATUS_INVALID_PARAMETER;
		return;
	}
	res->flags = a.flags & ex->flags;
	unicode = ex->flags & NTLMSSP_NEGOTIATE_UNICODE;
	user16 = wire_to_utf16(&a.user, unicode, &user16_len);
	dom16 = wire_to_utf16(&a.domain, unicode, &dom16_len);
	user = utf16le_to_utf8(user16, user16_len);
	domain = utf16le_to_utf8(dom16, dom16_len);
	/* the kernel takes at most NTLM_NAME_MAX bytes (SMB3K_A_USER_*) */
	if (!user || !domain || strlen(user) > NTLM_NAME_MAX || strlen(domain) > NTLM_NAME_MAX) {
		log_info("ntlmssp: user or domain name is not valid UTF-16 or too long");
		res->status = STATUS_INVALID_PARAMETER;
		goto out;
	}

	if (!a.user.len && !a.nt.len && a.lm.len <= 1) {
		anonymous(ex, &a, res, domain);
		domain = NULL;
		log_info("ntlmssp: anonymous logon");
		goto out;
	}
	if (a.nt.len == 24 || (!a.nt.len && a.lm.len)) {
		log_notice("ntlmssp: refusing NTLMv1/LM authentication of '%s\\%s'", domain, user);
		goto out;
	}
	if (ntlmssp_parse_v2_response(a.nt.data, a.nt.len, &v2) != STATUS_SUCCESS) {
		/* A broken AV pair list is a malformed request (Samba bug 14932). */
		log_info("ntlmssp: malformed NTLMv2 response from '%s\\%s'", domain, user);
		res->status = STATUS_INVALID_PARAMETER;
		goto out;
	}

	u = passdb_find(cfg->db, user);
	if (!u) {
		if (cfg->map_to_guest != MAP_TO_GUEST_NEVER) {
			log_info("ntlmssp: unknown user '%s': guest", user);
			make_guest(cfg, res, domain);
			domain = NULL;
		} else {
			log_notice("ntlmssp: unknown user '%s\\%s'", domain, user);
		}
		goto out;
	}
	/* the client's domain first, then none, as Windows does */
	for (attempt = 0; attempt < 2 && !matched; attempt++) {
		if (attempt == 1 && !dom16_len)
			break;
		ntowf_v2(u->nt_hash, user16, user16_len, dom16, attempt ? 0 : dom16_len, ntowf);
		hmac_md5(ntowf, 16, ex->challenge, 8, v2.blob, v2.blob_len, NULL, 0, proof);
		matched = ct_equal(proof, v2.proof, 16);
	}
	if (!matched) {
		if (cfg->map_to_guest == MAP_TO_GUEST_BAD_PASSWORD) {
			log_info("ntlmssp: bad password for '%s': guest", u->name);
			make_guest(cfg, res, domain);
			domain = NULL;
		} else {
			log_notice("ntlmssp: bad password for '%s\\%s'", domain, user);
		}
		goto out;
	}
	if (u->flags & PASSDB_FLAG_DISABLED) {
		log_notice("ntlmssp: user '%s' is disabled", u->name);
		res->status = STATUS_ACCOUNT_DISABLED;
		goto out;
	}

	/* SessionBaseKey = KeyExchangeKey (NTLMv2) */
	hmac_md5(ntowf, 16, proof, 16, NULL, 0, NULL, 0, base);
	if (res->flags & NTLMSSP_NEGOTIATE_KEY_EXCH) {
		struct rc4_state rc4;

		if (a.session_key.len != 16) {
			log_info("ntlmssp: KEY_EXCH without a 16-byte session key");
			res->status = STATUS_INVALID_PARAMETER;
			goto out;
		}
		rc4_init(&rc4, base, 16);
		rc4_crypt(&rc4, a.session_key.data, res->exported_key, 16);
	} else {
		memcpy(res->exported_key, base, 16);
	}
	if (ntlmssp_av_find(v2.av_pairs, v2.av_len, MSV_AV_FLAGS, &avf, &avf_len) ==
	    STATUS_SUCCESS && avf_len == 4 && (avf[0] & MSV_AV_FLAG_MIC_PRESENT)) {
		if (!a.mic_possible || !check_auth_mic(ex, msg, len, res->exported_key)) {
			log_notice("ntlmssp: bad MIC in AUTHENTICATE of '%s'", u->name);
			memset(res->exported_key, 0, 16);
			goto out;
		}
		res->auth_mic = true;
	}
	res->status = STATUS_SUCCESS;
	res->have_key = true;
	res->user = xstrdup(u->name);
	res->domain = domain;
	domain = NULL;
	unix_ids(u->name, cfg->guest_account, &res->uid, &res->gid);
	log_info("ntlmssp: '%s' logged on", u->name);
out:
	memset(ntowf, 0, sizeof(ntowf));
	memset(base, 0, sizeof(base));
	free(user16);
	free(dom16);
	free(user);
	free(domain);
}

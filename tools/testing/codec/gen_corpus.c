// SPDX-License-Identifier: GPL-2.0
/* Writes the seed corpora under corpus/<target>/ (run: make corpus). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "msgbuild.h"
#include "spnego.h"

static const char *dir = "corpus";

static void put(const char *target, const char *name, const u8 *b, size_t len)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, target);
	mkdir(dir, 0755);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/%s/%s", dir, target, name);
	f = fopen(path, "wb");
	if (!f || fwrite(b, 1, len, f) != len || fclose(f)) {
		perror(path);
		exit(1);
	}
}

static void negotiate_seeds(void)
{
	static const u16 d202[] = { 0x0202 };
	static const u16 d3x[] = { 0x0202, 0x0210, 0x0300, 0x0302 };
	static const u16 d311[] = { 0x0311 };
	static const u16 sha[] = { 1 }, ciph[] = { 1, 2 }, rdma[] = { 1, 2 };
	static const u8 transport[] = { 1, 0, 0, 0 };
	u8 b[1024], pre[64], enc[16], rd[16];
	struct mb_ctx ctx[4] = {
		{ 1, pre, 0 }, { 2, enc, 0 }, { 7, rd, 0 }, { 6, transport, 4 },
	};
	size_t l;

	l = mb_win11_negotiate(b, sizeof(b));
	put("fuzz_negotiate", "win11", b, l);
	l = mb_negotiate(b, sizeof(b), d202, 1, 1, 0, NULL, 0);
	put("fuzz_negotiate", "smb202", b, l);
	l = mb_negotiate(b, sizeof(b), d3x, 4, 2, 0x7f, NULL, 0);
	put("fuzz_negotiate", "smb3x", b, l);
	ctx[0].len = mb_preauth(pre, sha, 1, 32);
	ctx[1].len = mb_id_list(enc, ciph, 2);
	ctx[2].len = 8 + 4;
	memset(rd, 0, sizeof(rd));
	rd[0] = 2;
	rd[8] = (u8)rdma[0];
	rd[10] = (u8)rdma[1];
	l = mb_negotiate(b, sizeof(b), d311, 1, 1, 0, ctx, 4);
	put("fuzz_negotiate", "smb311_rdma_transport", b, l);
	l = mb_negotiate(b, sizeof(b), d311, 1, 1, 0, ctx, 1);
	put("fuzz_negotiate", "smb311_preauth_only", b, l);

	put("fuzz_smb2_header", "negotiate", b, 64);
	mb_smb2_hdr(b, 5, 9);
	mb_smb2_hdr(b + 128, 6, 10);
	b[20] = 128;
	put("fuzz_smb2_header", "compound", b, 200);
	mb_smb2_hdr(b, 12, 3);
	b[16] = 2;
	put("fuzz_smb2_header", "async_cancel", b, 64);
}

static void smb1_seeds(void)
{
	static const char *const only202[] = { "NT LM 0.12", "SMB 2.002" };
	static const char *const smb1only[] = { "PC NETWORK PROGRAM 1.0", "NT LM 0.12" };
	u8 b[512];
	size_t l;

	l = mb_smb1_windows(b, sizeof(b));
	put("fuzz_smb1_negotiate", "windows", b, l);
	l = mb_smb1_negotiate(b, sizeof(b), only202, 2, 1);
	put("fuzz_smb1_negotiate", "only202", b, l);
	l = mb_smb1_negotiate(b, sizeof(b), smb1only, 2, 2);
	put("fuzz_smb1_negotiate", "smb1only", b, l);
}

static void spnego_seeds(void)
{
	static const struct spnego_oid *const ntlm[] = { &spnego_oid_ntlmssp };
	static const struct spnego_oid *const all[] = {
		&spnego_oid_ms_krb5, &spnego_oid_krb5, &spnego_oid_ntlmssp,
	};
	u8 b[256];
	size_t l;

	if (spnego_build_neg_token_init(b, sizeof(b), &l, ntlm, 1, NULL))
		exit(1);
	put("fuzz_spnego_der", "ntlm", b, l);
	if (spnego_build_neg_token_init(b, sizeof(b), &l, all, 3, SPNEGO_HINT_NAME))
		exit(1);
	put("fuzz_spnego_der", "krb_ntlm_hints", b, l);
}

/* TRANSFORM_HEADER messages written from 2.2.41 by hand, not by the codec. */
static void transform_seeds(void)
{
	u8 b[52 + 80];
	int i;

	memset(b, 0, sizeof(b));
	b[0] = 0xfd;
	b[1] = 'S';
	b[2] = 'M';
	b[3] = 'B';
	for (i = 0; i < 16; i++)
		b[4 + i] = (u8)(0x80 + i);	/* Signature */
	for (i = 0; i < 11; i++)
		b[20 + i] = (u8)(0x10 + i);	/* AES_CCM_Nonce */
	b[36] = 80;				/* OriginalMessageSize */
	b[42] = 1;				/* Flags: Encrypted */
	b[44] = 0x01;				/* SessionId */
	b[49] = 0x40;
	for (i = 0; i < 80; i++)
		b[52 + i] = (u8)(i * 13);
	put("fuzz_smb2_transform", "ccm", b, sizeof(b));
	b[31] = 0x1b;				/* AES_GCM_Nonce: 12 bytes */
	b[36] = 1;
	put("fuzz_smb2_transform", "gcm_1byte", b, 53);
}

/* OPLOCK_BREAK acknowledgments written from 2.2.24.1/2.2.24.2 by hand. */
static void oplock_seeds(void)
{
	u8 b[64 + 36];
	int i;

	mb_smb2_hdr(b, 0x12, 21);		/* OPLOCK_BREAK */
	memset(b + 64, 0, 36);
	b[64] = 24;				/* StructureSize */
	b[66] = 0x01;				/* OplockLevel: II */
	for (i = 0; i < 16; i++)
		b[72 + i] = (u8)(0x31 + i);	/* FileId */
	put("fuzz_oplock", "oplock_ack", b, 64 + 24);
	memset(b + 64, 0, 36);
	b[64] = 36;				/* StructureSize */
	for (i = 0; i < 16; i++)
		b[72 + i] = (u8)(0xc0 + i);	/* LeaseKey */
	b[88] = 0x03;				/* LeaseState: R|H */
	put("fuzz_oplock", "lease_ack", b, 64 + 36);
	put("fuzz_oplock", "lease_ack_short", b, 64 + 24);
}

int main(int argc, char **argv)
{
	if (argc > 1)
		dir = argv[1];
	negotiate_seeds();
	smb1_seeds();
	spnego_seeds();
	transform_seeds();
	oplock_seeds();
	return 0;
}

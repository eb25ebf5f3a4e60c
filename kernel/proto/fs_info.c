// SPDX-License-Identifier: GPL-2.0
/*
 * fs_info.c - file system information classes (MS-FSCC 2.5) for
 * QUERY_INFO (MS-FSA 2.1.5.13, MS-SMB2 3.3.5.20.2).
 */
#include "smb2_info.h"

#define FS_VOLUME_LABEL_OFF	18	/* FILE_FS_VOLUME_INFORMATION.VolumeLabel */
#define FS_VOLUME_MIN		24	/* BlockAlign(FS_VOLUME_LABEL_OFF, 8) */
#define FS_VOLUME_LABEL_MAX	64	/* 2.5.9: at most 32 characters */
#define FS_SIZE_SIZE		24
#define FS_DEVICE_SIZE		8
#define FS_ATTRIBUTE_NAME_OFF	12	/* FILE_FS_ATTRIBUTE_INFORMATION.FileSystemName */
#define FS_FULL_SIZE_SIZE	32
#define FS_OBJECTID_SIZE	64	/* ObjectId (16), ExtendedInfo (48) */
#define FS_SECTOR_SIZE_SIZE	28

#define FS_DEFAULT_SECTOR	512
#define FS_PAGE_SIZE		4096	/* SystemPageSize of MS-FSA 2.1.5.13.10 */
#define FS_MAX_COMPONENT	255	/* 2.5.1: MaximumComponentNameLength */
#define S64_MAX_AS_U64		0x7FFFFFFFFFFFFFFFULL

/*
 * MS-SMB2 3.3.5.20.2: FileSystemAttributes bits a server SHOULD clear. Like
 * Windows (<422>) the cleanup-result and POSIX unlink/rename bits are kept.
 */
#define FS_ATTRS_HIDDEN	(FILE_SUPPORTS_USN_JOURNAL | FILE_SUPPORTS_OPEN_BY_FILE_ID | \
			 FILE_SUPPORTS_TRANSACTIONS)

/**
 * smb2_fs_info_min_size() - smallest OutputBufferLength for a class
 * @cls: FsInformationClass
 *
 * The sizes MS-FSA 2.1.5.13 checks the output buffer against, for the
 * classes smb2_fs_info_encode() handles.
 *
 * Return: bytes, or 0 for a class the encoder does not handle.
 */
u32 smb2_fs_info_min_size(u8 cls)
{
	switch (cls) {
	case FileFsVolumeInformation:
		return FS_VOLUME_MIN;
	case FileFsSizeInformation:
		return FS_SIZE_SIZE;
	case FileFsDeviceInformation:
		return FS_DEVICE_SIZE;
	case FileFsAttributeInformation:
		return FS_ATTRIBUTE_NAME_OFF;	/* BlockAlign(12, 4) */
	case FileFsFullSizeInformation:
		return FS_FULL_SIZE_SIZE;
	case FileFsObjectIdInformation:
		return FS_OBJECTID_SIZE;
	case FileFsSectorSizeInformation:
		return FS_SECTOR_SIZE_SIZE;
	default:
		return 0;
	}
}

/*
 * 2.5: LOCAL classes and FileFsControlInformation (no quotas) are not
 * supported (MS-SMB2 3.3.5.20.2); anything else is not a class.
 */
static u32 fs_unhandled_class_status(u8 cls)
{
	switch (cls) {
	case FileFsLabelInformation:
	case FileFsControlInformation:
	case 9:		/* FileFsDriverPathInformation */
	case 10:	/* FileFsVolumeFlagsInformation */
		return STATUS_NOT_SUPPORTED;
	default:
		return STATUS_INVALID_INFO_CLASS;
	}
}

static u64 nonneg(u64 v)
{
	return v > S64_MAX_AS_U64 ? S64_MAX_AS_U64 : v;
}

/*
 * Copy a UTF-16 string after a fixed part of @off bytes, cut to the even
 * number of bytes that fit (MS-FSA 2.1.5.13.1 / 2.1.5.13.5).
 */
static u32 put_tail(u8 *out, u32 cap, u32 off, const u8 *s, u32 n, u32 *len)
{
	u32 room = (cap - off) & ~1U;
	u32 c = n < room ? n : room;

	if (c)
		memcpy(out + off, s, c);
	*len = off + c;
	return c < n ? STATUS_BUFFER_OVERFLOW : STATUS_SUCCESS;
}

/* FILE_FS_VOLUME_INFORMATION, 2.5.9 */
static u32 put_volume(const struct fscc_fs_stat *fs, u8 *out, u32 cap, u32 *len)
{
	u32 n = fs->volume_label ? fs->volume_label_len : 0;

	if (n > FS_VOLUME_LABEL_MAX)
		n = FS_VOLUME_LABEL_MAX;	/* first 32 characters, success */
	n &= ~1U;
	put_le64(out, nonneg(fs->volume_creation_time));
	put_le32(out + 8, fs->volume_serial);
	put_le32(out + 12, n);
	out[16] = !!(fs->fs_attributes & FILE_SUPPORTS_OBJECT_IDS);
	out[17] = 0;
	return put_tail(out, cap, FS_VOLUME_LABEL_OFF, fs->volume_label, n, len);
}

/* FILE_FS_ATTRIBUTE_INFORMATION, 2.5.1 */
static u32 put_attribute(const struct fscc_fs_stat *fs, u8 *out, u32 cap, u32 *len)
{
	u32 n = fs->fs_name ? fs->fs_name_len : 0;
	u32 maxlen = fs->max_name_len;

	if (!maxlen || maxlen > FS_MAX_COMPONENT)
		maxlen = FS_MAX_COMPONENT;
	put_le32(out, fs->fs_attributes & ~FS_ATTRS_HIDDEN);
	put_le32(out + 4, maxlen);
	put_le32(out + 8, n);
	return put_tail(out, cap, FS_ATTRIBUTE_NAME_OFF, fs->fs_name, n, len);
}

/* FILE_FS_DEVICE_INFORMATION, 2.5.10: a mounted disk */
static void put_device(const struct fscc_fs_stat *fs, u8 *out)
{
	u32 ch = FILE_DEVICE_IS_MOUNTED;

	if (fs->fs_attributes & FILE_READ_ONLY_VOLUME)
		ch |= FILE_READ_ONLY_DEVICE;
	put_le32(out, FILE_DEVICE_DISK);
	put_le32(out + 4, ch);
}

/*
 * FILE_FS_SECTOR_SIZE_INFORMATION, 2.5.7 / MS-FSA 2.1.5.13.10, for a
 * device whose partition and first sector are aligned and about which
 * nothing else is known (no seek-penalty or TRIM flags).
 */
static void put_sector_size(const struct fscc_fs_stat *fs, u8 *out)
{
	u32 logical = fs->bytes_per_sector ? fs->bytes_per_sector : FS_DEFAULT_SECTOR;
	u32 phys = fs->physical_bytes_per_sector;

	if (!phys || (phys & (phys - 1)) || phys < logical || phys % logical)
		phys = logical;
	put_le32(out, logical);
	put_le32(out + 4, phys);			/* ...ForAtomicity */
	put_le32(out + 8, phys);			/* ...ForPerformance */
	put_le32(out + 12, phys > FS_PAGE_SIZE ? FS_PAGE_SIZE : phys);
	put_le32(out + 16, SSINFO_FLAGS_ALIGNED_DEVICE |
		 SSINFO_FLAGS_PARTITION_ALIGNED_ON_DEVICE);
	put_le32(out + 20, 0);				/* ByteOffsetForSectorAlignment */
	put_le32(out + 24, 0);				/* ByteOffsetForPartitionAlignment */
}

/**
 * smb2_fs_info_encode() - encode a file system information class
 * @cls: FsInformationClass
 * @fs: the volume
 * @out: output buffer (the response's Buffer)
 * @cap: its size, normally min(OutputBufferLength, room in the response)
 * @len: set to the bytes written (also on STATUS_BUFFER_OVERFLOW; 0 on error)
 *
 * Handles FileFsVolume, Size, Device, Attribute, FullSize, ObjectId and
 * SectorSize information (MS-FSCC 2.5). The class is checked before the
 * length. Volume labels longer than 32 characters are cut without error
 * (2.5.9); FileSystemAttributes lose the bits of MS-SMB2 3.3.5.20.2.
 *
 * Return: STATUS_SUCCESS; STATUS_BUFFER_OVERFLOW with the volume label or
 * file system name cut; STATUS_INFO_LENGTH_MISMATCH when @cap is below
 * smb2_fs_info_min_size(); STATUS_NOT_SUPPORTED or
 * STATUS_INVALID_INFO_CLASS for other classes.
 */
u32 smb2_fs_info_encode(u8 cls, const struct fscc_fs_stat *fs, u8 *out, u32 cap, u32 *len)
{
	u32 need = smb2_fs_info_min_size(cls);

	*len = 0;
	if (!need)
		return fs_unhandled_class_status(cls);
	if (cap < need)
		return STATUS_INFO_LENGTH_MISMATCH;

	switch (cls) {
	case FileFsVolumeInformation:
		return put_volume(fs, out, cap, len);
	case FileFsSizeInformation:
		put_le64(out, nonneg(fs->total_units));
		put_le64(out + 8, nonneg(fs->caller_avail_units));
		put_le32(out + 16, fs->sectors_per_unit);
		put_le32(out + 20, fs->bytes_per_sector);
		*len = FS_SIZE_SIZE;
		return STATUS_SUCCESS;
	case FileFsDeviceInformation:
		put_device(fs, out);
		*len = FS_DEVICE_SIZE;
		return STATUS_SUCCESS;
	case FileFsAttributeInformation:
		return put_attribute(fs, out, cap, len);
	case FileFsFullSizeInformation:
		put_le64(out, nonneg(fs->total_units));
		put_le64(out + 8, nonneg(fs->caller_avail_units));
		put_le64(out + 16, nonneg(fs->actual_avail_units));
		put_le32(out + 24, fs->sectors_per_unit);
		put_le32(out + 28, fs->bytes_per_sector);
		*len = FS_FULL_SIZE_SIZE;
		return STATUS_SUCCESS;
	case FileFsObjectIdInformation:
		memcpy(out, fs->object_id, 16);
		memset(out + 16, 0, FS_OBJECTID_SIZE - 16);	/* ExtendedInfo */
		*len = FS_OBJECTID_SIZE;
		return STATUS_SUCCESS;
	case FileFsSectorSizeInformation:
		put_sector_size(fs, out);
		*len = FS_SECTOR_SIZE_SIZE;
		return STATUS_SUCCESS;
	default:
		return fs_unhandled_class_status(cls);
	}
}
